#include "bolt/chunking.h"

#include <algorithm>
#include <cstring>

namespace ferry::bolt {

void AppendChunked(std::span<const uint8_t> message, std::vector<uint8_t>& out) {
  while (!message.empty()) {
    size_t n = std::min(message.size(), kMaxChunk);
    out.push_back(static_cast<uint8_t>(n >> 8));
    out.push_back(static_cast<uint8_t>(n & 0xFF));
    out.insert(out.end(), message.begin(), message.begin() + static_cast<ptrdiff_t>(n));
    message = message.subspan(n);
  }
  out.push_back(0);
  out.push_back(0);
}

Status MessageReader::Fill() {
  if (begin_ == end_) begin_ = end_ = 0;
  FERRY_ASSIGN_OR_RETURN(size_t n,
                         stream_.Read(std::as_writable_bytes(std::span(buffer_).subspan(end_))));
  if (n == 0) return Status::Error("N004", "Neo4j closed the connection");
  end_ += n;
  return Status::Ok();
}

Status MessageReader::Take(uint8_t* dst, size_t n) {
  while (n > 0) {
    if (begin_ == end_) FERRY_RETURN_IF_ERROR(Fill());
    size_t k = std::min(n, end_ - begin_);
    std::memcpy(dst, buffer_.data() + begin_, k);
    begin_ += k;
    dst += k;
    n -= k;
  }
  return Status::Ok();
}

Status MessageReader::Next(std::vector<uint8_t>& out) {
  out.clear();
  while (true) {
    uint8_t header[2];
    FERRY_RETURN_IF_ERROR(Take(header, 2));
    size_t size = (size_t{header[0]} << 8) | header[1];
    if (size == 0) {
      if (out.empty()) continue;  // NOOP between messages
      return Status::Ok();
    }
    size_t at = out.size();
    out.resize(at + size);
    FERRY_RETURN_IF_ERROR(Take(out.data() + at, size));
  }
}

}  // namespace ferry::bolt
