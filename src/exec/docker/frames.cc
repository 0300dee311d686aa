#include "exec/docker/frames.h"

#include <algorithm>
#include <string>

namespace ferry::exec::docker {

Status FrameDemuxer::Feed(std::span<const std::byte> bytes) {
  const auto* p = reinterpret_cast<const char*>(bytes.data());
  size_t left = bytes.size();
  while (left > 0) {
    if (payload_left_ > 0) {
      size_t n = static_cast<size_t>(std::min<uint64_t>(payload_left_, left));
      FERRY_RETURN_IF_ERROR(sink_(current_, std::string_view(p, n)));
      p += n;
      left -= n;
      payload_left_ -= n;
      continue;
    }
    size_t take = std::min(sizeof(header_) - header_len_, left);
    std::copy_n(reinterpret_cast<const uint8_t*>(p), take, header_ + header_len_);
    header_len_ += take;
    p += take;
    left -= take;
    if (header_len_ < sizeof(header_)) break;
    header_len_ = 0;
    if (header_[0] > 3 || header_[1] != 0 || header_[2] != 0 || header_[3] != 0) {
      return Status::Error("X002", "malformed frame header in the engine's stream (byte 0 = " +
                                       std::to_string(header_[0]) + ")");
    }
    current_ = static_cast<StreamId>(header_[0]);
    payload_left_ = (uint64_t{header_[4]} << 24) | (uint64_t{header_[5]} << 16) |
                    (uint64_t{header_[6]} << 8) | uint64_t{header_[7]};
  }
  return Status::Ok();
}

}  // namespace ferry::exec::docker
