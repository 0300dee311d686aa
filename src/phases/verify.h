// Phase 3 and disaster Scenarios 1 and 4: re-read every payload from the
// device (not the page cache) and report each one OK, CORRUPT (FS003),
// MISSING (M005), SIZE MISMATCH (M006) or EXTRA (M007); a missing manifest
// means an interrupted export (M001). Every finding is reported; the pass
// never stops at the first.
#pragma once

#include "phases/phase.h"

namespace ferry::phases {

struct VerifyOptions {
  // Also read every payload's contents (archive readable to its end, git
  // bundle verify). Costs a decompression on top of the hash: opt-in.
  bool component_checks = false;
  int threads = 0;  // files hashed at once; 0: one per core
};

Result<Report> RunVerify(PhaseEnv& env, const fs::path& medium_path, VerifyOptions options = {});

// The same proof for one component only: its payloads hashed from the
// device and read by the component's own payload checks. M005 when the
// medium holds no export of it. What reset-volume needs before it deletes.
Result<Report> RunVerifyComponent(PhaseEnv& env, const fs::path& medium_path,
                                  const std::string& component);

}  // namespace ferry::phases
