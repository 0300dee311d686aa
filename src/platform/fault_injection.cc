#include "platform/fault_injection.h"

#include <algorithm>

namespace ferry::platform {

class FaultyWritableFile final : public WritableFile {
 public:
  FaultyWritableFile(std::unique_ptr<WritableFile> inner, FaultInjectingPlatform& owner, fs::path path)
      : inner_(std::move(inner)), owner_(owner), path_(std::move(path)) {}

  Status Append(std::span<const std::byte> data) override {
    const int64_t call = owner_.write_calls_++;
    if (call == owner_.fail_at_call_) {
      if (owner_.short_write_ && data.size() > 1) FERRY_RETURN_IF_ERROR(inner_->Append(data.first(data.size() / 2)));
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

bool FaultInjectingPlatform::Blocked(const fs::path& path) const {
  if (create_prefix_.empty()) return false;
  auto [a, b] = std::mismatch(create_prefix_.begin(), create_prefix_.end(), path.begin(), path.end());
  return a == create_prefix_.end();
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
