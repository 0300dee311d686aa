#include "archive/tar_writer.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <map>
#include <utility>
#include <vector>

namespace ferry::archive {
namespace {

namespace fs = std::filesystem;

// One tar stream in flight: the libarchive handle, its sink, the buffers.
class TarWriter {
 public:
  TarWriter(platform::Platform& os, stream::ByteSink& out,
            const std::function<void(uint64_t)>& progress)
      : os_(os), out_(out), progress_(progress), buffer_(stream::kBufferSize) {}
  ~TarWriter() {
    if (entry_) archive_entry_free(entry_);
    if (archive_) archive_write_free(archive_);
  }

  Status Open() {
    archive_ = archive_write_new();
    entry_ = archive_entry_new();
    if (!archive_ || !entry_) return Status::Error("X004", "libarchive: out of memory");
    if (archive_write_set_format_pax(archive_) != ARCHIVE_OK) {
      return LibError("cannot set up the tar format");
    }
    if (archive_write_open2(archive_, this, nullptr, &TarWriter::WriteCallback, nullptr, nullptr) !=
        ARCHIVE_OK) {
      return LibError("cannot open the tar stream");
    }
    return Status::Ok();
  }

  Status Add(const TreeEntry& entry) {
    archive_entry_clear(entry_);
    const platform::FileInfo& info = entry.info;
    archive_entry_set_pathname(entry_, entry.is_root && info.type == platform::FileType::kDirectory
                                           ? "./"
                                           : entry.name.c_str());
    archive_entry_set_perm(entry_, info.mode & 07777);
    archive_entry_set_uid(entry_, info.uid);
    archive_entry_set_gid(entry_, info.gid);
    // Floor division: mtimes before 1970 are negative.
    int64_t sec = info.mtime_ns / 1000000000;
    int64_t nsec = info.mtime_ns % 1000000000;
    if (nsec < 0) {
      nsec += 1000000000;
      --sec;
    }
    archive_entry_set_mtime(entry_, sec, static_cast<long>(nsec));
    switch (info.type) {
      case platform::FileType::kDirectory:
        archive_entry_set_filetype(entry_, AE_IFDIR);
        digester_.Add(entry, "");
        return WriteHeader(entry);
      case platform::FileType::kSymlink:
        archive_entry_set_filetype(entry_, AE_IFLNK);
        archive_entry_set_symlink(entry_, entry.link_target.c_str());
        digester_.Add(entry, "");
        return WriteHeader(entry);
      case platform::FileType::kRegular:
        return AddRegular(entry);
      default:
        return Status::Ok();  // WalkTree never yields others
    }
  }

  Result<TreeFacts> Close() {
    if (archive_write_close(archive_) != ARCHIVE_OK)
      return LibError("cannot finish the tar stream");
    FERRY_RETURN_IF_ERROR(out_.Finish());
    return digester_.Finish();
  }

 private:
  Status AddRegular(const TreeEntry& entry) {
    archive_entry_set_filetype(entry_, AE_IFREG);
    const auto inode = std::make_pair(entry.info.device, entry.info.inode);
    if (entry.info.link_count > 1) {
      auto first = hard_links_.find(inode);
      if (first != hard_links_.end()) {
        // A later name of a file already sent: a link entry, no data.
        archive_entry_set_hardlink(entry_, first->second.name.c_str());
        archive_entry_set_size(entry_, 0);
        digester_.Add(entry, first->second.content_sha256);
        return WriteHeader(entry);
      }
    }
    const uint64_t size = entry.info.size;
    archive_entry_set_size(entry_, static_cast<la_int64_t>(size));
    FERRY_ASSIGN_OR_RETURN(auto file, os_.OpenRead(entry.path));
    FERRY_ASSIGN_OR_RETURN(std::vector<platform::DataRegion> regions, file->DataRegions());
    const bool dense = regions.size() == 1 && regions[0].offset == 0 && regions[0].length >= size;
    if (!dense && size > 0) {
      for (const platform::DataRegion& r : regions) {
        if (r.offset >= size) break;
        archive_entry_sparse_add_entry(
            entry_, static_cast<la_int64_t>(r.offset),
            static_cast<la_int64_t>(std::min(r.length, size - r.offset)));
      }
      // A file that is all hole still needs a map, or it would be dense.
      if (archive_entry_sparse_count(entry_) == 0) archive_entry_sparse_add_entry(entry_, 0, 0);
    }
    FERRY_RETURN_IF_ERROR(WriteHeader(entry));

    // pax takes the logical content, holes as zeros, and skips the holes.
    ContentHasher hasher(size);
    uint64_t position = 0;
    FERRY_RETURN_IF_ERROR(ReadRegions(
        *file, regions, size, buffer_,
        [&](uint64_t offset, std::span<const std::byte> data) -> Status {
          FERRY_RETURN_IF_ERROR(WriteZeros(offset - position));
          hasher.AddData(offset, data);
          FERRY_RETURN_IF_ERROR(WriteData(data));
          position = offset + data.size();
          source_bytes_ += data.size();
          progress_(source_bytes_);
          return Status::Ok();
        },
        entry.path));
    FERRY_RETURN_IF_ERROR(WriteZeros(size - position));
    std::string content = hasher.Finish();
    if (entry.info.link_count > 1) hard_links_.emplace(inode, FirstName{entry.name, content});
    digester_.Add(entry, content);
    return Status::Ok();
  }

  Status WriteHeader(const TreeEntry& entry) {
    // ARCHIVE_WARN means a name is not valid in the locale's charset: pax
    // then stores that entry's raw bytes (hdrcharset=BINARY), which is
    // exact, so only worse is an error.
    if (archive_write_header(archive_, entry_) < ARCHIVE_WARN) {
      return LibError("cannot write the tar header of " + entry.path.string());
    }
    return Status::Ok();
  }

  Status WriteData(std::span<const std::byte> data) {
    while (!data.empty()) {
      la_ssize_t n = archive_write_data(archive_, data.data(), data.size());
      if (n <= 0) return LibError("cannot write tar data");
      data = data.subspan(static_cast<size_t>(n));
    }
    return Status::Ok();
  }

  Status WriteZeros(uint64_t count) {
    static const std::array<std::byte, 64 * 1024> kZeros{};
    while (count > 0) {
      const size_t n = static_cast<size_t>(std::min<uint64_t>(count, kZeros.size()));
      FERRY_RETURN_IF_ERROR(WriteData(std::span<const std::byte>(kZeros.data(), n)));
      count -= n;
    }
    return Status::Ok();
  }

  // The sink's own error (ENOSPC on the medium...) beats libarchive's text.
  Status LibError(const std::string& what) {
    if (!sink_error_.ok()) return sink_error_;
    const char* detail = archive_error_string(archive_);
    return Status::Error("X004", what + ": " + (detail ? detail : "libarchive error"));
  }

  static la_ssize_t WriteCallback(struct archive* a, void* self_ptr, const void* data,
                                  size_t size) {
    auto* self = static_cast<TarWriter*>(self_ptr);
    Status status = self->out_.Write(std::span(static_cast<const std::byte*>(data), size));
    if (!status.ok()) {
      self->sink_error_ = std::move(status);
      archive_set_error(a, EIO, "output stream failed");
      return -1;
    }
    return static_cast<la_ssize_t>(size);
  }

  struct FirstName {
    std::string name;
    std::string content_sha256;
  };

  platform::Platform& os_;
  stream::ByteSink& out_;
  const std::function<void(uint64_t)>& progress_;
  std::vector<std::byte> buffer_;
  struct archive* archive_ = nullptr;
  struct archive_entry* entry_ = nullptr;
  TreeDigester digester_;
  std::map<std::pair<uint64_t, uint64_t>, FirstName> hard_links_;
  uint64_t source_bytes_ = 0;
  Status sink_error_;
};

}  // namespace

Result<TreeFacts> WriteTar(platform::Platform& os, const fs::path& root, const PathFilter& filter,
                           stream::ByteSink& out, const std::function<void(uint64_t)>& progress) {
  TarWriter writer(os, out, progress);
  FERRY_RETURN_IF_ERROR(writer.Open());
  FERRY_RETURN_IF_ERROR(
      WalkTree(os, root, filter, [&](const TreeEntry& entry) { return writer.Add(entry); }));
  return writer.Close();
}

}  // namespace ferry::archive
