// Unix stream sockets. Writes use MSG_NOSIGNAL so a peer that went away is
// an error value, not a SIGPIPE that kills ferry.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "platform/posix_platform.h"

namespace ferry::platform {
namespace {

class PosixStreamSocket final : public StreamSocket {
 public:
  PosixStreamSocket(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}
  ~PosixStreamSocket() override { ::close(fd_); }

  Result<size_t> Read(std::span<std::byte> buffer) override {
    while (true) {
      ssize_t n = ::recv(fd_, buffer.data(), buffer.size(), 0);
      if (n >= 0) return static_cast<size_t>(n);
      if (errno != EINTR) return Status::OsError("cannot read from " + name_, errno);
    }
  }

  Status Write(std::span<const std::byte> data) override {
    const std::byte* p = data.data();
    size_t left = data.size();
    while (left > 0) {
      ssize_t n = ::send(fd_, p, left, MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EINTR) continue;
        return Status::OsError("cannot write to " + name_, errno);
      }
      p += n;
      left -= static_cast<size_t>(n);
    }
    return Status::Ok();
  }

  Status ShutdownWrite() override {
    if (::shutdown(fd_, SHUT_WR) != 0 && errno != ENOTCONN) {
      return Status::OsError("cannot half-close " + name_, errno);
    }
    return Status::Ok();
  }

  void Shutdown() override { (void)::shutdown(fd_, SHUT_RDWR); }

 private:
  int fd_;
  std::string name_;
};

}  // namespace

Result<std::unique_ptr<StreamSocket>> PosixPlatform::ConnectUnix(const fs::path& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const std::string& native = path.native();
  if (native.size() >= sizeof(addr.sun_path)) {
    return Status::OsError("socket path too long: " + native, ENAMETOOLONG);
  }
  std::memcpy(addr.sun_path, native.c_str(), native.size() + 1);
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::OsError("cannot create a socket", errno);
  while (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    if (errno == EINTR) continue;
    int err = errno;
    ::close(fd);
    return Status::OsError("cannot connect to " + native, err);
  }
  return std::unique_ptr<StreamSocket>(std::make_unique<PosixStreamSocket>(fd, native));
}

}  // namespace ferry::platform
