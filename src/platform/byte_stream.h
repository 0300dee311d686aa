// A bidirectional byte stream: a TCP connection, or TLS layered on one.
// The Bolt client talks to this interface only, so it never knows whether the
// bytes are encrypted, and tests can put a stream of their own underneath.
#pragma once

#include <chrono>
#include <cstddef>
#include <span>

#include "diag/status.h"

namespace ferry::platform {

class ByteStream {
 public:
  virtual ~ByteStream() = default;
  // Reads up to buffer.size() bytes, waiting at most the I/O timeout.
  // Returns 0 when the peer closed the stream. A timeout is an error whose
  // sys_errno is ETIMEDOUT, so callers can tell "slow" from "gone".
  virtual Result<size_t> Read(std::span<std::byte> buffer) = 0;
  // Writes all of data or fails (short writes are continued, never returned).
  virtual Status Write(std::span<const std::byte> data) = 0;
  // Bounds every later Read and Write; zero means wait forever.
  virtual void SetTimeout(std::chrono::milliseconds timeout) = 0;
  // Idempotent. Reads and writes fail afterwards.
  virtual void Close() = 0;
};

}  // namespace ferry::platform
