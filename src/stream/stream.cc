#include "stream/stream.h"

#include <algorithm>
#include <cstring>

namespace ferry::stream {

Status Pump(ByteSource& source, ByteSink& sink) {
  return Pump(source, sink, [](uint64_t) {});
}

Result<size_t> StringSource::Read(std::span<std::byte> buffer) {
  size_t n = std::min(buffer.size(), text_.size() - pos_);
  std::memcpy(buffer.data(), text_.data() + pos_, n);
  pos_ += n;
  return n;
}

}  // namespace ferry::stream
