#include "components/staging.h"

#include <stdlib.h>

#include <cerrno>

namespace ferry::components {

Result<Staging> Staging::Make(platform::Platform& os, const std::string& prefix, Code error_code) {
  // mkdtemp, not a name of our own: in a shared /tmp another user could
  // have put a symlink at any predictable name.
  std::string pattern = (os.TempDir() / (prefix + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    return Status::Error(
        error_code,
        "cannot create a staging folder under " + os.TempDir().string() + " for " + prefix, errno);
  }
  return Staging(os, pattern);
}

}  // namespace ferry::components
