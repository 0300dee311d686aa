#include "archive/safe_extract.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include <cerrno>
#include <set>
#include <vector>

#include "diag/os_error_codes.h"
#include "platform/platform.h"
#include "platform/real_path.h"

namespace ferry::archive {
namespace {

namespace fs = std::filesystem;

constexpr int kDiskFlags = ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_OWNER |
                           ARCHIVE_EXTRACT_SECURE_NODOTDOT | ARCHIVE_EXTRACT_SECURE_SYMLINKS |
                           ARCHIVE_EXTRACT_NO_OVERWRITE;

Status Unsafe(const std::string& name, const std::string& why) {
  return Status::Error("M003", "archive entry '" + name + "' refused: " + why);
}

class Extractor {
 public:
  Extractor(stream::ByteSource& in, fs::path target, const ExtractOptions& options)
      : in_(in), target_(std::move(target)), options_(options), buffer_(stream::kBufferSize) {}
  ~Extractor() {
    if (reader_) archive_read_free(reader_);
    if (disk_) archive_write_free(disk_);
  }

  Result<ExtractSummary> Run() {
    reader_ = archive_read_new();
    if (!reader_) return Status::Error("X004", "libarchive: out of memory");
    archive_read_support_format_tar(reader_);
    if (archive_read_open2(reader_, this, nullptr, &Extractor::ReadCallback, nullptr, nullptr) !=
        ARCHIVE_OK) {
      return ReadError("cannot open the archive");
    }
    if (!options_.list_only) {
      disk_ = archive_write_disk_new();
      if (!disk_ || archive_write_disk_set_options(disk_, kDiskFlags) != ARCHIVE_OK) {
        return Status::Error("X004", "libarchive: cannot set up extraction");
      }
    }
    while (true) {
      struct archive_entry* entry = nullptr;
      int rc = archive_read_next_header(reader_, &entry);
      if (rc == ARCHIVE_EOF) break;
      if (rc < ARCHIVE_WARN) return ReadError("cannot read the next entry");
      FERRY_RETURN_IF_ERROR(Extract(entry));
    }
    // libarchive stops at the end-of-archive blocks; read the rest so the
    // zstd stage below sees its frame end, or reports it truncated.
    while (true) {
      FERRY_ASSIGN_OR_RETURN(size_t n, in_.Read(buffer_));
      if (n == 0) break;
    }
    if (disk_ && archive_write_close(disk_) != ARCHIVE_OK) return DiskError("cannot finish");
    return summary_;
  }

 private:
  Status Extract(struct archive_entry* entry) {
    const char* raw = archive_entry_pathname(entry);
    const std::string shown = raw ? raw : "";
    FERRY_ASSIGN_OR_RETURN(std::string name, SafeRelativeName(raw));
    FERRY_RETURN_IF_ERROR(CheckNotBelowSymlink(name, shown));
    const mode_t type = archive_entry_filetype(entry);
    const char* hardlink = archive_entry_hardlink(entry);
    if (type != AE_IFREG && type != AE_IFDIR && type != AE_IFLNK && !hardlink) {
      return Unsafe(shown, "only files, directories and links are restored");
    }
    if (name.empty()) {
      if (type != AE_IFDIR) return Unsafe(shown, "the root of the archive is not a directory");
      summary_.has_root_dir = true;
    } else if (summary_.first_name.empty()) {
      summary_.first_name = name;
    }
    if (hardlink) {
      FERRY_ASSIGN_OR_RETURN(std::string link_name, SafeRelativeName(hardlink));
      if (link_name.empty() || symlinks_.count(link_name)) {
        return Unsafe(shown, "hard link to '" + std::string(hardlink) + "'");
      }
      FERRY_RETURN_IF_ERROR(CheckNotBelowSymlink(link_name, shown));
      archive_entry_copy_hardlink(entry, (target_ / link_name).c_str());
    }
    if (type == AE_IFLNK) symlinks_.insert(name);
    ++summary_.entries;
    options_.on_entry(name);
    archive_entry_copy_pathname(entry, (name.empty() ? target_ : target_ / name).c_str());
    if (options_.map_owner) {
      const auto uid = static_cast<uint32_t>(archive_entry_uid(entry));
      const auto gid = static_cast<uint32_t>(archive_entry_gid(entry));
      const auto [new_uid, new_gid] = options_.map_owner(uid, gid);
      if (new_uid != uid || new_gid != gid) {
        archive_entry_set_uid(entry, new_uid);
        archive_entry_set_gid(entry, new_gid);
        ++summary_.owners_mapped;
      }
    }
    if (type == AE_IFREG && (archive_entry_perm(entry) & (S_ISUID | S_ISGID)) != 0) {
      if (summary_.setid_files.size() < kMaxListedSetId) summary_.setid_files.push_back(name);
      ++summary_.setid_count;
    }

    if (disk_ && archive_write_header(disk_, entry) < ARCHIVE_WARN) {
      return DiskError("cannot create " + shown);
    }
    while (true) {
      const void* block = nullptr;
      size_t size = 0;
      la_int64_t offset = 0;
      int rc = archive_read_data_block(reader_, &block, &size, &offset);
      if (rc == ARCHIVE_EOF) break;
      if (rc < ARCHIVE_WARN) return ReadError("cannot read the data of " + shown);
      // write_data_block seeks to offset: holes stay holes on disk. A failed
      // write(2) (ENOSPC, EIO, EFBIG) is only ARCHIVE_WARN to libarchive,
      // which then goes on with the next block: anything but OK is an error
      // here, or a full disk would restore a file of zeros past the point
      // where it filled.
      if (disk_ && archive_write_data_block(disk_, block, size, offset) != ARCHIVE_OK) {
        return DiskError("cannot write " + shown);
      }
      summary_.bytes += size;
      options_.progress(summary_.bytes);
    }
    // finish_entry sets size, times, modes and owners. A warning about an
    // owner or a time the file system cannot keep is tolerated; one that
    // carries a write errno (the final truncate to size of a sparse file
    // on a full disk) is not.
    if (disk_) {
      const int rc = archive_write_finish_entry(disk_);
      if (rc < ARCHIVE_WARN || (rc == ARCHIVE_WARN && IsWriteErrno(archive_errno(disk_)))) {
        return DiskError("cannot finish " + shown);
      }
    }
    return Status::Ok();
  }

  // Writing "a/b" after a symlink entry "a" would write wherever "a" points.
  Status CheckNotBelowSymlink(const std::string& name, const std::string& shown) {
    for (size_t slash = name.find('/'); slash != std::string::npos;
         slash = name.find('/', slash + 1)) {
      if (symlinks_.count(name.substr(0, slash))) {
        return Unsafe(shown, "it lies below the symlink '" + name.substr(0, slash) + "'");
      }
    }
    return Status::Ok();
  }

  // A failing source (a truncated zstd frame) explains more than libarchive.
  Status ReadError(const std::string& what) {
    if (!source_error_.ok()) return source_error_;
    const char* detail = archive_error_string(reader_);
    return Status::Error("FS002", what + ": " + (detail ? detail : "archive damaged"));
  }

  static bool IsWriteErrno(int err) {
    return err == ENOSPC || err == EDQUOT || err == EIO || err == EFBIG || err == EROFS;
  }

  // Extraction always writes this machine's target (a staging folder of
  // it), never the medium: the codes are the target's.
  Status DiskError(const std::string& what) {
    const int err = archive_errno(disk_);
    const char* detail = archive_error_string(disk_);
    // libarchive's own refusals (symlink or ".." guards) carry no OS errno.
    if (err <= 0) {
      return Status::Error("M003",
                           what + " in " + target_.string() + ": " + (detail ? detail : "refused"));
    }
    std::string hint = WriteErrorHint(err);
    return Status::Error(TargetWriteCode(err),
                         what + " in " + target_.string() + ": " + (detail ? detail : "error") +
                             (hint.empty() ? "" : " (" + hint + ")"),
                         err);
  }

  static la_ssize_t ReadCallback(struct archive* a, void* self_ptr, const void** block) {
    auto* self = static_cast<Extractor*>(self_ptr);
    Result<size_t> n = self->in_.Read(self->buffer_);
    if (!n.ok()) {
      self->source_error_ = n.status();
      archive_set_error(a, EIO, "input stream failed");
      return -1;
    }
    *block = self->buffer_.data();
    return static_cast<la_ssize_t>(*n);
  }

  stream::ByteSource& in_;
  fs::path target_;
  const ExtractOptions& options_;
  std::vector<std::byte> buffer_;
  struct archive* reader_ = nullptr;
  struct archive* disk_ = nullptr;
  std::set<std::string> symlinks_;  // normalized names of symlink entries so far
  ExtractSummary summary_;
  Status source_error_;
};

}  // namespace

Result<std::string> SafeRelativeName(const char* name) {
  if (name == nullptr || *name == '\0') return Unsafe("", "empty name");
  const std::string raw(name);
  if (raw[0] == '/') return Unsafe(raw, "absolute path");
  std::string normalized;
  size_t start = 0;
  while (start <= raw.size()) {
    size_t slash = raw.find('/', start);
    if (slash == std::string::npos) slash = raw.size();
    const std::string part = raw.substr(start, slash - start);
    if (part == "..") return Unsafe(raw, "'..' leads outside the target");
    if (!part.empty() && part != ".") normalized += (normalized.empty() ? "" : "/") + part;
    start = slash + 1;
  }
  return normalized;
}

Result<ExtractSummary> SafeExtract(stream::ByteSource& in, const fs::path& target_dir,
                                   const ExtractOptions& options) {
  fs::path anchored = target_dir;
  if (!options.list_only) {
    FERRY_ASSIGN_OR_RETURN(fs::path parent, platform::RealPath(target_dir.parent_path()));
    anchored = parent / target_dir.filename();
  }
  Extractor extractor(in, anchored, options);
  return extractor.Run();
}

}  // namespace ferry::archive
