// The medium: a folder (a USB drive's mount point, any directory) that holds
// payloads in plain formats. Every file is written as "<name>.part", synced,
// renamed and its folder synced (leveldb's SetCurrentFile pattern), so a
// crash never leaves a half-written file under its final name.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "diag/status.h"
#include "platform/platform.h"
#include "stream/file_stream.h"
#include "stream/sha256.h"
#include "stream/stream.h"

namespace ferry::medium {

namespace fs = std::filesystem;

inline constexpr std::string_view kPartSuffix = ".part";
inline constexpr std::string_view kLockFile = ".ferry.lock";

struct MediumFile {
  std::string path;  // relative, '/'-separated
  uint64_t size = 0;
};

// A sink that writes "<path>.part", hashing what passes; Commit makes it
// durable under its final name, Abort removes the .part.
class AtomicFile final : public stream::ByteSink {
 public:
  AtomicFile(platform::Platform& os, fs::path final_path,
             std::unique_ptr<platform::WritableFile> file);
  ~AtomicFile() override;  // aborts when neither Commit nor Abort ran

  Status Write(std::span<const std::byte> data) override;
  Status Finish() override { return Status::Ok(); }  // Commit does the work
  Status Commit();                                   // sync, close, rename, sync the folder
  void Abort();

  const std::string& sha256() const { return hash_.hex(); }  // valid after Commit
  uint64_t size() const { return hash_.size(); }

 private:
  platform::Platform& os_;
  fs::path final_path_;
  std::unique_ptr<platform::WritableFile> file_;
  stream::FileSink file_sink_;
  stream::Sha256Sink hash_;
  bool done_ = false;
};

class Medium {
 public:
  Medium(platform::Platform& os, fs::path root) : os_(os), root_(std::move(root)) {}

  const fs::path& root() const { return root_; }
  platform::Platform& os() { return os_; }
  fs::path PathOf(std::string_view rel) const { return root_ / fs::path(std::string(rel)); }

  // FS001/P003 unless a probe file can be created, synced and removed.
  Status CheckWritable();
  Result<platform::SpaceInfo> Space();

  // Starts writing rel (creating its folder).
  Result<std::unique_ptr<AtomicFile>> Create(std::string_view rel);
  // Writes a small file atomically (manifests, the stack copy).
  Status WriteSmallFile(std::string_view rel, std::string_view content);
  // M002 when rel holds more than max_size bytes.
  Result<std::string> ReadSmallFile(std::string_view rel, size_t max_size = 64 << 20);
  // Opens rel for reading. The medium is untrusted input: anything but a
  // regular file (a symlink, FIFO, device, socket, directory) is refused
  // with M010 naming what it is, and never read. With max_size (the
  // manifest's recorded size) the source yields at most that many bytes and
  // fails with M006 when the file holds more: a payload that grew, or a
  // sparse or endless file, is a finding, not an endless read.
  static constexpr uint64_t kNoLimit = UINT64_MAX;
  Result<std::unique_ptr<stream::ByteSource>> Open(
      std::string_view rel, platform::ReadMode mode = platform::ReadMode::kCached,
      uint64_t max_size = kNoLimit);
  // SHA-256 and size of rel as the device holds it (page cache bypassed),
  // reading at most max_size bytes (M006 beyond).
  struct Digest {
    std::string sha256;
    uint64_t size = 0;
  };
  Result<Digest> HashFromDevice(std::string_view rel, uint64_t max_size = kNoLimit);
  // OK when rel is a regular file (not following a link); M010 naming its
  // type otherwise, M005 when it does not exist.
  Status CheckRegular(std::string_view rel);

  bool Exists(std::string_view rel) { return os_.Exists(PathOf(rel)); }
  Result<platform::FileInfo> Stat(std::string_view rel);
  Status Remove(std::string_view rel);
  // Every regular file below the root, sorted; the lock file is left out.
  Result<std::vector<MediumFile>> List();

 private:
  platform::Platform& os_;
  fs::path root_;
};

}  // namespace ferry::medium
