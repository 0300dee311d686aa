// Phase 1 (seed "Pre-Migration Checklist"): every component's own checks
// (G001 uncommitted files, ...), the medium (FS001 writable, FS005 free
// space against the estimated need), this machine (R001 memory, R002 local
// disk), and an earlier export on the medium that no longer verifies.
#pragma once

#include "phases/phase.h"

namespace ferry::phases {

Result<Report> RunCheck(PhaseEnv& env, const stack::StackFile& stack, const fs::path& medium_path);

}  // namespace ferry::phases
