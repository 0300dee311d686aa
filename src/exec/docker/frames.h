// The Docker "multiplexed stream" format: when a container or exec has no
// TTY, stdout and stderr share one connection as frames of
//   [stream id: 1 byte][0 0 0][payload length: 4 bytes big-endian][payload]
// (0 stdin, 1 stdout, 2 stderr, 3 an engine-side error). Logs and exec
// output both arrive this way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>

#include "diag/status.h"

namespace ferry::exec::docker {

enum class StreamId : uint8_t { kStdin = 0, kStdout = 1, kStderr = 2, kSystemError = 3 };

// Splits a byte stream into frames incrementally: bytes may arrive in any
// chunking (a header split across two reads, several frames in one read).
// Payload is handed on as it arrives, never buffered whole, so a 1 GB frame
// costs no memory.
class FrameDemuxer {
 public:
  using Sink = std::function<Status(StreamId, std::string_view)>;
  explicit FrameDemuxer(Sink sink) : sink_(std::move(sink)) {}

  // Feeds the next bytes of the stream. A malformed header (unknown stream
  // id, non-zero padding) is an X002 error: the stream cannot be trusted.
  Status Feed(std::span<const std::byte> bytes);
  Status Feed(std::string_view bytes) {
    return Feed(std::as_bytes(std::span(bytes.data(), bytes.size())));
  }
  // True when the stream ended on a frame boundary (no partial frame).
  bool AtBoundary() const { return header_len_ == 0 && payload_left_ == 0; }

 private:
  Sink sink_;
  uint8_t header_[8] = {};
  size_t header_len_ = 0;
  uint64_t payload_left_ = 0;
  StreamId current_ = StreamId::kStdout;
};

}  // namespace ferry::exec::docker
