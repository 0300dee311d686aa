// zstd compression and decompression as stream stages. Compression runs
// libzstd's own worker threads, so one export uses every core.
#pragma once

#include <memory>

#include "stream/stream.h"

namespace ferry::stream {

struct ZstdOptions {
  int level = 3;    // 1..19
  int threads = 0;  // 0: one worker per core
};

// Compresses what it is given and writes the frame to next.
class ZstdCompressSink final : public ByteSink {
 public:
  ZstdCompressSink(ByteSink& next, ZstdOptions options);
  ~ZstdCompressSink() override;
  Status Write(std::span<const std::byte> data) override;
  Status Finish() override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Decompresses what it is given and writes plain bytes to next. A frame that
// ends early is an FS002 error at Finish (truncated archive).
class ZstdDecompressSink final : public ByteSink {
 public:
  explicit ZstdDecompressSink(ByteSink& next);
  ~ZstdDecompressSink() override;
  Status Write(std::span<const std::byte> data) override;
  Status Finish() override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Reads compressed bytes from a source and yields plain bytes.
class ZstdDecompressSource final : public ByteSource {
 public:
  explicit ZstdDecompressSource(ByteSource& compressed);
  ~ZstdDecompressSource() override;
  Result<size_t> Read(std::span<std::byte> buffer) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ferry::stream
