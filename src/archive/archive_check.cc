#include "archive/archive_check.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <vector>

namespace ferry::archive {
namespace {

class Checker {
 public:
  Checker(stream::ByteSource& in, const std::string& shown, ArchiveKind kind)
      : in_(in), shown_(shown), kind_(kind), buffer_(stream::kBufferSize) {}
  ~Checker() {
    if (reader_) archive_read_free(reader_);
  }

  Result<ArchiveCheck> Run() {
    reader_ = archive_read_new();
    if (!reader_) return Status::Error("X004", "libarchive: out of memory");
    archive_read_support_filter_all(reader_);
    archive_read_support_format_all(reader_);
    // A plain .gz holds one file, not an archive: raw reads it as a
    // single entry, so its compressed stream is still read to the end.
    if (kind_ == ArchiveKind::kCompressedFile) archive_read_support_format_raw(reader_);
    if (archive_read_open2(reader_, this, nullptr, &Checker::ReadCallback, nullptr, nullptr) !=
        ARCHIVE_OK) {
      return Damaged("cannot be opened");
    }
    std::string current;
    while (true) {
      struct archive_entry* entry = nullptr;
      int rc = archive_read_next_header(reader_, &entry);
      if (rc == ARCHIVE_EOF) break;
      if (rc < ARCHIVE_WARN) {
        return Damaged(current.empty() ? "breaks at its first entry"
                                       : "breaks after entry '" + current + "'");
      }
      const char* name = archive_entry_pathname(entry);
      current = name ? name : "";
      while (true) {
        const void* block = nullptr;
        size_t size = 0;
        la_int64_t offset = 0;
        rc = archive_read_data_block(reader_, &block, &size, &offset);
        if (rc == ARCHIVE_EOF) break;
        if (rc < ARCHIVE_WARN) return Damaged("breaks inside entry '" + current + "'");
      }
      ++result_.entries;
    }
    // libarchive's "empty" format takes a 0-byte file; as an archive it is
    // broken (`tar -tzf` fails on it), not an archive of nothing.
    if (result_.entries == 0 && archive_format(reader_) == ARCHIVE_FORMAT_EMPTY) {
      return Damaged("is empty");
    }
    // Closing reads nothing more, but libarchive has by now consumed the
    // compressed stream up to the end of the archive's data.
    if (archive_read_close(reader_) != ARCHIVE_OK) return Damaged("cannot be closed");
    return result_;
  }

 private:
  Status Damaged(const std::string& where) {
    if (!source_error_.ok()) return source_error_;
    const char* detail = archive_error_string(reader_);
    return Status::Error("FS002",
                         "archive " + shown_ + " " + where + ": " + (detail ? detail : "damaged"));
  }

  static la_ssize_t ReadCallback(struct archive* a, void* self_ptr, const void** block) {
    auto* self = static_cast<Checker*>(self_ptr);
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
  const std::string& shown_;
  const ArchiveKind kind_;
  std::vector<std::byte> buffer_;
  struct archive* reader_ = nullptr;
  Status source_error_;
  ArchiveCheck result_;
};

bool EndsWith(const std::string& s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

ArchiveKind ArchiveKindOf(std::string_view file_name) {
  std::string lower(file_name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static constexpr std::array<std::string_view, 9> kArchiveSuffixes = {
      ".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.zst", ".tzst", ".tar.bz2", ".zip"};
  if (std::any_of(kArchiveSuffixes.begin(), kArchiveSuffixes.end(),
                  [&](std::string_view s) { return EndsWith(lower, s); })) {
    return ArchiveKind::kArchive;
  }
  return EndsWith(lower, ".gz") ? ArchiveKind::kCompressedFile : ArchiveKind::kNone;
}

Result<ArchiveCheck> CheckArchive(stream::ByteSource& in, const std::string& shown,
                                  ArchiveKind kind) {
  return Checker(in, shown, kind).Run();
}

}  // namespace ferry::archive
