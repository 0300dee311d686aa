// Phase 2 (seed "Data Export"): every component's payloads onto the medium,
// each written as *.part, synced, renamed, then read back from the device
// and compared (verify after write). The stack copy and the manifests come
// last. An interrupted export resumes: payloads the journal knows as
// verified (and whose file is unchanged) are kept, everything else redone.
#pragma once

#include "phases/phase.h"

namespace ferry::phases {

Result<Report> RunExport(PhaseEnv& env, const stack::StackFile& stack, const fs::path& medium_path);

// Payload bytes the stack needs on the medium (sum of component estimates).
Result<uint64_t> EstimateExportBytes(PhaseEnv& env, const stack::StackFile& stack, Report& report);

}  // namespace ferry::phases
