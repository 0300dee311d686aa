// POSIX files: reads that can bypass the page cache, writes that never
// return short, sparse-aware region listing.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "platform/posix_platform.h"

#ifndef O_NOATIME
#define O_NOATIME 0  // macOS: no such flag; atime follows the mount options
#endif

namespace ferry::platform {
namespace {

// What the OS said: the operation, the path, the errno. No catalog code:
// the caller knows whether this was the medium, the target or the source.
Status ErrnoStatus(const std::string& what, const fs::path& path, int err) {
  return Status::OsError(what + " " + path.string(), err);
}

class PosixReadableFile final : public ReadableFile {
 public:
  PosixReadableFile(int fd, fs::path path) : fd_(fd), path_(std::move(path)) {}
  ~PosixReadableFile() override { ::close(fd_); }

  Result<size_t> Read(std::span<std::byte> buffer) override {
    while (true) {
      ssize_t n = ::read(fd_, buffer.data(), buffer.size());
      if (n >= 0) return static_cast<size_t>(n);
      if (errno != EINTR) return ErrnoStatus("cannot read", path_, errno);
    }
  }

  Result<size_t> ReadAt(uint64_t offset, std::span<std::byte> buffer) override {
    while (true) {
      ssize_t n = ::pread(fd_, buffer.data(), buffer.size(), static_cast<off_t>(offset));
      if (n >= 0) return static_cast<size_t>(n);
      if (errno != EINTR) return ErrnoStatus("cannot read", path_, errno);
    }
  }

  Result<std::vector<DataRegion>> DataRegions() override {
    struct stat st;
    if (::fstat(fd_, &st) != 0) return ErrnoStatus("cannot stat", path_, errno);
    const off_t size = st.st_size;
    std::vector<DataRegion> regions;
    // Only files with fewer allocated blocks than their size can have holes.
    if (size == 0 || static_cast<off_t>(st.st_blocks) * 512 >= size) {
      if (size > 0) regions.push_back({0, static_cast<uint64_t>(size)});
      return regions;
    }
    off_t pos = 0;
    while (pos < size) {
      off_t data = ::lseek(fd_, pos, SEEK_DATA);
      if (data < 0) {
        if (errno == ENXIO) break;  // only a hole remains
        // File system without SEEK_DATA: treat as dense.
        return std::vector<DataRegion>{{0, static_cast<uint64_t>(size)}};
      }
      off_t hole = ::lseek(fd_, data, SEEK_HOLE);
      if (hole < 0) hole = size;
      regions.push_back({static_cast<uint64_t>(data), static_cast<uint64_t>(hole - data)});
      pos = hole;
    }
    ::lseek(fd_, 0, SEEK_SET);
    return regions;
  }

 private:
  int fd_;
  fs::path path_;
};

class PosixWritableFile final : public WritableFile {
 public:
  PosixWritableFile(int fd, fs::path path) : fd_(fd), path_(std::move(path)) {}
  ~PosixWritableFile() override {
    if (fd_ >= 0) ::close(fd_);
  }

  Status Append(std::span<const std::byte> data) override {
    const std::byte* p = data.data();
    size_t left = data.size();
    while (left > 0) {
      ssize_t n = ::write(fd_, p, left);
      if (n < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus("cannot write", path_, errno);
      }
      p += n;
      left -= static_cast<size_t>(n);
    }
    return Status::Ok();
  }

  Status Sync() override {
    if (::fsync(fd_) != 0) return ErrnoStatus("cannot sync", path_, errno);
    return Status::Ok();
  }

  Status Close() override {
    if (fd_ < 0) return Status::Ok();
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) return ErrnoStatus("cannot close", path_, errno);
    return Status::Ok();
  }

 private:
  int fd_;
  fs::path path_;
};

FileType TypeOf(mode_t mode) {
  if (S_ISREG(mode)) return FileType::kRegular;
  if (S_ISDIR(mode)) return FileType::kDirectory;
  if (S_ISLNK(mode)) return FileType::kSymlink;
  if (S_ISFIFO(mode)) return FileType::kFifo;
  if (S_ISCHR(mode)) return FileType::kCharDevice;
  if (S_ISBLK(mode)) return FileType::kBlockDevice;
  if (S_ISSOCK(mode)) return FileType::kSocket;
  return FileType::kOther;
}

}  // namespace

std::string FileTypeName(FileType type) {
  switch (type) {
    case FileType::kRegular:
      return "a regular file";
    case FileType::kDirectory:
      return "a directory";
    case FileType::kSymlink:
      return "a symlink";
    case FileType::kFifo:
      return "a FIFO (named pipe)";
    case FileType::kCharDevice:
      return "a character device";
    case FileType::kBlockDevice:
      return "a block device";
    case FileType::kSocket:
      return "a socket";
    case FileType::kOther:
      break;
  }
  return "a special file";
}

Result<std::unique_ptr<ReadableFile>> PosixPlatform::OpenRead(const fs::path& path, ReadMode mode) {
  // O_NOATIME: reading the source must not even change its access times
  // (promise 1). The kernel refuses it for files of other users: retry.
  // O_NONBLOCK: opening a FIFO must not wait for a writer (a FIFO on the
  // medium would hang every command); it is cleared once fstat has shown a
  // regular file. O_NOFOLLOW: a final symlink fails with ELOOP.
  const int flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK;
  int fd = ::open(path.c_str(), flags | O_NOATIME);
  if (fd < 0 && errno == EPERM) fd = ::open(path.c_str(), flags);
  if (fd < 0) {
    if (errno == ELOOP) return ErrnoStatus("cannot open (it is a symlink)", path, errno);
    return ErrnoStatus("cannot open", path, errno);
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return ErrnoStatus("cannot stat", path, err);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::OsError("refusing to read " + path.string() + ": it is " +
                               FileTypeName(TypeOf(st.st_mode)) + ", not a regular file",
                           S_ISDIR(st.st_mode) ? EISDIR : 0);
  }
  int fl = ::fcntl(fd, F_GETFL);
  if (fl < 0 || ::fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
    int err = errno;
    ::close(fd);
    return ErrnoStatus("cannot clear O_NONBLOCK on", path, err);
  }
  if (mode == ReadMode::kFromDevice) {
    // Clean pages are dropped, so the reads that follow come from the device.
    // Callers wrote and fsynced before, which is what makes the pages clean.
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return std::unique_ptr<ReadableFile>(new PosixReadableFile(fd, path));
}

Result<std::unique_ptr<WritableFile>> PosixPlatform::OpenWrite(const fs::path& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus("cannot create", path, errno);
  return std::unique_ptr<WritableFile>(new PosixWritableFile(fd, path));
}

Status PosixPlatform::CreateExclusive(const fs::path& path, const std::string& content) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    return ErrnoStatus("cannot create", path, errno);
  }
  PosixWritableFile file(fd, path);
  FERRY_RETURN_IF_ERROR(file.Append(std::as_bytes(std::span(content.data(), content.size()))));
  FERRY_RETURN_IF_ERROR(file.Sync());
  return file.Close();
}

Status PosixPlatform::Rename(const fs::path& from, const fs::path& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) {
    return ErrnoStatus("cannot rename " + from.string() + " to", to, errno);
  }
  return Status::Ok();
}

Status PosixPlatform::SyncDir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("cannot open directory", dir, errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0 && err != EINVAL) return ErrnoStatus("cannot sync directory", dir, err);
  return Status::Ok();
}

Status PosixPlatform::RemoveFile(const fs::path& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return ErrnoStatus("cannot remove", path, errno);
  }
  return Status::Ok();
}

Status PosixPlatform::RemoveTree(const fs::path& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
  if (ec) return Status::OsError("cannot remove " + path.string(), ec.value());
  return Status::Ok();
}

Status PosixPlatform::CreateDirs(const fs::path& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) return Status::OsError("cannot create directory " + path.string(), ec.value());
  return Status::Ok();
}

Result<FileInfo> PosixPlatform::Stat(const fs::path& path) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) {
    return ErrnoStatus("cannot stat", path, errno);
  }
  FileInfo info;
  info.type = TypeOf(st.st_mode);
  info.size = static_cast<uint64_t>(st.st_size);
  info.mode = st.st_mode & 07777;
  info.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  info.device = st.st_dev;
  info.inode = st.st_ino;
  info.link_count = st.st_nlink;
  info.uid = st.st_uid;
  info.gid = st.st_gid;
  return info;
}

bool PosixPlatform::Exists(const fs::path& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

Result<std::vector<std::string>> PosixPlatform::ListDir(const fs::path& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return ErrnoStatus("cannot list", dir, errno);
  std::vector<std::string> names;
  errno = 0;
  while (struct dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(std::move(name));
  }
  int err = errno;
  ::closedir(d);
  if (err != 0) return ErrnoStatus("cannot list", dir, err);
  std::sort(names.begin(), names.end());
  return names;
}

Result<std::string> PosixPlatform::ReadLink(const fs::path& path) {
  std::string target(4096, '\0');
  ssize_t n = ::readlink(path.c_str(), target.data(), target.size());
  if (n < 0) return ErrnoStatus("cannot read link", path, errno);
  target.resize(static_cast<size_t>(n));
  return target;
}

Status PosixPlatform::Symlink(const std::string& target, const fs::path& link) {
  if (::symlink(target.c_str(), link.c_str()) != 0) {
    return ErrnoStatus("cannot create link", link, errno);
  }
  return Status::Ok();
}

Status PosixPlatform::SetMode(const fs::path& path, uint32_t mode) {
  if (::chmod(path.c_str(), mode) != 0) return ErrnoStatus("cannot chmod", path, errno);
  return Status::Ok();
}

}  // namespace ferry::platform
