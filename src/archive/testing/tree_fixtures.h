// Test fixtures for the archive layer and the files kind: a temporary
// folder, a tree with every hostile name, link, mode and hole we promise to
// keep, and an independent comparison of two trees that does not use the
// tree digest (stat fields and bytes, read with plain POSIX calls).
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>

namespace ferry::archive::testing {

namespace fs = std::filesystem;

// A fresh folder under the system temp dir, removed at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "ferry-test-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    // Read-only folders inside would stop remove_all.
    for (auto it = fs::recursive_directory_iterator(path_, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
      if (it->is_directory(ec) && !it->is_symlink(ec)) ::chmod(it->path().c_str(), 0700);
    }
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

inline void WriteFile(const fs::path& path, const std::string& content, mode_t mode = 0644) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
  ::chmod(path.c_str(), mode);
}

inline std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string RandomBytes(size_t n, unsigned seed) {
  std::mt19937 gen(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(gen() & 0xff);
  return s;
}

inline void SetMtime(const fs::path& path, int64_t sec, long nsec) {
  struct timespec times[2] = {{sec, nsec}, {sec, nsec}};
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW), 0) << path;
}

constexpr uint64_t kSparseSize = 64ull << 20;

// Builds the hostile tree under root (which must not exist yet).
inline void MakeHostileTree(const fs::path& root) {
  fs::create_directories(root);
  WriteFile(root / "plain.txt", "hello\n");
  WriteFile(root / "name with spaces.txt", "spaces");
  WriteFile(root /
                "\xc3\xbcnic\xc3\xb6"
                "de-\xe6\x97\xa5\xe6\x9c\xac.txt",
            "utf8");
  WriteFile(root / "new\nline", "newline");
  WriteFile(root / "back\\slash", "backslash");
  WriteFile(root / "-leading-dash", "dash");
  WriteFile(root / "deep" / std::string(200, 'a') / std::string(200, 'b'), "long names");
  WriteFile(root / "random.bin", RandomBytes(300000, 7));
  WriteFile(root / "private", "0600", 0600);
  WriteFile(root / "tool.sh", "#!/bin/sh\n", 0755);
  WriteFile(root / "setuid", "suid", 04755);
  WriteFile(root / "readonly", "ro", 0444);
  WriteFile(root / "empty-file", "");
  fs::create_directories(root / "empty");
  fs::create_directories(root / "nested" / "empty" / "too");
  fs::create_directories(root / "locked");
  WriteFile(root / "locked" / "inside", "in a 0700 dir");
  ::chmod((root / "locked").c_str(), 0700);
  fs::create_symlink("plain.txt", root / "link-to-plain");
  fs::create_symlink("does/not/exist", root / "dangling");
  fs::create_symlink("/etc/hostname", root / "absolute-link");
  fs::create_directory_symlink("nested", root / "dir-link");
  WriteFile(root / "hard1", "shared content");
  fs::create_directories(root / "sub");
  fs::create_hard_link(root / "hard1", root / "sub" / "hard2");
  // 64 MiB with two 4 KiB islands of data: the rest is hole.
  int fd = ::open((root / "sparse.bin").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::ftruncate(fd, static_cast<off_t>(kSparseSize)), 0);
  const std::string island = RandomBytes(4096, 11);
  ASSERT_EQ(::pwrite(fd, island.data(), island.size(), 1 << 20), 4096);
  ASSERT_EQ(::pwrite(fd, island.data(), island.size(), 40 << 20), 4096);
  ::close(fd);
  // Owners travel as numbers; only root can give files away to check it.
  if (::geteuid() == 0) {
    ASSERT_EQ(::lchown((root / "private").c_str(), 1234, 5678), 0);
    ASSERT_EQ(::lchown((root / "dangling").c_str(), 4321, 8765), 0);
  }
  SetMtime(root / "plain.txt", 1234567890, 123456789);
  SetMtime(root / "random.bin", 946684800, 999999999);
  SetMtime(root / "link-to-plain", 1000000000, 5);
  // Directory mtimes last: adding entries above changed them.
  SetMtime(root / "empty", 1500000000, 42);
}

inline uint64_t AllocatedBytes(const fs::path& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_blocks) * 512 : 0;
}

// Everything we promise to keep, per relative path, as one comparable line.
inline std::map<std::string, std::string> Describe(const fs::path& root) {
  std::map<std::string, std::string> out;
  std::map<std::string, ino_t> linked;      // hard-linked names and their inode
  std::map<ino_t, std::string> group_name;  // inode -> smallest name (order-free)
  auto describe = [&](const fs::path& path, const std::string& rel) {
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) return;
    std::ostringstream line;
    line << "mode=" << std::oct << (st.st_mode & 07777) << std::dec << " uid=" << st.st_uid
         << " gid=" << st.st_gid;
    if (S_ISLNK(st.st_mode)) {
      line << " link=" << fs::read_symlink(path).string();
    } else {
      line << " mtime=" << st.st_mtim.tv_sec << "." << st.st_mtim.tv_nsec;
    }
    if (S_ISREG(st.st_mode)) {
      line << " size=" << st.st_size << " sha=" << std::hash<std::string>{}(ReadFile(path));
      if (st.st_nlink > 1) {
        linked[rel] = st.st_ino;
        auto [it, fresh] = group_name.emplace(st.st_ino, rel);
        if (!fresh && rel < it->second) it->second = rel;
      }
    }
    if (S_ISDIR(st.st_mode)) line << " dir";
    out[rel] = line.str();
  };
  describe(root, ".");
  for (auto it = fs::recursive_directory_iterator(root); it != fs::end(it); ++it) {
    describe(it->path(), it->path().lexically_relative(root).string());
  }
  for (const auto& [rel, ino] : linked) out[rel] += " hardlink-group=" + group_name[ino];
  return out;
}

}  // namespace ferry::archive::testing
