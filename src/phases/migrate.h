// All phases in order, with gates: check (a CRITICAL finding stops the run
// before anything is written), export (verified after write), verify from
// the device, restore, validate.
#pragma once

#include "phases/phase.h"
#include "phases/restore.h"

namespace ferry::phases {

Result<Report> RunMigrate(PhaseEnv& env, const stack::StackFile& stack, const fs::path& medium_path,
                          const fs::path& root);

}  // namespace ferry::phases
