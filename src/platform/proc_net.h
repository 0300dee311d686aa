// Parsing of Linux's /proc/net/tcp{,6} and /proc/<pid>/fd links: how ferry
// answers "who holds this port" (the seed's `lsof -i :8000`) without lsof.
// Pure functions over text, so they are unit-tested without a /proc.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::platform {

// The kernel's TCP_LISTEN state number in /proc/net/tcp's "st" column.
inline constexpr int kTcpListen = 0x0A;

struct TcpTableEntry {
  std::string local_address;  // dotted IPv4, or the kernel's hex for IPv6
  uint16_t local_port = 0;
  int state = 0;
  uint64_t inode = 0;  // 0 for sockets in TIME_WAIT and the like
};

// Rows of /proc/net/tcp or /proc/net/tcp6; the header and malformed rows are
// skipped (a table read while it changes may end in a partial row).
std::vector<TcpTableEntry> ParseProcNetTcp(std::string_view text);

// The inode of a "/proc/<pid>/fd/N" link target "socket:[12345]", else none.
std::optional<uint64_t> SocketInode(std::string_view link_target);

}  // namespace ferry::platform
