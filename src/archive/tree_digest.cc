#include "archive/tree_digest.h"

#include <algorithm>
#include <array>
#include <map>
#include <utility>
#include <vector>

#include "stream/stream.h"

namespace ferry::archive {
namespace {

char TypeLetter(platform::FileType type) {
  switch (type) {
    case platform::FileType::kRegular:
      return 'f';
    case platform::FileType::kDirectory:
      return 'd';
    case platform::FileType::kSymlink:
      return 'l';
    default:
      return '?';
  }
}

}  // namespace

void TreeDigester::Add(const TreeEntry& entry, const std::string& content_sha256) {
  const platform::FileInfo& info = entry.info;
  // NUL separates fields: no name or link target can contain one.
  std::string record;
  record += TypeLetter(info.type);
  record += '\0';
  record += entry.digest_name();
  record += '\0';
  // A symlink's own mode means nothing on Linux and differs on macOS.
  record += info.type == platform::FileType::kSymlink ? "0" : std::to_string(info.mode & 07777);
  record += '\0';
  switch (info.type) {
    case platform::FileType::kRegular:
      record += std::to_string(info.size) + '\0' + content_sha256;
      ++facts_.files;
      facts_.bytes += info.size;
      break;
    case platform::FileType::kSymlink:
      record += entry.link_target;
      ++facts_.symlinks;
      break;
    case platform::FileType::kDirectory:
      if (!entry.is_root) ++facts_.dirs;
      break;
    default:
      break;
  }
  record += '\0';
  hash_.Update(record);
}

TreeFacts TreeDigester::Finish() {
  hash_.Update("files=" + std::to_string(facts_.files) + " bytes=" + std::to_string(facts_.bytes));
  facts_.sha256 = hash_.HexDigest();
  return std::move(facts_);
}

void ContentHasher::AddData(uint64_t offset, std::span<const std::byte> data) {
  if (offset > position_) AddZeros(offset - position_);
  hash_.Update(data);
  position_ = offset + data.size();
}

void ContentHasher::AddZeros(uint64_t count) {
  static const std::array<std::byte, 64 * 1024> kZeros{};
  while (count > 0) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(count, kZeros.size()));
    hash_.Update(std::span<const std::byte>(kZeros.data(), n));
    count -= n;
  }
}

std::string ContentHasher::Finish() {
  if (size_ > position_) AddZeros(size_ - position_);
  return hash_.HexDigest();
}

Result<TreeFacts> TreeDigest(platform::Platform& os, const std::filesystem::path& root,
                             const PathFilter& filter) {
  TreeDigester digester;
  std::vector<std::byte> buffer(stream::kBufferSize);
  // Hard-linked names share one content: hash it once.
  std::map<std::pair<uint64_t, uint64_t>, std::string> by_inode;
  FERRY_RETURN_IF_ERROR(WalkTree(os, root, filter, [&](const TreeEntry& entry) -> Status {
    std::string content;
    if (entry.info.type == platform::FileType::kRegular) {
      const auto key = std::make_pair(entry.info.device, entry.info.inode);
      auto known = by_inode.find(key);
      if (known != by_inode.end()) {
        content = known->second;
      } else {
        FERRY_ASSIGN_OR_RETURN(auto file, os.OpenRead(entry.path));
        ContentHasher hasher(entry.info.size);
        FERRY_ASSIGN_OR_RETURN(auto regions, file->DataRegions());
        FERRY_RETURN_IF_ERROR(ReadRegions(
            *file, regions, entry.info.size, buffer,
            [&](uint64_t offset, std::span<const std::byte> data) {
              hasher.AddData(offset, data);
              return Status::Ok();
            },
            entry.path));
        content = hasher.Finish();
        if (entry.info.link_count > 1) by_inode.emplace(key, content);
      }
    }
    digester.Add(entry, content);
    return Status::Ok();
  }));
  return digester.Finish();
}

}  // namespace ferry::archive
