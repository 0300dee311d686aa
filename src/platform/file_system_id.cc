#include "platform/file_system_id.h"

#include <sys/stat.h>

#include <cerrno>

namespace ferry::platform {

Result<bool> SameFileSystem(const std::filesystem::path& a, const std::filesystem::path& b) {
  struct stat sa, sb;
  if (::stat(a.c_str(), &sa) != 0) return Status::OsError("cannot stat " + a.string(), errno);
  if (::stat(b.c_str(), &sb) != 0) return Status::OsError("cannot stat " + b.string(), errno);
  return sa.st_dev == sb.st_dev;
}

}  // namespace ferry::platform
