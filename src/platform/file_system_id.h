// Which filesystem a path lives on, for the medium's mount check: a folder
// at /mnt/e with no drive mounted on it is a folder of the system disk.
#pragma once

#include <filesystem>

#include "diag/status.h"

namespace ferry::platform {

// True when a and b are on the same filesystem (the same st_dev; links
// are followed, as a user's /mnt/e -> drive link means the drive). A
// mount point differs from its parent; a folder at an empty mount location
// does not. On macOS drives mount under /Volumes, which is on the Data
// volume, itself a different st_dev from the sealed system volume "/":
// callers compare with /Volumes there, not with "/".
Result<bool> SameFileSystem(const std::filesystem::path& a, const std::filesystem::path& b);

}  // namespace ferry::platform
