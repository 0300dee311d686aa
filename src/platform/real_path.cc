#include "platform/real_path.h"

#include <cerrno>
#include <climits>
#include <cstdlib>

namespace ferry::platform {

Result<std::filesystem::path> RealPath(const std::filesystem::path& path) {
  char resolved[PATH_MAX];
  if (::realpath(path.c_str(), resolved) == nullptr) {
    return Status::OsError("cannot resolve " + path.string(), errno);
  }
  return std::filesystem::path(resolved);
}

}  // namespace ferry::platform
