#include "components/component.h"

namespace ferry::components {

// zstd in front of the payload sink, counting the plain bytes. The
// compressor (with its worker threads and windows) is freed as soon as the
// frame ends, so a component with many payloads (one per database) holds
// one at a time.
struct PayloadWriter::CompressedStage final : public stream::ByteSink {
  CompressedStage(std::string name, stream::ByteSink& payload, const stream::ZstdOptions& options)
      : file_name(std::move(name)),
        zstd(std::make_unique<stream::ZstdCompressSink>(payload, options)) {}

  Status Write(std::span<const std::byte> data) override {
    if (!zstd)
      return Status::Error("X004", "payload " + file_name + " written after it was finished");
    plain_bytes += data.size();
    return zstd->Write(data);
  }
  Status Finish() override {
    if (!zstd) return Status::Ok();
    Status finished = zstd->Finish();
    zstd.reset();
    return finished;
  }

  std::string file_name;
  std::unique_ptr<stream::ZstdCompressSink> zstd;
  uint64_t plain_bytes = 0;
};

PayloadWriter::PayloadWriter() = default;
PayloadWriter::~PayloadWriter() = default;

Result<stream::ByteSink*> PayloadWriter::OpenCompressed(const std::string& file_name,
                                                        const stream::ZstdOptions& zstd) {
  FERRY_ASSIGN_OR_RETURN(stream::ByteSink * payload, Open(file_name));
  compressed_.push_back(std::make_unique<CompressedStage>(file_name, *payload, zstd));
  return compressed_.back().get();
}

uint64_t PayloadWriter::plain_bytes(const std::string& file_name) const {
  for (const auto& stage : compressed_) {
    if (stage->file_name == file_name) return stage->plain_bytes;
  }
  return 0;
}

bool PayloadWriter::OpenedCompressed(const std::string& file_name) const {
  for (const auto& stage : compressed_) {
    if (stage->file_name == file_name) return true;
  }
  return false;
}

}  // namespace ferry::components
