// The one walk of a source tree that both the tar writer and the tree
// digest use, so an export and a later TreeDigest of the restored target
// see the same entries in the same order: depth first, names sorted
// bytewise (Platform::ListDir), directories before what they hold.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "archive/path_filter.h"
#include "diag/status.h"
#include "platform/platform.h"

namespace ferry::archive {

struct TreeEntry {
  // Name in the archive: "." for a root directory, "a/b" below it, the
  // file's own name when the root is a single file.
  std::string name;
  std::filesystem::path path;  // on disk
  platform::FileInfo info;
  std::string link_target;  // symlinks only
  bool is_root = false;
  // Name in the tree digest: "." for the root, so a single file digests
  // the same whatever name it is restored under.
  const std::string& digest_name() const { return is_root ? kRootName : name; }

  static inline const std::string kRootName = ".";
};

using TreeVisitor = std::function<Status(const TreeEntry&)>;

// Visits root and what it holds. A root that is a symlink is followed
// (links below it are kept as links). Sockets, FIFOs and devices are skipped:
// they carry no data and cannot be moved between machines. Excluded
// directories are not entered. REQUIRES: root exists.
// `skipped`, when set, sees each special file left out, for reports.
Status WalkTree(platform::Platform& os, const std::filesystem::path& root, const PathFilter& filter,
                const TreeVisitor& visit,
                const std::function<void(const TreeEntry&)>& skipped = {});

// Reads `regions` (from file.DataRegions()) of a regular file of `size`
// bytes, in order, through `buffer`; holes are skipped (the callback sees
// offsets). A file that shrinks while read is FS003: its entry would lie.
Status ReadRegions(
    platform::ReadableFile& file, const std::vector<platform::DataRegion>& regions, uint64_t size,
    std::span<std::byte> buffer,
    const std::function<Status(uint64_t offset, std::span<const std::byte>)>& on_data,
    const std::filesystem::path& path_for_errors);

}  // namespace ferry::archive
