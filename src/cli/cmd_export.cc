// ferry export --stack FILE --to MEDIUM : seed Phase 2.
#include "cli/command.h"
#include "phases/export.h"

namespace ferry::cli {

void AddExport(CLI::App& app, Invocation& inv) {
  auto* cmd = app.add_subcommand(
      "export", "Write every component to MEDIUM, verified, then the manifests (Phase 2)");
  auto stack = std::make_shared<std::string>();
  auto medium = std::make_shared<std::string>();
  cmd->add_option("--stack", *stack, "Stack file (TOML)")->required()->check(FilePath());
  cmd->add_option("--to", *medium, "The medium: a mounted USB drive or any folder")
      ->required()
      ->check(FolderPath());
  cmd->add_flag("--medium-is-folder", inv.options.medium_is_folder,
                "The medium is a plain folder on purpose, even at /mnt, /media or /Volumes with no "
                "drive mounted");
  cmd->add_flag("--dry-run", inv.options.dry_run, "Say what would be written; change nothing");
  cmd->add_flag("--restart", inv.options.restart,
                "Forget what an interrupted run verified; redo everything");
  cmd->add_flag("--break-lock", inv.options.break_lock,
                "Take the medium's lock from a run on another host");
  cmd->add_flag("--force", inv.options.force,
                "Export even if the free-space estimate says it will not fit");
  cmd->add_option("--level", inv.options.zstd_level,
                  "zstd level (1-19); default from the stack file, else 3")
      ->check(CLI::Range(1, 19));
  cmd->add_option("--threads", inv.options.threads, "Compression threads; default: all cores")
      ->check(ThreadCount());
  AddOutputFlags(cmd, inv);
  cmd->callback([&inv, stack, medium] {
    inv.name = "export";
    inv.run = [&inv, stack, medium](CommandEnv& env) {
      return RunPhase(env, inv, *stack, *medium, "",
                      [&](phases::PhaseEnv& penv) -> Result<phases::Report> {
                        FERRY_ASSIGN_OR_RETURN(auto s, stack::LoadStackFile(penv.os, *stack));
                        return phases::RunExport(penv, s, *medium);
                      });
    };
  });
}

}  // namespace ferry::cli
