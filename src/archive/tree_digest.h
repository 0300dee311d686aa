// The tree digest: one SHA-256 that names a tree's content, so export can
// record it and validate can prove the restored target holds the same.
// It covers, for every entry in walk order (tree_walk.h): the name, the
// type, the permission bits, and the content's SHA-256 (regular files) or
// the link target (symlinks); then the file count and total bytes.
// Times and owners are left out: a restore by another user, or a clock,
// must not make identical data look different.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "archive/path_filter.h"
#include "archive/tree_walk.h"
#include "platform/platform.h"
#include "stream/sha256.h"

namespace ferry::archive {

struct TreeFacts {
  uint64_t files = 0;  // regular files, each hard-linked name counted
  uint64_t dirs = 0;   // directories below the root
  uint64_t symlinks = 0;
  uint64_t bytes = 0;  // apparent size of regular files
  std::string sha256;  // lowercase hex
};

// Builds a digest entry by entry. Content hashes are fed by the caller,
// so the tar writer can hash while it streams (one read of the source).
class TreeDigester {
 public:
  // REQUIRES for regular files: content_sha256 is the content's hex digest.
  void Add(const TreeEntry& entry, const std::string& content_sha256);
  TreeFacts Finish();

 private:
  stream::Sha256 hash_;
  TreeFacts facts_;
};

// Hashes the logical content of a file whose data arrives region by region:
// holes between regions, and after the last one, count as zero bytes.
class ContentHasher {
 public:
  explicit ContentHasher(uint64_t size) : size_(size) {}
  void AddData(uint64_t offset, std::span<const std::byte> data);
  std::string Finish();

 private:
  void AddZeros(uint64_t count);
  stream::Sha256 hash_;
  uint64_t size_;
  uint64_t position_ = 0;
};

// Walks `root` and digests it, reading every included file.
Result<TreeFacts> TreeDigest(platform::Platform& os, const std::filesystem::path& root,
                             const PathFilter& filter);

}  // namespace ferry::archive
