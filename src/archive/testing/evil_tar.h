// Tar streams written with libarchive directly, as an attacker would:
// names with "..", absolute names, symlink-then-write, links outside.
#pragma once

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ferry::archive::testing {

// An archive written with libarchive directly, as an attacker would.
class EvilTar {
 public:
  EvilTar() : buffer_(1 << 20) {
    a_ = archive_write_new();
    archive_write_set_format_pax(a_);
    archive_write_open_memory(a_, buffer_.data(), buffer_.size(), &used_);
  }
  EvilTar& File(const std::string& name, const std::string& content) {
    Add(name, AE_IFREG, content);
    return *this;
  }
  EvilTar& Dir(const std::string& name) {
    Add(name, AE_IFDIR, "");
    return *this;
  }
  EvilTar& Symlink(const std::string& name, const std::string& target) {
    Add(name, AE_IFLNK, "", target);
    return *this;
  }
  EvilTar& HardLink(const std::string& name, const std::string& target) {
    Add(name, AE_IFREG, "", "", target);
    return *this;
  }
  std::string Bytes() {
    archive_write_close(a_);
    archive_write_free(a_);
    a_ = nullptr;
    return std::string(buffer_.data(), used_);
  }
  ~EvilTar() {
    if (a_) archive_write_free(a_);
  }

 private:
  void Add(const std::string& name, mode_t type, const std::string& content,
           const std::string& symlink = "", const std::string& hardlink = "") {
    struct archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name.c_str());
    archive_entry_set_filetype(e, type);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, static_cast<la_int64_t>(content.size()));
    if (!symlink.empty()) archive_entry_set_symlink(e, symlink.c_str());
    if (!hardlink.empty()) archive_entry_set_hardlink(e, hardlink.c_str());
    ASSERT_EQ(archive_write_header(a_, e), ARCHIVE_OK) << archive_error_string(a_);
    if (!content.empty()) archive_write_data(a_, content.data(), content.size());
    archive_entry_free(e);
  }

  std::vector<char> buffer_;
  size_t used_ = 0;
  struct archive* a_;
};

}  // namespace ferry::archive::testing
