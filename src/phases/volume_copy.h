// The rollback copy of a volume: written through a VolumeHelper as
// `<dir>/<file>` (tar + zstd, *.part -> fsync -> rename), then proven from
// the device before anyone may empty the volume: its sha256 read back
// bypassing the page cache, and the tar read to its end.
#pragma once

#include <nlohmann/json.hpp>

#include "phases/phase.h"
#include "phases/volume_helper.h"

namespace ferry::phases {

// Returns {"name", "copy" (absolute path), "sha256", "bytes", "entries"}.
Result<nlohmann::json> KeepVolumeCopy(PhaseEnv& env, VolumeHelper& helper,
                                      const std::string& volume, const fs::path& copy,
                                      const stream::ZstdOptions& zstd);

// FS003 when the copy's sha256, read from the device, is not the recorded one.
Status CheckVolumeCopy(PhaseEnv& env, const nlohmann::json& entry);

// Empties the volume and extracts the copy into it.
Status RefillVolume(PhaseEnv& env, VolumeHelper& helper, const nlohmann::json& entry);

}  // namespace ferry::phases
