// Reads an archive found inside a component (a tar, tar.gz/tgz, tar.xz,
// tar.zst, zip or plain .gz) to its end through libarchive, writing
// nothing, so a damaged one is found before it travels (seed Phase 1,
// "NER11 Archive Corruption": `tar -tzf`). Streaming: memory stays one
// buffer whatever the archive's size.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "diag/status.h"
#include "stream/stream.h"

namespace ferry::archive {

struct ArchiveCheck {
  uint64_t entries = 0;  // entries read completely
};

enum class ArchiveKind {
  kNone,
  kArchive,         // .tar, .tar.gz/.tgz, .tar.xz/.txz, .tar.zst/.tzst, .tar.bz2, .zip
  kCompressedFile,  // any other .gz: one compressed file, not an archive
};

// By the file name, case-insensitive.
ArchiveKind ArchiveKindOf(std::string_view file_name);

// Reads every entry's header and data. A damaged or truncated archive is
// FS002 naming `shown` and the entry where it breaks (or the last intact
// one when a header is damaged); a failing source keeps its own Status.
// kCompressedFile is read as one entry; a kArchive must be a format
// libarchive recognizes (else a tar with a damaged first header would
// pass as "one raw file").
Result<ArchiveCheck> CheckArchive(stream::ByteSource& in, const std::string& shown,
                                  ArchiveKind kind = ArchiveKind::kArchive);

}  // namespace ferry::archive
