#include "platform/proc_net.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <bit>

#include "platform/platform.h"
#include "platform/testing/loopback_listener.h"

namespace ferry::platform {
namespace {

// Captured from a Linux machine; row 2 is a TIME_WAIT socket (inode 0).
constexpr const char* kTcp =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout "
    "inode\n"
    "   0: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 "
    "48213 1 0000 100 0 0 10 0\n"
    "   1: 00000000:1ED7 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 "
    "9917 1 0000 100 0 0 10 0\n"
    "   2: 0100007F:9C40 0100007F:1F40 06 00000000:00000000 03:00000EAD 00000000     0        0 0 "
    "3 0000\n"
    "   3: 0100007F:AB";  // cut off while the table changed

constexpr const char* kTcp6 =
    "  sl  local_address                         remote_address                        st tx_queue "
    "rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
    "   0: 00000000000000000000000000000000:0CEA 00000000000000000000000000000000:0000 0A "
    "00000000:00000000 00:00000000 00000000   110        0 5521 1 0000 100 0 0 10 0\n";

TEST(ProcNetTcp, ParsesListenersAndSkipsHeaderAndPartialRows) {
  auto rows = ParseProcNetTcp(kTcp);
  ASSERT_EQ(rows.size(), 3u);
  if constexpr (std::endian::native == std::endian::little) {
    EXPECT_EQ(rows[0].local_address, "127.0.0.1");
  }
  EXPECT_EQ(rows[0].local_port, 8000);
  EXPECT_EQ(rows[0].state, kTcpListen);
  EXPECT_EQ(rows[0].inode, 48213u);
  EXPECT_EQ(rows[1].local_address, "0.0.0.0");
  EXPECT_EQ(rows[1].local_port, 7895);
  EXPECT_EQ(rows[2].state, 6);
  EXPECT_EQ(rows[2].inode, 0u);
}

TEST(ProcNetTcp, ParsesIpv6Rows) {
  auto rows = ParseProcNetTcp(kTcp6);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].local_port, 3306);
  EXPECT_EQ(rows[0].local_address, "00000000000000000000000000000000");
  EXPECT_EQ(rows[0].inode, 5521u);
}

TEST(ProcNetTcp, EmptyOrGarbageGivesNoRows) {
  EXPECT_TRUE(ParseProcNetTcp("").empty());
  EXPECT_TRUE(ParseProcNetTcp("not a table\nat all\n").empty());
}

TEST(ProcNetTcp, SocketInodeFromFdLinks) {
  EXPECT_EQ(SocketInode("socket:[48213]"), 48213u);
  EXPECT_FALSE(SocketInode("pipe:[48213]"));
  EXPECT_FALSE(SocketInode("/dev/null"));
  EXPECT_FALSE(SocketInode("socket:[]"));
  EXPECT_FALSE(SocketInode("socket:[12x]"));
}

TEST(ProbeTcpPort, AListenerOfThisProcessIsTakenAndNamed) {
  testing::LoopbackListener listener;
  ASSERT_TRUE(listener.ok());
  uint16_t port = listener.port();

  auto use = DefaultPlatform().ProbeTcpPort(port);
  ASSERT_TRUE(use.ok()) << use.status().ToString();
  EXPECT_TRUE(use->taken);
  ASSERT_EQ(use->holders.size(), 1u);
  EXPECT_EQ(use->holders[0].pid, ::getpid());
  EXPECT_FALSE(use->holders[0].command.empty());

  listener.Close();
  use = DefaultPlatform().ProbeTcpPort(port);
  ASSERT_TRUE(use.ok());
  EXPECT_FALSE(use->taken);
}

}  // namespace
}  // namespace ferry::platform
