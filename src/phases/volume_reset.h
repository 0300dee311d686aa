// `ferry reset-volume` (seed Scenario 3, "Database Inconsistency After
// Restore"): give a container a fresh, empty volume before restoring into
// it again, without the seed's `docker volume rm`, which fails on a volume
// any container uses and destroys the only copy.
//
// Refuses, changing nothing, unless the medium holds an export of the
// component that verifies now (hashes re-read from the device, the
// component's payload checks) and the caller confirmed. Then: stops the
// container, streams each volume's content as tar + zstd into a rollback
// set (<root>/.ferry-rollback/<stamp>/<component>/<volume>.tar.zst),
// proves that copy from the device, records it in the set's rollback.json,
// empties the volume in place (the volume, its mounts and the compose
// definitions stay), restarts the container and waits until it runs and is
// healthy. `ferry rollback` puts the old content back from the copy.
// All engine work goes through the Engine API (volume_helper.h), so it
// works where the volume's host path is out of reach (Docker Desktop).
#pragma once

#include <string>
#include <vector>

#include "phases/phase.h"
#include "phases/target_options.h"

namespace ferry::phases {

struct VolumeResetOptions {
  TargetOptions target;
  std::string component;
  std::vector<std::string> volumes;  // empty: the component's declared `volumes`
  bool confirmed = false;            // --yes-delete-volume-contents
  int timeout_seconds = 0;           // stop grace, then wait for running/healthy; 0: 120
};

Result<Report> RunVolumeReset(PhaseEnv& env, const VolumeResetOptions& options);

// Rollback records written by RunVolumeReset, undone by RunRollback.
bool IsVolumeResetRecord(const nlohmann::json& record);
// Keeps the volume's current content beside the copy (<volume>.undone.tar.zst),
// empties the volume and extracts the copy into it; the container is
// stopped meanwhile and started again. FS003 before anything changes when
// the copy no longer matches its recorded sha256.
Status RollbackVolumeReset(PhaseEnv& env, components::ComponentContext& ctx,
                           const nlohmann::json& record);

}  // namespace ferry::phases
