// A ByteStream over memory for unit tests: reads hand out the scripted input
// a few bytes at a time (to exercise partial reads), writes are collected.
#pragma once

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "platform/byte_stream.h"

namespace ferry::bolt::testing {

class MemoryStream : public platform::ByteStream {
 public:
  explicit MemoryStream(std::vector<uint8_t> input = {}, size_t max_read = 3)
      : input_(std::move(input)), max_read_(max_read) {}

  Result<size_t> Read(std::span<std::byte> buffer) override {
    if (closed_) return Status::Error("N004", "closed", EBADF);
    size_t n = std::min({buffer.size(), max_read_, input_.size() - pos_});
    std::memcpy(buffer.data(), input_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  Status Write(std::span<const std::byte> data) override {
    if (closed_) return Status::Error("N004", "closed", EBADF);
    auto* p = reinterpret_cast<const uint8_t*>(data.data());
    output_.insert(output_.end(), p, p + data.size());
    return Status::Ok();
  }
  void SetTimeout(std::chrono::milliseconds) override {}
  void Close() override { closed_ = true; }

  const std::vector<uint8_t>& output() const { return output_; }
  void AddInput(const std::vector<uint8_t>& more) {
    input_.insert(input_.end(), more.begin(), more.end());
  }

 private:
  std::vector<uint8_t> input_;
  size_t pos_ = 0;
  size_t max_read_;
  std::vector<uint8_t> output_;
  bool closed_ = false;
};

}  // namespace ferry::bolt::testing
