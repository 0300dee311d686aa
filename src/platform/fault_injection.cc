#include "platform/fault_injection.h"

#include <algorithm>

namespace ferry::platform {

class FaultyWritableFile final : public WritableFile {
 public:
  FaultyWritableFile(std::unique_ptr<WritableFile> inner, FaultInjectingPlatform& owner,
                     fs::path path)
      : inner_(std::move(inner)), owner_(owner), path_(std::move(path)) {}

  Status Append(std::span<const std::byte> data) override {
    const int64_t call = owner_.write_calls_++;
    if (call == owner_.fail_at_call_) {
      if (owner_.short_write_ && data.size() > 1)
        FERRY_RETURN_IF_ERROR(inner_->Append(data.first(data.size() / 2)));
      int err = owner_.write_errno_;
      return Status::OsError("cannot write " + path_.string(), err);
    }
    int64_t budget = owner_.write_budget_.load();
    if (budget < 0) return inner_->Append(data);
    if (static_cast<uint64_t>(budget) >= data.size()) {
      owner_.write_budget_ -= static_cast<int64_t>(data.size());
      return inner_->Append(data);
    }
    owner_.write_budget_ = 0;
    FERRY_RETURN_IF_ERROR(inner_->Append(data.first(static_cast<size_t>(budget))));
    int err = owner_.write_errno_;
    return Status::OsError("cannot write " + path_.string(), err);
  }
  Status Sync() override { return inner_->Sync(); }
  Status Close() override { return inner_->Close(); }

 private:
  std::unique_ptr<WritableFile> inner_;
  FaultInjectingPlatform& owner_;
  fs::path path_;
};

// A file whose every read fails, as a bad sector under it would.
class FailingReadableFile final : public ReadableFile {
 public:
  FailingReadableFile(std::unique_ptr<ReadableFile> inner, fs::path path, int err)
      : inner_(std::move(inner)), path_(std::move(path)), err_(err) {}
  Result<size_t> Read(std::span<std::byte>) override {
    return Status::OsError("cannot read " + path_.string(), err_);
  }
  Result<size_t> ReadAt(uint64_t, std::span<std::byte>) override {
    return Status::OsError("cannot read " + path_.string(), err_);
  }
  Result<std::vector<DataRegion>> DataRegions() override { return inner_->DataRegions(); }

 private:
  std::unique_ptr<ReadableFile> inner_;
  fs::path path_;
  int err_;
};

bool FaultInjectingPlatform::Below(const fs::path& prefix, const fs::path& path) {
  if (prefix.empty()) return false;
  auto [a, b] = std::mismatch(prefix.begin(), prefix.end(), path.begin(), path.end());
  return a == prefix.end();
}

bool FaultInjectingPlatform::Blocked(const fs::path& path) const {
  return Below(create_prefix_, path);
}

Result<std::unique_ptr<ReadableFile>> FaultInjectingPlatform::OpenRead(const fs::path& path,
                                                                       ReadMode mode) {
  FERRY_ASSIGN_OR_RETURN(auto inner, PlatformWrapper::OpenRead(path, mode));
  if (!Below(read_prefix_, path)) return inner;
  return std::unique_ptr<ReadableFile>(
      new FailingReadableFile(std::move(inner), path, read_errno_));
}

Result<std::unique_ptr<WritableFile>> FaultInjectingPlatform::OpenWrite(const fs::path& path) {
  if (Blocked(path)) {
    return Status::OsError("cannot create " + path.string(), create_errno_);
  }
  FERRY_ASSIGN_OR_RETURN(auto inner, PlatformWrapper::OpenWrite(path));
  return std::unique_ptr<WritableFile>(new FaultyWritableFile(std::move(inner), *this, path));
}

Status FaultInjectingPlatform::CreateExclusive(const fs::path& path, const std::string& content) {
  if (Blocked(path)) {
    return Status::OsError("cannot create " + path.string(), create_errno_);
  }
  return PlatformWrapper::CreateExclusive(path, content);
}

Status FaultInjectingPlatform::Rename(const fs::path& from, const fs::path& to) {
  if (Blocked(to)) {
    return Status::OsError("cannot rename to " + to.string(), create_errno_);
  }
  return PlatformWrapper::Rename(from, to);
}

Status FaultInjectingPlatform::CreateDirs(const fs::path& path) {
  if (Blocked(path) && !Exists(path)) {
    return Status::OsError("cannot create " + path.string(), create_errno_);
  }
  return PlatformWrapper::CreateDirs(path);
}

}  // namespace ferry::platform
