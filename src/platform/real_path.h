// The canonical absolute path of an existing file: no symlinks, no "." or
// "..". libarchive's symlink guard (ARCHIVE_EXTRACT_SECURE_SYMLINKS) checks
// every component of the path it writes, so the archive layer anchors
// extraction at a canonical folder: a symlink in the user's own path to the
// target (a home on another disk) must not be mistaken for an attack.
#pragma once

#include <filesystem>

#include "diag/status.h"

namespace ferry::platform {

// realpath(3). REQUIRES: path exists. Errors are FS003 with the errno.
Result<std::filesystem::path> RealPath(const std::filesystem::path& path);

}  // namespace ferry::platform
