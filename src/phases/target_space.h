// Free space on the restore target, checked before anything is written: a
// restore that fills the disk half-way leaves nothing usable and costs the
// time it took, so it is refused up front (R002) with the numbers.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "components/component.h"
#include "diag/finding.h"
#include "diag/status.h"
#include "integrity/manifest.h"
#include "platform/platform.h"

namespace ferry::phases {

// Bytes a component's restore writes on this machine: what its payloads
// unpack to (recorded at export), plus one file-system block per file and
// folder the facts count. Media written before the unpacked size was
// recorded fall back to the facts' byte count, else the payloads' size.
uint64_t RestoreNeedBytes(const integrity::Manifest& manifest, const std::string& component);

// R002 when the file system that will hold `target` (its nearest existing
// folder) has less than `need` plus a margin available.
Status CheckTargetSpace(platform::Platform& os, const std::filesystem::path& target, uint64_t need,
                        const std::string& component);

// The check before a component's restore writes anything. A kind with a
// path: CheckTargetSpace on ctx.path. A server kind
// (Component::RestoreStorage): R002 naming both numbers when the server's
// storage has less than `need` plus the margin; when its free space cannot
// be known, an R004 finding (INFO) that says it was not checked and why,
// and the restore goes on. Kinds that write nothing: no finding.
Result<std::vector<Finding>> CheckRestoreSpace(components::Component& component,
                                               components::ComponentContext& ctx, uint64_t need);

}  // namespace ferry::phases
