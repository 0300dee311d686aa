// ferry check --stack FILE --to MEDIUM : preflight (seed Phase 1).
#include "cli/command.h"
#include "phases/check.h"

namespace ferry::cli {

void AddCheck(CLI::App& app, Invocation& inv) {
  auto* cmd = app.add_subcommand("check",
                                 "Preflight: is the stack ready to move to MEDIUM? (seed Phase 1)");
  auto stack = std::make_shared<std::string>();
  auto medium = std::make_shared<std::string>();
  cmd->add_option("--stack", *stack, "Stack file (TOML)")->required()->check(FilePath());
  cmd->add_option("--to", *medium, "The medium: a mounted USB drive or any folder")
      ->required()
      ->check(FolderPath());
  cmd->add_flag("--medium-is-folder", inv.options.medium_is_folder,
                "The medium is a plain folder on purpose, even at /mnt, /media or /Volumes with no "
                "drive mounted");
  cmd->add_flag("--fix", inv.options.fix,
                "Apply the runbook's safe fixes (restart an unhealthy or exited container, wait, "
                "check again); "
                "never removes anything");
  cmd->add_option("--fix-timeout", inv.options.fix_timeout_seconds,
                  "Seconds to wait for a restarted container to become healthy (default 120)")
      ->check(CLI::Range(0, 86400));
  AddOutputFlags(cmd, inv);
  cmd->callback([&inv, stack, medium] {
    inv.name = "check";
    inv.run = [&inv, stack, medium](CommandEnv& env) {
      return RunPhase(env, inv, *stack, *medium, "",
                      [&](phases::PhaseEnv& penv) -> Result<phases::Report> {
                        FERRY_ASSIGN_OR_RETURN(auto s, stack::LoadStackFile(penv.os, *stack));
                        return phases::RunCheck(penv, s, *medium);
                      });
    };
  });
}

}  // namespace ferry::cli
