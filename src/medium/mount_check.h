// The unmounted-drive trap (seed "USB Mount"; kopia's --must-exist): with
// the drive not mounted, /mnt/e is an empty folder of the system disk, and
// an export there fills the system disk instead of the drive.
//
// Refused (FS012): a medium below a drive mount location (/mnt, /media,
// /run/media, /Volumes) that is on the same filesystem as that location
// and as the system root, so no drive is mounted anywhere on its path.
// Accepted: a medium anywhere else (~/ferry-medium is a folder on purpose);
// one on a mounted drive below those locations; /mnt itself being a big
// data disk (cloud machines), since it is then not the system root's.
// On macOS "/" (sealed system volume) and /Volumes (Data volume) have
// different st_dev, so there only /Volumes is compared.
#pragma once

#include <filesystem>
#include <span>

#include "diag/status.h"

namespace ferry::medium {

// The conventional places a removable drive is mounted below.
std::span<const std::filesystem::path> DriveMountLocations();

// REQUIRES: medium exists (a missing one is FS001 from CheckWritable).
// locations/system_root are parameters so a test can stand them in.
Status CheckDriveMounted(const std::filesystem::path& medium,
                         std::span<const std::filesystem::path> locations = DriveMountLocations(),
                         const std::filesystem::path& system_root = "/");

}  // namespace ferry::medium
