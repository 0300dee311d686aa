#include "archive/path_filter.h"

#include <fnmatch.h>

namespace ferry::archive {

bool PathFilter::MatchesAny(const std::vector<std::string>& patterns, std::string_view rel_path) {
  if (patterns.empty()) return false;
  const std::string path(rel_path);
  for (const std::string& pattern : patterns) {
    // Unanchored: try the whole path, then every suffix after a '/'.
    size_t start = 0;
    while (true) {
      if (::fnmatch(pattern.c_str(), path.c_str() + start, 0) == 0) return true;
      size_t slash = path.find('/', start);
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
  }
  return false;
}

}  // namespace ferry::archive
