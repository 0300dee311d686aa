#include "archive/tree_walk.h"

#include <algorithm>

#include "platform/real_path.h"

namespace ferry::archive {
namespace {

namespace fs = std::filesystem;

Result<TreeEntry> MakeEntry(platform::Platform& os, const fs::path& path, std::string name) {
  TreeEntry entry;
  entry.name = std::move(name);
  entry.path = path;
  FERRY_ASSIGN_OR_RETURN(entry.info, os.Stat(path));
  if (entry.info.type == platform::FileType::kSymlink) {
    FERRY_ASSIGN_OR_RETURN(entry.link_target, os.ReadLink(path));
  }
  return entry;
}

struct Walk {
  const PathFilter& filter;
  const TreeVisitor& visit;
  const std::function<void(const TreeEntry&)>& skipped;
};

Status WalkChildren(platform::Platform& os, const fs::path& dir, const std::string& dir_name,
                    bool under_included, const Walk& walk) {
  FERRY_ASSIGN_OR_RETURN(std::vector<std::string> names, os.ListDir(dir));
  for (const std::string& child : names) {
    std::string name = dir_name.empty() ? child : dir_name + "/" + child;
    if (walk.filter.Excluded(name)) continue;
    FERRY_ASSIGN_OR_RETURN(TreeEntry entry, MakeEntry(os, dir / child, name));
    const bool included = under_included || walk.filter.Included(name);
    if (platform::IsSpecialFile(entry.info.type)) {
      if (included && walk.skipped) walk.skipped(entry);
      continue;
    }
    if (included) FERRY_RETURN_IF_ERROR(walk.visit(entry));
    if (entry.info.type == platform::FileType::kDirectory) {
      FERRY_RETURN_IF_ERROR(WalkChildren(os, entry.path, name, included, walk));
    }
  }
  return Status::Ok();
}

}  // namespace

Status WalkTree(platform::Platform& os, const fs::path& root, const PathFilter& filter,
                const TreeVisitor& visit, const std::function<void(const TreeEntry&)>& skipped) {
  FERRY_ASSIGN_OR_RETURN(TreeEntry entry, MakeEntry(os, root, "."));
  if (entry.info.type == platform::FileType::kSymlink) {
    // The component's own path may be a link (~/models -> /data/models):
    // the user means what it points to, not the link.
    FERRY_ASSIGN_OR_RETURN(fs::path resolved, platform::RealPath(root));
    FERRY_ASSIGN_OR_RETURN(entry, MakeEntry(os, resolved, "."));
  }
  entry.is_root = true;
  if (platform::IsSpecialFile(entry.info.type)) {
    return Status::Error("S003", root.string() + " is a socket, FIFO or device, not files to move");
  }
  if (entry.info.type != platform::FileType::kDirectory) {
    // A single file travels under the name the user gave it.
    entry.name = root.filename().string();
    return visit(entry);
  }
  FERRY_RETURN_IF_ERROR(visit(entry));
  return WalkChildren(os, entry.path, "", !filter.has_includes(), Walk{filter, visit, skipped});
}

Status ReadRegions(platform::ReadableFile& file, const std::vector<platform::DataRegion>& regions,
                   uint64_t size, std::span<std::byte> buffer,
                   const std::function<Status(uint64_t, std::span<const std::byte>)>& on_data,
                   const fs::path& path_for_errors) {
  for (const platform::DataRegion& region : regions) {
    // The file may have grown since it was stat'ed: the entry's size wins.
    const uint64_t end = std::min(region.offset + region.length, size);
    uint64_t offset = region.offset;
    while (offset < end) {
      const size_t want = static_cast<size_t>(std::min<uint64_t>(buffer.size(), end - offset));
      FERRY_ASSIGN_OR_RETURN(size_t n, file.ReadAt(offset, buffer.first(want)));
      if (n == 0) {
        return Status::Error("FS003", "file shrank while being read: " + path_for_errors.string());
      }
      FERRY_RETURN_IF_ERROR(on_data(offset, buffer.first(n)));
      offset += n;
    }
  }
  return Status::Ok();
}

}  // namespace ferry::archive
