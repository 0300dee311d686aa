// The only door to the operating system. Every file, process, clock and
// free-space call ferry makes goes through Platform, so that
//  - a port to macOS touches this folder only, and
//  - tests can inject real errnos (ENOSPC, EIO, EROFS), short writes and crash
//    points by wrapping it (PlatformWrapper, fault_injection.h).
// Modelled on leveldb's Env/EnvWrapper.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "diag/status.h"

namespace ferry::platform {

namespace fs = std::filesystem;

enum class FileType {
  kRegular,
  kDirectory,
  kSymlink,
  kFifo,
  kCharDevice,
  kBlockDevice,
  kSocket,
  kOther
};

// "a regular file", "a symlink", "a FIFO (named pipe)", "a character device", ...
std::string FileTypeName(FileType type);
// FIFOs, devices, sockets: neither data, a folder nor a link.
inline bool IsSpecialFile(FileType type) {
  return type != FileType::kRegular && type != FileType::kDirectory && type != FileType::kSymlink;
}

struct FileInfo {
  FileType type = FileType::kOther;
  uint64_t size = 0;
  uint32_t mode = 0;  // permission bits (07777)
  int64_t mtime_ns = 0;
  uint64_t device = 0;
  uint64_t inode = 0;
  uint64_t link_count = 0;
  uint32_t uid = 0;
  uint32_t gid = 0;
};

struct SpaceInfo {
  uint64_t capacity = 0;
  uint64_t available = 0;  // for an unprivileged writer
};

// A byte range that holds data in a sparse file.
struct DataRegion {
  uint64_t offset = 0;
  uint64_t length = 0;
};

enum class ReadMode {
  kCached,      // ordinary reads
  kFromDevice,  // drop the page cache first so bytes come from the device (verify)
};

class ReadableFile {
 public:
  virtual ~ReadableFile() = default;
  // Reads up to buffer.size() bytes; 0 means end of file.
  virtual Result<size_t> Read(std::span<std::byte> buffer) = 0;
  // Positional read, for sparse regions.
  virtual Result<size_t> ReadAt(uint64_t offset, std::span<std::byte> buffer) = 0;
  // Data regions of the file (one region covering it all when not sparse).
  virtual Result<std::vector<DataRegion>> DataRegions() = 0;
};

class WritableFile {
 public:
  virtual ~WritableFile() = default;
  // Writes all of data or fails (a short write is retried, never returned).
  virtual Status Append(std::span<const std::byte> data) = 0;
  virtual Status Sync() = 0;
  virtual Status Close() = 0;
};

// Data a child process reads from an inherited descriptor, e.g. a client
// option file with a password handed over as /dev/fd/N, never on argv.
// Normally a pipe: the child can read it once. rereadable puts the content
// in an anonymous in-memory file (memfd) instead, so every open of
// /dev/fd/N reads it from the start: mydumper's worker threads each re-read
// their --defaults-file, and a pipe is empty for all but the first. Either
// way the secret never touches a disk.
struct InheritedData {
  int child_fd = 3;
  std::string content;
  bool rereadable = false;
};

struct SpawnOptions {
  std::vector<std::string> argv;                         // argv[0] looked up in PATH
  std::vector<std::pair<std::string, std::string>> env;  // added to / overriding the environment
  std::vector<std::string> env_remove;                   // removed from the environment
  fs::path cwd;                                          // empty: inherit
  bool pipe_stdin = false;                               // else /dev/null
  bool pipe_stdout = true;                               // else /dev/null
  std::vector<InheritedData> inherited;                  // extra descriptors with content
};

// A running child. stderr is always collected (the last 64 KiB) on a thread
// of its own so a chatty child can never block on a full pipe.
class Process {
 public:
  virtual ~Process() = default;
  virtual int pid() const = 0;
  virtual Result<size_t> ReadStdout(std::span<std::byte> buffer) = 0;  // 0 at EOF
  virtual Status WriteStdin(std::span<const std::byte> data) = 0;
  virtual void CloseStdin() = 0;
  // Waits for exit: exit code, or 128+signal when killed by a signal.
  virtual Result<int> Wait() = 0;
  virtual std::string Stderr() = 0;  // REQUIRES: Wait() returned
  virtual void Kill(int signal) = 0;
};

// A connected stream socket (a unix socket to a local daemon). Used where a
// protocol needs the raw connection after an HTTP upgrade, which libcurl does
// not hand over (the Docker exec stream with stdin half-close).
class StreamSocket {
 public:
  virtual ~StreamSocket() = default;
  // Reads up to buffer.size() bytes; 0 means the peer closed its side.
  virtual Result<size_t> Read(std::span<std::byte> buffer) = 0;
  // Writes all of data or fails.
  virtual Status Write(std::span<const std::byte> data) = 0;
  // Half-close: the peer reads end of stream, our reads go on.
  virtual Status ShutdownWrite() = 0;
  // Both directions; a Read blocked on another thread returns 0.
  virtual void Shutdown() = 0;
};

// A process holding a TCP port. Only the program name (/proc/<pid>/comm) is
// kept, never the command line: another program's argv may hold a password.
struct PortHolder {
  int pid = 0;
  std::string command;
};

// Whether a TCP port of this machine is taken, and by whom where the OS tells
// (holders stay empty for another user's process or another namespace).
struct PortUse {
  bool taken = false;
  std::vector<PortHolder> holders;
};

class Platform {
 public:
  virtual ~Platform() = default;

  // Files.
  // Opens a regular file for reading. A final symlink is not followed
  // (ELOOP), and anything that is not a regular file (FIFO, device, socket,
  // directory) is refused before a byte is read, without blocking on a FIFO:
  // the Status then says what the descriptor's fstat saw; Stat tells the
  // caller the type, and the caller picks the code.
  virtual Result<std::unique_ptr<ReadableFile>> OpenRead(const fs::path& path,
                                                         ReadMode mode = ReadMode::kCached) = 0;
  // Creates or truncates path for writing.
  virtual Result<std::unique_ptr<WritableFile>> OpenWrite(const fs::path& path) = 0;
  // Creates path only if it does not exist (O_EXCL); the file holds content, synced.
  virtual Status CreateExclusive(const fs::path& path, const std::string& content) = 0;
  virtual Status Rename(const fs::path& from, const fs::path& to) = 0;
  virtual Status SyncDir(const fs::path& dir) = 0;
  virtual Status RemoveFile(const fs::path& path) = 0;
  virtual Status RemoveTree(const fs::path& path) = 0;
  virtual Status CreateDirs(const fs::path& path) = 0;
  // lstat(2): links are not followed.
  virtual Result<FileInfo> Stat(const fs::path& path) = 0;
  virtual bool Exists(const fs::path& path) = 0;  // without following a final link
  // Entry names (no "." or ".."), sorted bytewise.
  virtual Result<std::vector<std::string>> ListDir(const fs::path& dir) = 0;
  virtual Result<std::string> ReadLink(const fs::path& path) = 0;
  virtual Status Symlink(const std::string& target, const fs::path& link) = 0;
  virtual Status SetMode(const fs::path& path, uint32_t mode) = 0;

  // Resources.
  virtual Result<SpaceInfo> DiskSpace(const fs::path& path) = 0;
  virtual Result<uint64_t> AvailableMemory() = 0;
  virtual fs::path TempDir() = 0;
  virtual fs::path StateDir() = 0;  // $FERRY_STATE_DIR, $XDG_STATE_HOME/ferry, ~/.local/state/ferry

  // Processes and identity.
  virtual Result<std::unique_ptr<Process>> Spawn(const SpawnOptions& options) = 0;
  virtual bool FindProgram(const std::string& name) = 0;  // in PATH
  virtual std::string HostName() = 0;
  virtual int ProcessId() = 0;
  virtual bool ProcessAlive(int pid) = 0;
  virtual std::string GetEnv(const std::string& name) = 0;  // "" when unset
  virtual bool IsTerminal(int fd) = 0;
  // Accounts of this machine, for owners restored from another one (uid
  // 1000 on Linux is nobody on a Mac, whose first user is 501).
  virtual uint32_t EffectiveUid() = 0;
  virtual uint32_t EffectiveGid() = 0;
  virtual bool UserExists(uint32_t uid) = 0;
  virtual bool GroupExists(uint32_t gid) = 0;
  // The user's primary group, or nullopt when there is no such user.
  virtual std::optional<uint32_t> PrimaryGroupOf(uint32_t uid) = 0;

  // Sockets.
  virtual Result<std::unique_ptr<StreamSocket>> ConnectUnix(const fs::path& path) = 0;
  // A bind test on the port (all addresses) and the listeners /proc names.
  virtual Result<PortUse> ProbeTcpPort(uint16_t port) = 0;

  // Clocks.
  virtual std::chrono::system_clock::time_point Now() = 0;
  virtual std::chrono::steady_clock::time_point Monotonic() = 0;
};

// The real operating system.
Platform& DefaultPlatform();

// Forwards every call to a target; tests override what they need.
class PlatformWrapper : public Platform {
 public:
  explicit PlatformWrapper(Platform& target) : target_(target) {}
  Platform& target() { return target_; }

  Result<std::unique_ptr<ReadableFile>> OpenRead(const fs::path& p, ReadMode m) override {
    return target_.OpenRead(p, m);
  }
  Result<std::unique_ptr<WritableFile>> OpenWrite(const fs::path& p) override {
    return target_.OpenWrite(p);
  }
  Status CreateExclusive(const fs::path& p, const std::string& c) override {
    return target_.CreateExclusive(p, c);
  }
  Status Rename(const fs::path& a, const fs::path& b) override { return target_.Rename(a, b); }
  Status SyncDir(const fs::path& d) override { return target_.SyncDir(d); }
  Status RemoveFile(const fs::path& p) override { return target_.RemoveFile(p); }
  Status RemoveTree(const fs::path& p) override { return target_.RemoveTree(p); }
  Status CreateDirs(const fs::path& p) override { return target_.CreateDirs(p); }
  Result<FileInfo> Stat(const fs::path& p) override { return target_.Stat(p); }
  bool Exists(const fs::path& p) override { return target_.Exists(p); }
  Result<std::vector<std::string>> ListDir(const fs::path& d) override {
    return target_.ListDir(d);
  }
  Result<std::string> ReadLink(const fs::path& p) override { return target_.ReadLink(p); }
  Status Symlink(const std::string& t, const fs::path& l) override { return target_.Symlink(t, l); }
  Status SetMode(const fs::path& p, uint32_t m) override { return target_.SetMode(p, m); }
  Result<SpaceInfo> DiskSpace(const fs::path& p) override { return target_.DiskSpace(p); }
  Result<uint64_t> AvailableMemory() override { return target_.AvailableMemory(); }
  fs::path TempDir() override { return target_.TempDir(); }
  fs::path StateDir() override { return target_.StateDir(); }
  Result<std::unique_ptr<Process>> Spawn(const SpawnOptions& o) override {
    return target_.Spawn(o);
  }
  bool FindProgram(const std::string& n) override { return target_.FindProgram(n); }
  std::string HostName() override { return target_.HostName(); }
  int ProcessId() override { return target_.ProcessId(); }
  bool ProcessAlive(int pid) override { return target_.ProcessAlive(pid); }
  std::string GetEnv(const std::string& n) override { return target_.GetEnv(n); }
  bool IsTerminal(int fd) override { return target_.IsTerminal(fd); }
  uint32_t EffectiveUid() override { return target_.EffectiveUid(); }
  uint32_t EffectiveGid() override { return target_.EffectiveGid(); }
  bool UserExists(uint32_t uid) override { return target_.UserExists(uid); }
  bool GroupExists(uint32_t gid) override { return target_.GroupExists(gid); }
  std::optional<uint32_t> PrimaryGroupOf(uint32_t uid) override {
    return target_.PrimaryGroupOf(uid);
  }
  Result<std::unique_ptr<StreamSocket>> ConnectUnix(const fs::path& p) override {
    return target_.ConnectUnix(p);
  }
  Result<PortUse> ProbeTcpPort(uint16_t port) override { return target_.ProbeTcpPort(port); }
  std::chrono::system_clock::time_point Now() override { return target_.Now(); }
  std::chrono::steady_clock::time_point Monotonic() override { return target_.Monotonic(); }

 private:
  Platform& target_;
};

}  // namespace ferry::platform
