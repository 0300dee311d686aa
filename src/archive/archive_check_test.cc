#include "archive/archive_check.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <string>

namespace ferry::archive {
namespace {

// Model-like content: compressible text, so the deflate stream is Huffman
// coded and a flipped byte in it changes what decodes.
std::string Weights(int lines) {
  std::string text;
  for (int i = 0; i < lines; ++i)
    text += "layer " + std::to_string(i) + " weight " + std::to_string(i * 7919 % 1000) + "\n";
  return text;
}

// An archive written by libarchive in memory: format and filter as named
// by libarchive ("pax"/"zip"/"raw", "gzip"/"xz"/"zstd"/"none").
std::string Archive(const std::string& format, const std::string& filter) {
  struct archive* a = archive_write_new();
  archive_write_set_format_by_name(a, format.c_str());
  if (filter != "none") archive_write_add_filter_by_name(a, filter.c_str());
  archive_write_set_bytes_per_block(a, 0);
  std::string out(4 << 20, '\0');
  size_t used = 0;
  EXPECT_EQ(archive_write_open_memory(a, out.data(), out.size(), &used), ARCHIVE_OK);
  const char* names[] = {"meta.json", "ner/model.bin", "vocab/strings.json"};
  const int count = format == "raw" ? 1 : 3;
  for (int i = 0; i < count; ++i) {
    const std::string data = Weights(4000 * (i + 1));
    struct archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, names[i]);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
    EXPECT_EQ(archive_write_header(a, e), ARCHIVE_OK);
    EXPECT_EQ(archive_write_data(a, data.data(), data.size()),
              static_cast<la_ssize_t>(data.size()));
    archive_entry_free(e);
  }
  EXPECT_EQ(archive_write_close(a), ARCHIVE_OK);
  archive_write_free(a);
  out.resize(used);
  return out;
}

Result<ArchiveCheck> Check(const std::string& bytes, ArchiveKind kind = ArchiveKind::kArchive) {
  stream::StringSource source(bytes);
  return CheckArchive(source, "NER11_Gold_Model.tar.gz", kind);
}

TEST(ArchiveCheckTest, IntactArchivesOfEveryKindPass) {
  for (const auto& [format, filter] : {std::pair{"pax", "none"},
                                       {"pax", "gzip"},
                                       {"pax", "xz"},
                                       {"pax", "zstd"},
                                       {"zip", "none"},
                                       {"raw", "gzip"}}) {
    const bool single = std::string(format) == "raw";
    auto checked = Check(Archive(format, filter),
                         single ? ArchiveKind::kCompressedFile : ArchiveKind::kArchive);
    ASSERT_TRUE(checked.ok()) << format << "+" << filter << ": " << checked.status().ToString();
    EXPECT_EQ(checked->entries, single ? 1u : 3u) << format << "+" << filter;
  }
}

TEST(ArchiveCheckTest, TruncatedTarGzIsFs002NamingArchiveAndEntry) {
  std::string bytes = Archive("pax", "gzip");
  bytes.resize(bytes.size() / 2);
  auto checked = Check(bytes);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.status().code(), "FS002");
  EXPECT_NE(checked.status().message().find("NER11_Gold_Model.tar.gz"), std::string::npos);
  EXPECT_NE(checked.status().message().find("entry '"), std::string::npos)
      << checked.status().ToString();
}

TEST(ArchiveCheckTest, FlippedByteInDeflateStreamIsFs002) {
  std::string bytes = Archive("pax", "gzip");
  bytes[bytes.size() / 3] = static_cast<char>(bytes[bytes.size() / 3] ^ 0x55);
  auto checked = Check(bytes);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.status().code(), "FS002");
  EXPECT_NE(checked.status().message().find("NER11_Gold_Model.tar.gz"), std::string::npos);
}

TEST(ArchiveCheckTest, TarWithADamagedFirstHeaderIsNotTakenForARawFile) {
  std::string bytes = Archive("pax", "none");
  for (int i = 0; i < 512; ++i) bytes[i] = static_cast<char>(0x5A);
  auto checked = Check(bytes);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.status().code(), "FS002");
}

TEST(ArchiveCheckTest, EmptyFileIsNotAnIntactArchive) {
  auto checked = Check("");
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.status().code(), "FS002");
}

TEST(ArchiveCheckTest, ArchiveNamesAreRecognized) {
  for (const char* name :
       {"m.tar", "NER11_Gold_Model.tar.gz", "m.TGZ", "m.tar.xz", "m.tar.zst", "m.zip"}) {
    EXPECT_EQ(ArchiveKindOf(name), ArchiveKind::kArchive) << name;
  }
  EXPECT_EQ(ArchiveKindOf("vectors.gz"), ArchiveKind::kCompressedFile);
  for (const char* name : {"model.bin", "tar", "notes.txt", "gz.json"}) {
    EXPECT_EQ(ArchiveKindOf(name), ArchiveKind::kNone) << name;
  }
}

}  // namespace
}  // namespace ferry::archive
