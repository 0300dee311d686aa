#include "phases/medium_payloads.h"

#include "integrity/manifest.h"

namespace ferry::phases {

// Counts bytes on their way to the medium, for progress.
class MediumPayloadWriter::ProgressSink final : public stream::ByteSink {
 public:
  ProgressSink(stream::ByteSink& next, MediumPayloadWriter& owner) : next_(next), owner_(owner) {}
  Status Write(std::span<const std::byte> data) override {
    // Checked per chunk so that Ctrl-C stops a long payload promptly; the
    // phase then removes the *.part.
    if (owner_.cancelled_()) return Status::Error("I001", "interrupted");
    FERRY_RETURN_IF_ERROR(next_.Write(data));
    owner_.bytes_ += data.size();
    owner_.on_bytes_(owner_.bytes_);
    return Status::Ok();
  }
  Status Finish() override { return Status::Ok(); }

 private:
  stream::ByteSink& next_;
  MediumPayloadWriter& owner_;
};

MediumPayloadWriter::MediumPayloadWriter(medium::Medium& medium, std::string component,
                                         std::set<std::string> verified,
                                         std::function<void(uint64_t)> on_bytes,
                                         std::function<bool()> cancelled)
    : medium_(medium),
      component_(std::move(component)),
      verified_(std::move(verified)),
      on_bytes_(std::move(on_bytes)),
      cancelled_(std::move(cancelled)) {}

Result<stream::ByteSink*> MediumPayloadWriter::Open(const std::string& file_name) {
  FERRY_RETURN_IF_ERROR(integrity::CheckSafeRelativePath(file_name));
  if (file_name.find('/') != std::string::npos) {
    return Status::Error("X004", "payload name '" + file_name + "' must be a plain file name");
  }
  for (const Written& w : written_) {
    if (w.file_name == file_name)
      return Status::Error("X004", "payload '" + file_name + "' opened twice");
  }
  FERRY_ASSIGN_OR_RETURN(auto file, medium_.Create(component_ + "/" + file_name));
  auto wrapper = std::make_unique<ProgressSink>(*file, *this);
  stream::ByteSink* sink = wrapper.get();
  wrappers_.push_back(std::move(wrapper));
  written_.push_back({file_name, std::move(file)});
  return sink;
}

bool MediumPayloadWriter::AlreadyVerified(const std::string& file_name) {
  if (verified_.count(file_name) == 0) return false;
  reused_.insert(file_name);
  return true;
}

void MediumPayloadWriter::AbortAll() {
  for (Written& w : written_) w.file->Abort();
}

}  // namespace ferry::phases
