#include "medium/mount_check.h"

#include "diag/os_error_codes.h"
#include "platform/file_system_id.h"

namespace ferry::medium {

namespace fs = std::filesystem;

std::span<const fs::path> DriveMountLocations() {
  static const fs::path kLocations[] = {"/mnt", "/media", "/run/media", "/Volumes"};
  return kLocations;
}

namespace {

bool StrictlyBelow(const fs::path& path, const fs::path& base) {
  auto [b, p] = std::mismatch(base.begin(), base.end(), path.begin(), path.end());
  return b == base.end() && p != path.end();
}

}  // namespace

Status CheckDriveMounted(const fs::path& medium, std::span<const fs::path> locations,
                         const fs::path& system_root) {
  const fs::path path = fs::absolute(medium).lexically_normal();
  for (const fs::path& location : locations) {
    if (!StrictlyBelow(path, location)) continue;
    FERRY_ASSIGN_OR_RETURN(bool same_as_location,
                           platform::SameFileSystem(path, location).Classify(MediumReadCode));
    if (!same_as_location) return Status::Ok();  // a drive is mounted on the way
    bool on_system_disk = location == "/Volumes";
    if (!on_system_disk) {
      FERRY_ASSIGN_OR_RETURN(on_system_disk,
                             platform::SameFileSystem(path, system_root).Classify(MediumReadCode));
    }
    if (!on_system_disk) return Status::Ok();
    return Status::Error("FS012",
                         "medium " + path.string() +
                             " is not a mounted drive: it is a folder of the system disk (" +
                             location.string() + " has no drive mounted on this path)");
  }
  return Status::Ok();
}

}  // namespace ferry::medium
