// Extracts a tar stream into a folder, refusing anything that could write
// outside it. Two guards, so one bug cannot open a hole:
//  1. our own check of every entry before anything is written: an absolute
//     name, a ".." component, a name below an earlier symlink entry
//     (symlink-then-write), a hard link to such a name, or a device/FIFO
//     entry is M003 and stops the whole extraction;
//  2. libarchive's archive_write_disk with SECURE_NODOTDOT and
//     SECURE_SYMLINKS, anchored at the canonical target path.
// Archive names are made absolute under the target by us (after check 1),
// which is why SECURE_NOABSOLUTEPATHS is not set: no name from the archive
// ever reaches libarchive unchecked.
// A damaged or truncated stream is FS002. On any error, what was extracted
// so far stays in target_dir: the caller extracts into a staging folder and
// removes it (files component).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "diag/status.h"
#include "stream/stream.h"

namespace ferry::archive {

struct ExtractSummary {
  uint64_t entries = 0;
  // Regular files restored with their setuid or setgid bit (the first
  // kMaxListedSetId names, and how many in all): the medium is untrusted,
  // so a restore names them.
  std::vector<std::string> setid_files;
  uint64_t setid_count = 0;
  // Entries whose owner map_owner changed.
  uint64_t owners_mapped = 0;
  uint64_t bytes = 0;         // content bytes (holes not counted)
  bool has_root_dir = false;  // a "./" entry: the archive is a directory tree
  std::string first_name;     // first entry other than "./" (a single file's name)
};

struct ExtractOptions {
  bool list_only = false;  // check names and read everything, write nothing
  std::function<void(uint64_t)> progress = [](uint64_t) {};  // bytes so far
  // Each entry's normalized name after its checks ("" for the root), so a
  // caller can look for the file that proves a payload complete.
  std::function<void(const std::string&)> on_entry = [](const std::string&) {};
  // The numeric owner (uid, gid) to restore an entry with, given the one the
  // archive holds; unset: the archive's. Applies when extracting as root.
  std::function<std::pair<uint32_t, uint32_t>(uint32_t uid, uint32_t gid)> map_owner;
};

inline constexpr size_t kMaxListedSetId = 20;

// REQUIRES: target_dir does not exist yet (it is created from the archive's
// "./" entry, or as the parent of its first entry) and its parent exists.
Result<ExtractSummary> SafeExtract(stream::ByteSource& in, const std::filesystem::path& target_dir,
                                   const ExtractOptions& options = {});

// The normalized relative form of an archive name ("a//./b" -> "a/b",
// "./" -> ""), or M003 for absolute names and ".." components.
Result<std::string> SafeRelativeName(const char* name);

}  // namespace ferry::archive
