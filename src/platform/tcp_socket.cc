#include "platform/tcp_socket.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ferry::platform {
namespace {

using Clock = std::chrono::steady_clock;

// Milliseconds left before deadline for poll(2); -1 (forever) when unbounded.
int PollBudget(Clock::time_point deadline, bool bounded) {
  if (!bounded) return -1;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() <= 0 ? 0 : static_cast<int>(left.count());
}

// Waits for events on fd; ETIMEDOUT when the deadline passes first.
Status WaitFor(int fd, short events, Clock::time_point deadline, bool bounded,
               const std::string& what) {
  while (true) {
    pollfd p{fd, events, 0};
    int n = ::poll(&p, 1, PollBudget(deadline, bounded));
    if (n > 0) return Status::Ok();
    if (n == 0) return Status::OsError(what + " timed out", ETIMEDOUT);
    if (errno != EINTR) return Status::OsError(what + " failed", errno);
  }
}

class PosixTcpSocket final : public TcpSocket {
 public:
  PosixTcpSocket(int fd, std::string peer) : fd_(fd), peer_(std::move(peer)) {}
  ~PosixTcpSocket() override { Close(); }

  int fd() const override { return fd_; }
  void SetTimeout(std::chrono::milliseconds timeout) override { timeout_ = timeout; }

  Result<size_t> Read(std::span<std::byte> buffer) override {
    if (fd_ < 0) return Status::OsError("read from closed connection to " + peer_, EBADF);
    auto deadline = Clock::now() + timeout_;
    while (true) {
      ssize_t n = ::recv(fd_, buffer.data(), buffer.size(), 0);
      if (n >= 0) return static_cast<size_t>(n);
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) {
        return Status::OsError("connection to " + peer_ + " lost", errno);
      }
      FERRY_RETURN_IF_ERROR(
          WaitFor(fd_, POLLIN, deadline, timeout_.count() > 0, "waiting for " + peer_));
    }
  }

  Status Write(std::span<const std::byte> data) override {
    if (fd_ < 0) return Status::OsError("write to closed connection to " + peer_, EBADF);
    auto deadline = Clock::now() + timeout_;
    while (!data.empty()) {
      // MSG_NOSIGNAL: a peer that went away is an error value, not SIGPIPE.
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n >= 0) {
        data = data.subspan(static_cast<size_t>(n));
        continue;
      }
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) {
        return Status::OsError("connection to " + peer_ + " lost", errno);
      }
      FERRY_RETURN_IF_ERROR(
          WaitFor(fd_, POLLOUT, deadline, timeout_.count() > 0, "sending to " + peer_));
    }
    return Status::Ok();
  }

  void Close() override {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
  std::string peer_;
  std::chrono::milliseconds timeout_{0};
};

// One non-blocking connect attempt bounded by deadline; returns the fd.
Result<int> ConnectOne(const addrinfo& ai, Clock::time_point deadline, const std::string& peer) {
  int fd = ::socket(ai.ai_family, ai.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai.ai_protocol);
  if (fd < 0) return Status::OsError("cannot create socket for " + peer, errno);
  if (::connect(fd, ai.ai_addr, ai.ai_addrlen) != 0 && errno != EINPROGRESS) {
    int err = errno;
    ::close(fd);
    return Status::OsError("cannot connect to " + peer, err);
  }
  Status waited = WaitFor(fd, POLLOUT, deadline, true, "connecting to " + peer);
  int err = 0;
  socklen_t len = sizeof(err);
  if (waited.ok() && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
  if (!waited.ok() || err != 0) {
    ::close(fd);
    if (!waited.ok()) return waited;
    return Status::OsError("cannot connect to " + peer, err);
  }
  // Bolt sends small request messages and waits for answers: no Nagle delay.
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  return fd;
}

}  // namespace

Result<std::unique_ptr<TcpSocket>> TcpConnect(const std::string& host, int port,
                                              std::chrono::milliseconds timeout) {
  const std::string peer = host + ":" + std::to_string(port);
  auto deadline = Clock::now() + timeout;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &list);
  if (rc != 0) {
    return Status::OsError("cannot resolve " + peer + ": " + ::gai_strerror(rc), EHOSTUNREACH);
  }
  Status last = Status::OsError("no address for " + peer, EHOSTUNREACH);
  for (addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
    Result<int> fd = ConnectOne(*ai, deadline, peer);
    if (fd.ok()) {
      ::freeaddrinfo(list);
      return std::unique_ptr<TcpSocket>(new PosixTcpSocket(*fd, peer));
    }
    last = fd.status();
  }
  ::freeaddrinfo(list);
  return last;
}

Result<int> FreeLoopbackPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::OsError("cannot create socket", errno);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    int err = errno;
    ::close(fd);
    return Status::OsError("cannot find a free loopback port", err);
  }
  ::close(fd);
  return static_cast<int>(ntohs(addr.sin_port));
}

}  // namespace ferry::platform
