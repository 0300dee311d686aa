#include "platform/proc_net.h"

#include <bit>
#include <charconv>
#include <sstream>

namespace ferry::platform {
namespace {

template <typename T>
bool ParseNumber(std::string_view text, T& out, int base) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out, base);
  return error == std::errc() && end == text.data() + text.size();
}

// The kernel prints an IPv4 address as one host-order 32-bit word in hex:
// "0100007F" is 127.0.0.1 on a little-endian machine. IPv6 stays hex.
std::string DecodeAddress(std::string_view hex) {
  uint32_t word = 0;
  if (hex.size() != 8 || !ParseNumber(hex, word, 16)) return std::string(hex);
  unsigned char bytes[4];
  for (int i = 0; i < 4; ++i) {
    int shift = 8 * i;
    if constexpr (std::endian::native == std::endian::big) shift = 8 * (3 - i);
    bytes[i] = static_cast<unsigned char>((word >> shift) & 0xff);
  }
  return std::to_string(bytes[0]) + "." + std::to_string(bytes[1]) + "." +
         std::to_string(bytes[2]) + "." + std::to_string(bytes[3]);
}

}  // namespace

std::vector<TcpTableEntry> ParseProcNetTcp(std::string_view text) {
  std::vector<TcpTableEntry> entries;
  std::istringstream lines{std::string(text)};
  std::string line;
  while (std::getline(lines, line)) {
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
    std::istringstream fields(line);
    std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
    if (!(fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >>
          timeout >> inode))
      continue;
    if (slot.empty() || slot.back() != ':') continue;  // the header row
    size_t colon = local.find(':');
    if (colon == std::string::npos) continue;
    TcpTableEntry entry;
    entry.local_address = DecodeAddress(std::string_view(local).substr(0, colon));
    if (!ParseNumber(std::string_view(local).substr(colon + 1), entry.local_port, 16)) continue;
    if (!ParseNumber(std::string_view(state), entry.state, 16)) continue;
    if (!ParseNumber(std::string_view(inode), entry.inode, 10)) continue;
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::optional<uint64_t> SocketInode(std::string_view link_target) {
  constexpr std::string_view kPrefix = "socket:[";
  if (!link_target.starts_with(kPrefix) || !link_target.ends_with("]")) return std::nullopt;
  uint64_t inode = 0;
  if (!ParseNumber(link_target.substr(kPrefix.size(), link_target.size() - kPrefix.size() - 1),
                   inode, 10)) {
    return std::nullopt;
  }
  return inode;
}

}  // namespace ferry::platform
