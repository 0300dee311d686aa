#include "stream/stream.h"

#include <algorithm>
#include <cstring>

namespace ferry::stream {

Status Pump(ByteSource& source, ByteSink& sink) {
  return Pump(source, sink, [](uint64_t) {});
}

Result<std::optional<std::string>> ReadAll(ByteSource& source, size_t max_bytes) {
  std::string text;
  std::string buffer(64 * 1024, '\0');
  auto span = std::as_writable_bytes(std::span(buffer.data(), buffer.size()));
  while (true) {
    FERRY_ASSIGN_OR_RETURN(size_t n, source.Read(span));
    if (n == 0) return std::optional<std::string>(std::move(text));
    if (text.size() + n > max_bytes) return std::optional<std::string>();
    text.append(buffer.data(), n);
  }
}

Result<size_t> StringSource::Read(std::span<std::byte> buffer) {
  size_t n = std::min(buffer.size(), text_.size() - pos_);
  std::memcpy(buffer.data(), text_.data() + pos_, n);
  pos_ += n;
  return n;
}

}  // namespace ferry::stream
