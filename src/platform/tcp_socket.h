// Plain TCP client connections with deadlines, behind ByteStream.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "platform/byte_stream.h"

namespace ferry::platform {

class TcpSocket : public ByteStream {
 public:
  // The descriptor, for layers that need it (TLS reads through ByteStream
  // and never touches it; it is exposed for diagnostics only).
  virtual int fd() const = 0;
};

// Resolves host (name or address) and connects to the first address that
// answers before the deadline. Failures carry catalog code N004 with the
// errno (ECONNREFUSED, ETIMEDOUT, EHOSTUNREACH...) and "host:port" context.
Result<std::unique_ptr<TcpSocket>> TcpConnect(const std::string& host, int port,
                                              std::chrono::milliseconds timeout);

// A TCP port on 127.0.0.1 that nothing listens on right now (the kernel's
// pick), for tests that start a server. Another process may take it before
// the caller binds it; the window is small and tests retry.
Result<int> FreeLoopbackPort();

}  // namespace ferry::platform
