#include "platform/tcp_socket.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace ferry::platform {
namespace {

using namespace std::chrono_literals;

// A loopback listener that accepts connections into its backlog and never
// answers: the shape of a hung server.
class SilentListener {
 public:
  SilentListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    ::listen(fd_, 4);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~SilentListener() { ::close(fd_); }
  int port() const { return port_; }
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

// A socket does not know it leads to Neo4j (N004) or to an API (N003): it
// reports the errno and leaves the code to the layer that does.
TEST(TcpSocket, RefusedConnectionKeepsTheErrnoAndPicksNoCode) {
  auto port = FreeLoopbackPort();
  ASSERT_TRUE(port.ok());
  auto s = TcpConnect("127.0.0.1", *port, 2s);
  ASSERT_FALSE(s.ok());
  EXPECT_FALSE(s.status().classified());
  EXPECT_EQ(s.status().sys_errno(), ECONNREFUSED);
}

TEST(TcpSocket, UnknownHostIsUnclassified) {
  auto s = TcpConnect("no-such-host.invalid", 7687, 2s);
  ASSERT_FALSE(s.ok());
  EXPECT_FALSE(s.status().classified());
}

TEST(TcpSocket, ReadTimesOutWithEtimedout) {
  SilentListener listener;
  auto s = TcpConnect("localhost", listener.port(), 2s);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  (*s)->SetTimeout(100ms);
  std::byte buf[16];
  auto n = (*s)->Read(buf);
  ASSERT_FALSE(n.ok());
  EXPECT_FALSE(n.status().classified());
  EXPECT_EQ(n.status().sys_errno(), ETIMEDOUT);
}

TEST(TcpSocket, WritesAndReadsEndOfStream) {
  SilentListener listener;
  auto s = TcpConnect("127.0.0.1", listener.port(), 2s);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  int peer = ::accept(listener.fd(), nullptr, nullptr);
  ASSERT_GE(peer, 0);
  const char hello[] = "hello";
  ASSERT_TRUE((*s)->Write(std::as_bytes(std::span(hello, 5))).ok());
  char got[8] = {};
  ASSERT_EQ(::recv(peer, got, 5, MSG_WAITALL), 5);
  EXPECT_EQ(std::string(got, 5), "hello");
  ::close(peer);
  std::byte buf[16];
  (*s)->SetTimeout(2s);
  auto n = (*s)->Read(buf);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 0u);
  (*s)->Close();
  EXPECT_FALSE((*s)->Write(std::as_bytes(std::span(hello, 5))).ok());
}

}  // namespace
}  // namespace ferry::platform
