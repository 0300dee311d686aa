// Phase 2 (seed "Data Export"): every component's payloads onto the medium,
// each written as *.part, synced, renamed, then read back from the device
// and compared (verify after write). The stack copy and the manifests come
// last. An interrupted export resumes: payloads the journal knows as
// verified (and whose file is unchanged) are kept, everything else redone.
#pragma once

#include <map>

#include "phases/phase.h"

namespace ferry::phases {

Result<Report> RunExport(PhaseEnv& env, const stack::StackFile& stack, const fs::path& medium_path);

// Bytes each component's payloads may take on the medium (an upper
// estimate: source bytes before compression), by component name.
Result<std::map<std::string, uint64_t>> EstimateExportBytes(PhaseEnv& env,
                                                            const stack::StackFile& stack,
                                                            Report& report);
uint64_t Total(const std::map<std::string, uint64_t>& estimates);

}  // namespace ferry::phases
