// Byte streams: the pipe every payload flows through.
//   source data -> [tar] -> ZstdCompressSink -> Sha256Sink -> medium file
// Each stage holds a fixed-size buffer, never a whole file, so memory stays
// bounded whatever the size of the data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "diag/status.h"

namespace ferry::stream {

constexpr size_t kBufferSize = 1 << 20;  // 1 MiB: large enough for fast sequential I/O

class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual Status Write(std::span<const std::byte> data) = 0;
  // Flushes everything buffered downstream. No Write after Finish.
  virtual Status Finish() = 0;
};

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to buffer.size() bytes; 0 means the end.
  virtual Result<size_t> Read(std::span<std::byte> buffer) = 0;
};

inline std::span<const std::byte> AsBytes(std::string_view s) {
  return std::as_bytes(std::span(s.data(), s.size()));
}

// Copies source to sink until the source ends, then finishes the sink.
// on_progress, when set, is called with the byte count after each chunk.
template <class Progress>
Status Pump(ByteSource& source, ByteSink& sink, Progress&& on_progress);
Status Pump(ByteSource& source, ByteSink& sink);

// Reads source to its end into a string: for small metadata only (a stack
// file, a manifest, a facts payload), never for data. nullopt when it holds
// more than max_bytes; that is read no further, and what it means (and
// its catalog code) is the caller's to say.
Result<std::optional<std::string>> ReadAll(ByteSource& source, size_t max_bytes);

// Counts bytes on their way to another sink (or to nowhere).
class CountingSink final : public ByteSink {
 public:
  explicit CountingSink(ByteSink* next = nullptr) : next_(next) {}
  Status Write(std::span<const std::byte> data) override {
    count_ += data.size();
    return next_ ? next_->Write(data) : Status::Ok();
  }
  Status Finish() override { return next_ ? next_->Finish() : Status::Ok(); }
  uint64_t count() const { return count_; }

 private:
  ByteSink* next_;
  uint64_t count_ = 0;
};

// Collects into a string: for tests and small metadata only.
class StringSink final : public ByteSink {
 public:
  Status Write(std::span<const std::byte> data) override {
    text_.append(reinterpret_cast<const char*>(data.data()), data.size());
    return Status::Ok();
  }
  Status Finish() override { return Status::Ok(); }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

class StringSource final : public ByteSource {
 public:
  explicit StringSource(std::string text) : text_(std::move(text)) {}
  Result<size_t> Read(std::span<std::byte> buffer) override;

 private:
  std::string text_;
  size_t pos_ = 0;
};

template <class Progress>
Status Pump(ByteSource& source, ByteSink& sink, Progress&& on_progress) {
  std::string buffer(kBufferSize, '\0');
  auto span = std::as_writable_bytes(std::span(buffer.data(), buffer.size()));
  uint64_t total = 0;
  while (true) {
    FERRY_ASSIGN_OR_RETURN(size_t n, source.Read(span));
    if (n == 0) break;
    FERRY_RETURN_IF_ERROR(sink.Write(span.first(n)));
    total += n;
    on_progress(total);
  }
  return sink.Finish();
}

}  // namespace ferry::stream
