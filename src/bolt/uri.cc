#include "bolt/uri.h"

#include <charconv>

namespace ferry::bolt {
namespace {

Status Bad(std::string_view uri, std::string_view why) {
  return Status::Error("X003", "invalid Neo4j URI '" + std::string(uri) + "': " + std::string(why));
}

}  // namespace

Result<BoltUri> ParseBoltUri(std::string_view uri) {
  BoltUri out;
  size_t sep = uri.find("://");
  if (sep == std::string_view::npos) return Bad(uri, "expected scheme://host[:port]");
  if (uri.find('@') != std::string_view::npos) {
    // Never echo this URI: the part before '@' may be a password.
    return Status::Error("X003",
                         "a Neo4j URI must not hold credentials (user:password@); "
                         "give the user and password_env / password_file instead");
  }
  std::string_view scheme = uri.substr(0, sep);
  std::string_view rest = uri.substr(sep + 3);
  if (scheme.ends_with("+ssc")) {
    out.tls = TlsMode::kSelfSigned;
    scheme.remove_suffix(4);
  } else if (scheme.ends_with("+s")) {
    out.tls = TlsMode::kVerify;
    scheme.remove_suffix(2);
  }
  if (scheme != "bolt" && scheme != "neo4j") {
    return Bad(uri, "the scheme must be bolt, neo4j, bolt+s, neo4j+s, bolt+ssc or neo4j+ssc");
  }
  out.scheme = scheme;
  // Drop a path or a routing context (neo4j://host?policy=x): not used.
  rest = rest.substr(0, rest.find_first_of("/?"));
  std::string_view port_text;
  if (rest.starts_with("[")) {
    size_t close = rest.find(']');
    if (close == std::string_view::npos) return Bad(uri, "unclosed '[' in IPv6 address");
    out.host = rest.substr(1, close - 1);
    rest = rest.substr(close + 1);
    if (rest.starts_with(":"))
      port_text = rest.substr(1);
    else if (!rest.empty())
      return Bad(uri, "unexpected text after the address");
  } else {
    size_t colon = rest.rfind(':');
    out.host = rest.substr(0, colon);
    if (colon != std::string_view::npos) port_text = rest.substr(colon + 1);
  }
  if (out.host.empty()) return Bad(uri, "no host");
  if (!port_text.empty()) {
    auto [end, ec] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), out.port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || out.port < 1 ||
        out.port > 65535) {
      return Bad(uri, "the port must be a number from 1 to 65535");
    }
  }
  return out;
}

}  // namespace ferry::bolt
