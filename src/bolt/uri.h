// Bolt connection URIs: bolt://, neo4j://, and their TLS forms +s (verify the
// certificate against the system CAs and the host name) and +ssc (accept a
// self-signed certificate: encrypted, not authenticated).
//
// neo4j:// normally asks for cluster routing; Community is a single server,
// so ferry connects straight to the given host either way.
#pragma once

#include <string>
#include <string_view>

#include "diag/status.h"

namespace ferry::bolt {

enum class TlsMode { kOff, kVerify, kSelfSigned };

struct BoltUri {
  std::string scheme;  // "bolt" or "neo4j", without the TLS suffix
  std::string host;    // without IPv6 brackets
  int port = 7687;
  TlsMode tls = TlsMode::kOff;
};

// X003 when the scheme is unknown or the port is not a number in 1..65535.
Result<BoltUri> ParseBoltUri(std::string_view uri);

}  // namespace ferry::bolt
