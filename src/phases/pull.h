// Disaster Scenario 2: copy a medium to local staging, only what is missing
// or corrupt there, verifying each file on arrival; safe to run again after
// any interruption. The manifests are copied last, so a staging folder
// without them is known to be incomplete.
#pragma once

#include "phases/phase.h"

namespace ferry::phases {

Result<Report> RunPull(PhaseEnv& env, const fs::path& medium_path, const fs::path& staging_path);

}  // namespace ferry::phases
