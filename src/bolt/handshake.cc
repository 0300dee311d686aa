#include "bolt/handshake.h"

#include <algorithm>
#include <cstring>

namespace ferry::bolt {

std::array<uint8_t, 20> HandshakeRequest(BoltVersion newest) {
  std::array<uint8_t, 20> request{0x60, 0x60, 0xB0, 0x17};  // magic preamble, then zeros
  size_t at = 4;
  if (newest.major == 5) {
    // 5.minor down to 5.0: [reserved, range, minor, major].
    auto minor = static_cast<uint8_t>(std::min(newest.minor, kNewestBolt.minor));
    request[at + 1] = minor;
    request[at + 2] = minor;
    request[at + 3] = 5;
    at += 4;
  }
  request[at + 2] = 4;  // 4.4, always offered
  request[at + 3] = 4;
  return request;
}

Result<BoltVersion> ParseHandshakeResponse(std::span<const uint8_t, 4> r, BoltVersion newest) {
  if (std::memcmp(r.data(), "HTTP", 4) == 0) {
    return Status::Error(
        "N004", "the port answers HTTP, not Bolt: use Neo4j's Bolt port (7687 by default)");
  }
  BoltVersion v{r[3], r[2]};
  if (v.major == 0 && v.minor == 0) {
    return Status::Error("N004",
                         "Neo4j accepts none of the Bolt versions ferry speaks (5.0-5.4, 4.4); "
                         "the server is older than 4.4 or not Neo4j");
  }
  bool offered = v.Supported() && newest.AtLeast(v.major, v.minor);
  if (!offered) {
    return Status::Error("N004",
                         "Neo4j chose Bolt " + v.ToString() + ", which ferry did not offer");
  }
  return v;
}

Result<BoltVersion> Handshake(platform::ByteStream& stream, BoltVersion newest) {
  auto request = HandshakeRequest(newest);
  FERRY_RETURN_IF_ERROR(stream.Write(std::as_bytes(std::span(request))));
  std::array<uint8_t, 4> response{};
  size_t got = 0;
  while (got < response.size()) {
    FERRY_ASSIGN_OR_RETURN(size_t n,
                           stream.Read(std::as_writable_bytes(std::span(response).subspan(got))));
    if (n == 0) {
      return Status::Error("N004", "the server closed the connection during the Bolt handshake");
    }
    got += n;
  }
  return ParseHandshakeResponse(response, newest);
}

}  // namespace ferry::bolt
