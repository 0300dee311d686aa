// The Bolt handshake: magic preamble 60 60 B0 17, then four version
// proposals of four bytes [reserved, range, minor, major]; a proposal covers
// major.minor down to major.(minor - range). The server answers with the one
// version it picked, [0, 0, minor, major], or all zeros for none.
//
// ferry offers 5.4..5.0 and 4.4, which every server from 4.4 to 2025.x
// accepts. 5.4 is the newest version whose messages this client speaks in
// full; newer minors add nothing ferry needs.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "diag/status.h"
#include "platform/byte_stream.h"

namespace ferry::bolt {

struct BoltVersion {
  int major = 0;
  int minor = 0;

  bool AtLeast(int maj, int min) const { return major > maj || (major == maj && minor >= min); }
  std::string ToString() const { return std::to_string(major) + "." + std::to_string(minor); }
  bool operator==(const BoltVersion&) const = default;
  // The versions ferry speaks: 5.0..5.4 and 4.4.
  bool Supported() const { return (major == 5 && minor <= 4) || (major == 4 && minor == 4); }
};

// The newest version ferry speaks.
inline constexpr BoltVersion kNewestBolt{5, 4};

// The 20 bytes the client sends: every supported version up to newest
// (kNewestBolt; or {4, 4} alone, to speak 4.4 to a 5.x server as tests do).
std::array<uint8_t, 20> HandshakeRequest(BoltVersion newest = kNewestBolt);

// The server's 4-byte answer. "No common version" is N004 (the server is
// older than 4.4 or newer than anything offered), and an answer that starts
// with "HTTP" means the port is Neo4j's HTTP port, not Bolt.
Result<BoltVersion> ParseHandshakeResponse(std::span<const uint8_t, 4> response,
                                           BoltVersion newest = kNewestBolt);

// Sends the request and reads the answer.
Result<BoltVersion> Handshake(platform::ByteStream& stream, BoltVersion newest = kNewestBolt);

}  // namespace ferry::bolt
