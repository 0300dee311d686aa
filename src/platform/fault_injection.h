// A Platform that fails on purpose, for tests: writes fail with a chosen
// errno once a byte budget is spent (ENOSPC on a "full" medium, EIO on a
// dying one), file creation fails under a path prefix (EROFS), and reads of
// files under a path prefix fail (EIO from a bad sector).
// Everything else reaches the wrapped platform, so the rest is real I/O.
#pragma once

#include <atomic>
#include <string>

#include "platform/platform.h"

namespace ferry::platform {

class FaultInjectingPlatform : public PlatformWrapper {
 public:
  explicit FaultInjectingPlatform(Platform& target) : PlatformWrapper(target) {}

  // After `budget` more bytes are appended (across all files), every Append
  // fails with err. A partial chunk is written first, like a real full disk.
  void FailWritesAfter(uint64_t budget, int err) {
    write_budget_ = budget;
    write_errno_ = err;
  }
  // The n-th Append from now (0-based, across all files) fails with err,
  // after writing half of its chunk when short_write is set (a device that
  // took part of a write before it failed); later Appends go through. With
  // WriteCalls(), a test can fail every write of a phase in turn, in the
  // manner of leveldb's fault_injection_test.
  void FailNthWrite(int64_t n, int err, bool short_write) {
    fail_at_call_ = n;
    write_errno_ = err;
    short_write_ = short_write;
    write_calls_ = 0;
  }
  int64_t WriteCalls() const { return write_calls_.load(); }
  // Creating or renaming anything below prefix fails with err.
  void FailCreatesUnder(fs::path prefix, int err) {
    create_prefix_ = std::move(prefix);
    create_errno_ = err;
  }

  // Every Read of a file opened below prefix fails with err.
  void FailReadsUnder(fs::path prefix, int err) {
    read_prefix_ = std::move(prefix);
    read_errno_ = err;
  }

  Result<std::unique_ptr<ReadableFile>> OpenRead(const fs::path& path, ReadMode mode) override;
  Result<std::unique_ptr<WritableFile>> OpenWrite(const fs::path& path) override;
  Status CreateExclusive(const fs::path& path, const std::string& content) override;
  Status Rename(const fs::path& from, const fs::path& to) override;
  Status CreateDirs(const fs::path& path) override;

 private:
  friend class FaultyWritableFile;
  bool Blocked(const fs::path& path) const;
  static bool Below(const fs::path& prefix, const fs::path& path);

  std::atomic<int64_t> write_budget_{-1};  // -1: no limit
  std::atomic<int64_t> write_calls_{0};
  int64_t fail_at_call_ = -1;
  bool short_write_ = false;
  int write_errno_ = 0;
  fs::path create_prefix_;
  int create_errno_ = 0;
  fs::path read_prefix_;
  int read_errno_ = 0;
};

}  // namespace ferry::platform
