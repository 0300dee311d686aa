// Phase 1 (seed "Pre-Migration Checklist"): every component's own checks
// (G001 uncommitted files, ...), the medium (FS001 writable, FS005 free
// space against the estimated need), this machine (R001 memory, R002 local
// disk), and an earlier export on the medium that no longer verifies.
#pragma once

#include "phases/phase.h"

namespace ferry::phases {

// Before the checks, the stack file against its kinds' keys: S001/S002 are
// errors (the check cannot run), unknown keys are S006 findings.
Result<Report> RunCheck(PhaseEnv& env, const stack::StackFile& stack, const fs::path& medium_path);

// S007 for each component whose source holds the medium (it would be
// archived into itself) or lies inside it, comparing real paths (symlinks
// resolved; a medium folder that does not exist yet by its nearest existing
// parent). Export runs it too, before anything is written.
std::vector<Finding> CheckMediumPlacement(PhaseEnv& env, const stack::StackFile& stack,
                                          const fs::path& medium_path);

}  // namespace ferry::phases
