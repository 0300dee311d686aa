// "Is this port free, and who holds it": a bind test answers the first part
// for every address family and namespace trick at once; /proc/net/tcp{,6}
// plus the socket inodes under /proc/<pid>/fd answer the second, as lsof
// does. macOS has no /proc: there the holders stay empty.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <set>
#include <sstream>

#include "platform/posix_platform.h"
#include "platform/proc_net.h"

namespace ferry::platform {
namespace {

std::string ReadSmallFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Inodes of the sockets listening on `port` in this network namespace.
std::set<uint64_t> ListeningInodes(uint16_t port) {
  std::set<uint64_t> inodes;
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    for (const TcpTableEntry& e : ParseProcNetTcp(ReadSmallFile(table))) {
      if (e.local_port == port && e.state == kTcpListen && e.inode != 0) inodes.insert(e.inode);
    }
  }
  return inodes;
}

std::vector<PortHolder> Holders(const std::set<uint64_t>& inodes) {
  std::vector<PortHolder> holders;
  if (inodes.empty()) return holders;
  std::error_code ec;
  for (const auto& proc : fs::directory_iterator("/proc", ec)) {
    std::string pid_text = proc.path().filename().string();
    if (pid_text.find_first_not_of("0123456789") != std::string::npos) continue;
    std::error_code fd_ec;  // a process may exit, or belong to another user
    for (const auto& fd : fs::directory_iterator(proc.path() / "fd", fd_ec)) {
      std::error_code link_ec;
      fs::path target = fs::read_symlink(fd.path(), link_ec);
      if (link_ec) continue;
      auto inode = SocketInode(target.string());
      if (!inode || !inodes.count(*inode)) continue;
      std::string comm = ReadSmallFile(proc.path() / "comm");
      if (!comm.empty() && comm.back() == '\n') comm.pop_back();
      holders.push_back(PortHolder{std::stoi(pid_text), comm});
      break;
    }
  }
  return holders;
}

}  // namespace

Result<PortUse> PosixPlatform::ProbeTcpPort(uint16_t port) {
  int fd = ::socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
  bool v6 = fd >= 0;
  if (!v6) fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return Status::OsError("cannot create a socket to test port " + std::to_string(port), errno);
  // SO_REUSEADDR: a port left in TIME_WAIT by an earlier run is free to use,
  // so it must not count as taken.
  int one = 1, zero = 0;
  (void)::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  int rc;
  if (v6) {
    // A dual-stack wildcard bind collides with a listener on any IPv4 or IPv6 address.
    (void)::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
    sockaddr_in6 addr{};
    addr.sin6_family = AF_INET6;
    addr.sin6_addr = in6addr_any;
    addr.sin6_port = htons(port);
    rc = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  } else {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons(port);
    rc = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  }
  int err = errno;
  ::close(fd);
  PortUse use;
  if (rc == 0) return use;
  if (err != EADDRINUSE && err != EACCES) {
    return Status::OsError("cannot test port " + std::to_string(port), err);
  }
  use.taken = err == EADDRINUSE;
  if (use.taken) use.holders = Holders(ListeningInodes(port));
  return use;
}

}  // namespace ferry::platform
