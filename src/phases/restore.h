// Phase 5 (seed "Data Restoration"), Phase 6 ("Validation") and rollback.
//
// Restore reads only from a medium that verifies, refuses to replace a
// non-empty target unless forced, and then first keeps a rollback copy
// (recorded under <root>/.ferry-rollback/<time>/rollback.json). Validate
// compares the restored target with the facts recorded at export. Rollback
// undoes the newest restore from its copies and never touches the source.
#pragma once

#include "phases/phase.h"
#include "phases/target_options.h"

namespace ferry::phases {

Result<Report> RunRestore(PhaseEnv& env, const TargetOptions& target);
Result<Report> RunValidate(PhaseEnv& env, const TargetOptions& target);
Result<Report> RunRollback(PhaseEnv& env, const TargetOptions& target);

}  // namespace ferry::phases
