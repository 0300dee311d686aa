// ferry migrate --stack FILE --via MEDIUM --root TARGET : every phase, gated.
#include "cli/command.h"
#include "phases/migrate.h"

namespace ferry::cli {

void AddMigrate(CLI::App& app, Invocation& inv) {
  auto* cmd = app.add_subcommand("migrate",
                                 "check, export, verify, restore, validate: all phases with gates");
  auto stack = std::make_shared<std::string>();
  auto medium = std::make_shared<std::string>();
  auto root = std::make_shared<std::string>();
  cmd->add_option("--stack", *stack, "Stack file (TOML)")->required()->check(FilePath());
  cmd->add_option("--via", *medium, "The medium")->required()->check(FolderPath());
  cmd->add_flag("--medium-is-folder", inv.options.medium_is_folder,
                "The medium is a plain folder on purpose, even at /mnt, /media or /Volumes with no "
                "drive mounted");
  cmd->add_option("--root", *root, "Target folder the components are restored under")
      ->required()
      ->check(FolderPath());
  cmd->add_flag("--force", inv.options.force, "Replace non-empty targets, keeping rollback copies");
  cmd->add_flag("--dry-run", inv.options.dry_run,
                "Check, then say what would be written; change nothing");
  cmd->add_flag("--break-lock", inv.options.break_lock,
                "Take the medium's lock from a run on another host");
  AddRestoreFlags(cmd, inv);
  AddOutputFlags(cmd, inv);
  cmd->callback([&inv, stack, medium, root] {
    inv.name = "migrate";
    inv.run = [&inv, stack, medium, root](CommandEnv& env) {
      return RunPhase(env, inv, *stack, *medium, *root,
                      [&](phases::PhaseEnv& penv) -> Result<phases::Report> {
                        FERRY_ASSIGN_OR_RETURN(auto s, stack::LoadStackFile(penv.os, *stack));
                        return phases::RunMigrate(penv, s, *medium, *root);
                      });
    };
  });
}

}  // namespace ferry::cli
