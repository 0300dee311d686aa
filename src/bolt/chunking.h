// Bolt message framing: a message travels as chunks of at most 65,535 bytes,
// each behind a big-endian 16-bit size, and ends with an empty chunk (0x0000).
// An empty chunk between messages is a NOOP keep-alive (Bolt 4.1+) and is
// skipped.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "diag/status.h"
#include "platform/byte_stream.h"

namespace ferry::bolt {

inline constexpr size_t kMaxChunk = 65535;

// Appends message, chunked and terminated, to out.
void AppendChunked(std::span<const uint8_t> message, std::vector<uint8_t>& out);

// Reads whole messages from a stream through a fixed-size buffer; memory
// held is that buffer plus the largest single message.
class MessageReader {
 public:
  explicit MessageReader(platform::ByteStream& stream) : stream_(stream) {}

  // Replaces out with the next message. End of stream before a complete
  // message is an N004 error ("connection closed").
  Status Next(std::vector<uint8_t>& out);

 private:
  Status Fill();                        // at least one more byte in buffer_
  Status Take(uint8_t* dst, size_t n);  // exactly n bytes

  platform::ByteStream& stream_;
  std::vector<uint8_t> buffer_ = std::vector<uint8_t>(64 * 1024);
  size_t begin_ = 0, end_ = 0;
};

}  // namespace ferry::bolt
