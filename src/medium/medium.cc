#include "medium/medium.h"

#include <algorithm>
#include <functional>

#include "diag/os_error_codes.h"
#include "stream/file_stream.h"

namespace ferry::medium {

AtomicFile::AtomicFile(platform::Platform& os, fs::path final_path,
                       std::unique_ptr<platform::WritableFile> file)
    : os_(os),
      final_path_(std::move(final_path)),
      file_(std::move(file)),
      file_sink_(*file_),
      hash_(&file_sink_) {}

AtomicFile::~AtomicFile() {
  if (!done_) Abort();
}

Status AtomicFile::Write(std::span<const std::byte> data) {
  return hash_.Write(data).Classify(MediumWriteCode);
}

Status AtomicFile::Commit() {
  done_ = true;
  fs::path part = final_path_.string() + std::string(kPartSuffix);
  Status s = hash_.Finish();  // syncs the file (stream::FileSink::Finish)
  if (s.ok()) s = file_->Close();
  if (s.ok()) s = os_.Rename(part, final_path_);
  if (s.ok()) s = os_.SyncDir(final_path_.parent_path());
  if (!s.ok()) (void)os_.RemoveFile(part);
  return std::move(s).Classify(MediumWriteCode);
}

void AtomicFile::Abort() {
  done_ = true;
  (void)file_->Close();
  (void)os_.RemoveFile(final_path_.string() + std::string(kPartSuffix));
}

Status Medium::CheckWritable() {
  if (!os_.Exists(root_)) {
    return Status::Error("FS001", "medium " + root_.string() + " does not exist (not mounted?)");
  }
  fs::path probe = root_ / (".ferry-probe-" + std::to_string(os_.ProcessId()));
  Status s = os_.CreateExclusive(probe, "probe");
  if (!s.ok()) {
    if (s.sys_errno() == EEXIST) {  // a probe left by a killed run of ours
      (void)os_.RemoveFile(probe);
      s = os_.CreateExclusive(probe, "probe");
    }
    if (!s.ok()) {
      // Full and no permission have their own fixes; anything else that stops
      // a first write is the seed's FS001 (check the mount options).
      Code code = MediumWriteCode(s.sys_errno());
      if (code == Code("FS003")) code = "FS001";
      return Status::Error(code, "cannot write to medium " + root_.string(), s.sys_errno());
    }
  }
  return os_.RemoveFile(probe).Classify(MediumWriteCode);
}

Result<platform::SpaceInfo> Medium::Space() {
  return os_.DiskSpace(root_).Classify(MediumReadCode);
}

Result<std::unique_ptr<AtomicFile>> Medium::Create(std::string_view rel) {
  fs::path final_path = PathOf(rel);
  FERRY_RETURN_IF_ERROR(os_.CreateDirs(final_path.parent_path()).Classify(MediumWriteCode));
  FERRY_ASSIGN_OR_RETURN(
      auto file,
      os_.OpenWrite(final_path.string() + std::string(kPartSuffix)).Classify(MediumWriteCode));
  return std::make_unique<AtomicFile>(os_, final_path, std::move(file));
}

Status Medium::WriteSmallFile(std::string_view rel, std::string_view content) {
  FERRY_ASSIGN_OR_RETURN(auto file, Create(rel));
  FERRY_RETURN_IF_ERROR(file->Write(stream::AsBytes(content)));
  return file->Commit();
}

Result<std::string> Medium::ReadSmallFile(std::string_view rel, size_t max_size) {
  FERRY_ASSIGN_OR_RETURN(auto source, Open(rel, platform::ReadMode::kFromDevice));
  FERRY_ASSIGN_OR_RETURN(std::optional<std::string> text, stream::ReadAll(*source, max_size));
  if (!text) return Status::Error("M002", std::string(rel) + " is larger than expected");
  return *std::move(text);
}

namespace {

// A file on the medium as a source: read errors get the medium's codes, and
// at most limit bytes are yielded (M006 when the file holds more).
class MediumSource final : public stream::ByteSource {
 public:
  MediumSource(std::unique_ptr<platform::ReadableFile> file, uint64_t limit, std::string rel)
      : file_(std::move(file)), limit_(limit), rel_(std::move(rel)) {}

  Result<size_t> Read(std::span<std::byte> buffer) override {
    if (done_ == limit_) {
      // At the recorded size: the file must end here.
      std::byte probe[1];
      FERRY_ASSIGN_OR_RETURN(size_t n, file_->Read(probe).Classify(MediumReadCode));
      if (n != 0) {
        return Status::Error(
            "M006", rel_ + " on the medium holds more than the " + std::to_string(limit_) +
                        " bytes the manifest records (it grew, or is not the exported file)");
      }
      return size_t{0};
    }
    uint64_t left = limit_ - done_;
    if (buffer.size() > left) buffer = buffer.first(static_cast<size_t>(left));
    FERRY_ASSIGN_OR_RETURN(size_t n, file_->Read(buffer).Classify(MediumReadCode));
    done_ += n;
    return n;
  }

 private:
  std::unique_ptr<platform::ReadableFile> file_;
  uint64_t limit_;
  std::string rel_;
  uint64_t done_ = 0;
};

}  // namespace

Status Medium::CheckRegular(std::string_view rel) {
  FERRY_ASSIGN_OR_RETURN(platform::FileInfo info, Stat(rel));
  if (info.type != platform::FileType::kRegular) {
    return Status::Error("M010", std::string(rel) + " on the medium is " +
                                     platform::FileTypeName(info.type) +
                                     ", not a regular file; it is refused, not read");
  }
  return Status::Ok();
}

Result<std::unique_ptr<stream::ByteSource>> Medium::Open(std::string_view rel,
                                                         platform::ReadMode mode,
                                                         uint64_t max_size) {
  auto file = os_.OpenRead(PathOf(rel), mode);
  if (!file.ok()) {
    // The platform refused or failed; if the entry is not a regular file,
    // that is what the user must hear (M010), whatever errno said.
    auto info = os_.Stat(PathOf(rel));
    if (info.ok() && info->type != platform::FileType::kRegular) {
      return Status::Error("M010", std::string(rel) + " on the medium is " +
                                       platform::FileTypeName(info->type) +
                                       ", not a regular file; it is refused, not read");
    }
    return std::move(file).Classify(MediumReadCode).status();
  }
  return std::unique_ptr<stream::ByteSource>(
      new MediumSource(std::move(*file), max_size, std::string(rel)));
}

Result<Medium::Digest> Medium::HashFromDevice(std::string_view rel, uint64_t max_size) {
  FERRY_ASSIGN_OR_RETURN(auto source, Open(rel, platform::ReadMode::kFromDevice, max_size));
  stream::Sha256Sink hash;
  FERRY_RETURN_IF_ERROR(stream::Pump(*source, hash));
  return Digest{hash.hex(), hash.size()};
}

Status Medium::Remove(std::string_view rel) {
  return os_.RemoveFile(PathOf(rel)).Classify(MediumWriteCode);
}

Result<platform::FileInfo> Medium::Stat(std::string_view rel) {
  return os_.Stat(PathOf(rel)).Classify(MediumReadCode);
}

Result<std::vector<MediumFile>> Medium::List() {
  std::vector<MediumFile> files;
  std::function<Status(const fs::path&, const std::string&)> walk =
      [&](const fs::path& dir, const std::string& prefix) -> Status {
    FERRY_ASSIGN_OR_RETURN(auto names, os_.ListDir(dir).Classify(MediumReadCode));
    for (const std::string& name : names) {
      std::string rel = prefix.empty() ? name : prefix + "/" + name;
      if (rel == kLockFile) continue;
      FERRY_ASSIGN_OR_RETURN(platform::FileInfo info,
                             os_.Stat(dir / name).Classify(MediumReadCode));
      if (info.type == platform::FileType::kDirectory) {
        FERRY_RETURN_IF_ERROR(walk(dir / name, rel));
      } else {
        files.push_back({rel, info.size});
      }
    }
    return Status::Ok();
  };
  FERRY_RETURN_IF_ERROR(walk(root_, ""));
  std::sort(files.begin(), files.end(),
            [](const MediumFile& a, const MediumFile& b) { return a.path < b.path; });
  return files;
}

}  // namespace ferry::medium
