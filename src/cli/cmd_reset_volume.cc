// ferry reset-volume --from MEDIUM --component NAME [--stack FILE] [--root DIR]
//   [--volume V]... --yes-delete-volume-contents [--dry-run] [--timeout S]
// The seed's Scenario 3 recovery (phases/volume_reset.h).
#include "cli/command.h"
#include "phases/volume_reset.h"

namespace ferry::cli {

void AddResetVolume(CLI::App& app, Invocation& inv) {
  auto* cmd = app.add_subcommand(
      "reset-volume",
      "Empty a container's volume for a fresh restore (seed Scenario 3), after proving the medium "
      "holds a "
      "verified export of the component; a verified copy is kept for ferry rollback");
  auto options = std::make_shared<phases::VolumeResetOptions>();
  auto medium = std::make_shared<std::string>();
  auto stack = std::make_shared<std::string>();
  auto root = std::make_shared<std::string>();
  cmd->add_option("--from", *medium, "The medium holding the verified export")
      ->required()
      ->check(FolderPath());
  cmd->add_option("--component", options->component,
                  "The component whose container's volume to reset")
      ->required()
      ->check(NonEmpty());
  cmd->add_option("--stack", *stack, "Stack file; default: the copy saved on the medium")
      ->check(FilePath());
  cmd->add_option(
         "--root", *root,
         "Folder the rollback copy goes under (.ferry-rollback); default: the stack file's")
      ->check(FolderPath());
  cmd->add_option("--volume", options->volumes,
                  "Volume to reset (repeatable); default: the component's volumes")
      ->check(NonEmpty());
  cmd->add_flag(
      "--yes-delete-volume-contents", options->confirmed,
      "Really stop the container and empty the volume (without it: say what would happen)");
  cmd->add_flag("--dry-run", inv.options.dry_run, "Say what would happen; change nothing");
  cmd->add_option(
         "--timeout", options->timeout_seconds,
         "Seconds to wait for the restarted container to be running and healthy (default 120)")
      ->check(CLI::Range(0, 86400));
  AddOutputFlags(cmd, inv);
  cmd->callback([&inv, options, medium, stack, root] {
    inv.name = "reset-volume";
    inv.run = [&inv, options, medium, stack, root](CommandEnv& env) {
      options->target = phases::TargetOptions{*medium, *stack, *root};
      return RunPhase(env, inv, *stack, *medium, *root, [&](phases::PhaseEnv& penv) {
        return phases::RunVolumeReset(penv, *options);
      });
    };
  });
}

}  // namespace ferry::cli
