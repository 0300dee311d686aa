// ferry pull MEDIUM --to STAGING : disaster Scenario 2.
#include "cli/command.h"
#include "phases/pull.h"

namespace ferry::cli {

void AddPull(CLI::App& app, Invocation& inv) {
  auto* cmd = app.add_subcommand(
      "pull", "Copy MEDIUM to local staging: only what is missing or corrupt there");
  auto medium = std::make_shared<std::string>();
  auto staging = std::make_shared<std::string>();
  cmd->add_option("medium", *medium, "The medium to copy from")->required()->check(FolderPath());
  cmd->add_option("--to", *staging, "Local staging folder")->required()->check(FolderPath());
  cmd->add_flag("--dry-run", inv.options.dry_run, "Say what would be copied; change nothing");
  AddOutputFlags(cmd, inv);
  cmd->callback([&inv, medium, staging] {
    inv.name = "pull";
    inv.run = [&inv, medium, staging](CommandEnv& env) {
      return RunPhase(env, inv, "", *medium, *staging, [&](phases::PhaseEnv& penv) {
        return phases::RunPull(penv, *medium, *staging);
      });
    };
  });
}

}  // namespace ferry::cli
