// ferry verify MEDIUM : seed Phase 3, disaster Scenarios 1 and 4.
#include "cli/command.h"
#include "phases/verify.h"

namespace ferry::cli {

void AddVerify(CLI::App& app, Invocation& inv) {
  auto* cmd =
      app.add_subcommand("verify", "Re-read every payload from the device and check it (Phase 3)");
  auto medium = std::make_shared<std::string>();
  auto threads = std::make_shared<int>(0);
  auto deep = std::make_shared<bool>(false);
  cmd->add_option("medium", *medium, "The medium to check")->required()->check(FolderPath());
  cmd->add_option("--threads", *threads, "Files hashed at once; default: one per core")
      ->check(ThreadCount());
  cmd->add_flag("--deep", *deep,
                "Also read each payload's contents (archives, git bundles) through");
  AddOutputFlags(cmd, inv);
  cmd->callback([&inv, medium, threads, deep] {
    inv.name = "verify";
    inv.run = [&inv, medium, threads, deep](CommandEnv& env) {
      return RunPhase(env, inv, "", *medium, "", [&](phases::PhaseEnv& penv) {
        return phases::RunVerify(penv, *medium, {.component_checks = *deep, .threads = *threads});
      });
    };
  });
}

}  // namespace ferry::cli
