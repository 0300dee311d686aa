// ferry restore | validate | rollback --from MEDIUM [--stack FILE] [--root DIR]
//   [--component NAME] (restore and validate)
// (seed Phases 5 and 6 and the rollback procedures): one file, because the
// three share their options and differ only in the phase they run.
#include "cli/command.h"
#include "phases/restore.h"

namespace ferry::cli {
namespace {

using PhaseFn = Result<phases::Report> (*)(phases::PhaseEnv&, const phases::TargetOptions&);

CLI::App* AddTargetCommand(CLI::App& app, Invocation& inv, const std::string& name,
                           const std::string& help, PhaseFn phase, bool per_component = false) {
  auto* cmd = app.add_subcommand(name, help);
  auto target = std::make_shared<phases::TargetOptions>();
  auto medium = std::make_shared<std::string>();
  auto stack = std::make_shared<std::string>();
  auto root = std::make_shared<std::string>();
  auto component = std::make_shared<std::string>();
  cmd->add_option("--from", *medium, "The medium")->required()->check(FolderPath());
  if (per_component)
    cmd->add_option("--component", *component, "Only this component (default: every one)")
        ->check(NonEmpty());
  cmd->add_option("--stack", *stack, "Stack file; default: the copy saved on the medium")
      ->check(FilePath());
  cmd->add_option("--root", *root,
                  "Folder the component paths are relative to; default: the stack file's")
      ->check(FolderPath());
  AddOutputFlags(cmd, inv);
  cmd->callback([&inv, name, phase, medium, stack, root, component] {
    inv.name = name;
    inv.run = [&inv, phase, medium, stack, root, component](CommandEnv& env) {
      phases::TargetOptions t{*medium, *stack, *root};
      t.component = *component;
      return RunPhase(env, inv, *stack, *medium, *root,
                      [&](phases::PhaseEnv& penv) { return phase(penv, t); });
    };
  });
  return cmd;
}

}  // namespace

void AddRestore(CLI::App& app, Invocation& inv) {
  auto* cmd = AddTargetCommand(app, inv, "restore",
                               "Restore every component from a verified medium (Phase 5)",
                               phases::RunRestore, true);
  cmd->add_flag("--force", inv.options.force,
                "Replace non-empty targets, keeping a rollback copy first");
  cmd->add_flag("--dry-run", inv.options.dry_run,
                "Say what would be written or replaced; change nothing");
  AddRestoreFlags(cmd, inv);
}

void AddValidate(CLI::App& app, Invocation& inv) {
  AddTargetCommand(app, inv, "validate",
                   "Compare the restored target with the facts recorded at export (Phase 6)",
                   phases::RunValidate, true);
}

void AddRollback(CLI::App& app, Invocation& inv) {
  auto* cmd = AddTargetCommand(
      app, inv, "rollback", "Undo the last restore from its rollback copies", phases::RunRollback);
  cmd->add_flag("--dry-run", inv.options.dry_run, "Say what would be put back; change nothing");
}

}  // namespace ferry::cli
