// Phase 5 (seed "Data Restoration"), Phase 6 ("Validation") and rollback.
//
// Restore reads only from a medium that verifies, refuses to replace a
// non-empty target unless forced, and then first keeps a rollback copy
// (recorded under <root>/.ferry-rollback/<time>/rollback.json). Validate
// compares the restored target with the facts recorded at export. Rollback
// undoes the newest restore from its copies and never touches the source.
#pragma once

#include "phases/phase.h"

namespace ferry::phases {

struct TargetOptions {
  fs::path medium;
  fs::path stack;  // empty: the copy on the medium
  fs::path root;   // empty: the stack file's folder
  // Set by migrate, which verified the medium just before: restore then
  // does not read every payload a second time.
  bool medium_verified = false;
  std::string component = "";  // restore/validate only this one; empty: every component
};

Result<Report> RunRestore(PhaseEnv& env, const TargetOptions& target);
Result<Report> RunValidate(PhaseEnv& env, const TargetOptions& target);
Result<Report> RunRollback(PhaseEnv& env, const TargetOptions& target);

inline constexpr std::string_view kRollbackFolder = ".ferry-rollback";

}  // namespace ferry::phases
