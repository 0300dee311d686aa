// Include/exclude globs for a tree walk, with tar --exclude semantics:
// a pattern matches the relative path, or any trailing part of it that
// starts at a component ("__pycache__" excludes a/b/__pycache__), and `*`
// matches `/` too. An excluded directory is pruned with all it holds.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ferry::archive {

class PathFilter {
 public:
  PathFilter() = default;
  PathFilter(std::vector<std::string> include, std::vector<std::string> exclude)
      : include_(std::move(include)), exclude_(std::move(exclude)) {}

  // rel_path: '/'-separated, relative to the walk root, no "./" prefix.
  bool Excluded(std::string_view rel_path) const { return MatchesAny(exclude_, rel_path); }
  // True when the include list is empty or one include pattern matches.
  // Callers treat everything under an included directory as included.
  bool Included(std::string_view rel_path) const {
    return include_.empty() || MatchesAny(include_, rel_path);
  }
  bool has_includes() const { return !include_.empty(); }

 private:
  static bool MatchesAny(const std::vector<std::string>& patterns, std::string_view rel_path);
  std::vector<std::string> include_;
  std::vector<std::string> exclude_;
};

}  // namespace ferry::archive
