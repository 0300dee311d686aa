#include "bolt/uri.h"

#include <gtest/gtest.h>

namespace ferry::bolt {
namespace {

TEST(BoltUri, ParsesSchemesHostsAndPorts) {
  auto u = ParseBoltUri("bolt://localhost");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "localhost");
  EXPECT_EQ(u->port, 7687);
  EXPECT_EQ(u->tls, TlsMode::kOff);

  u = ParseBoltUri("neo4j+s://db.example.com:7688?policy=x");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->scheme, "neo4j");
  EXPECT_EQ(u->host, "db.example.com");
  EXPECT_EQ(u->port, 7688);
  EXPECT_EQ(u->tls, TlsMode::kVerify);

  u = ParseBoltUri("bolt+ssc://[::1]:9999");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->port, 9999);
  EXPECT_EQ(u->tls, TlsMode::kSelfSigned);
}

TEST(BoltUri, RejectsWhatItCannotUse) {
  for (const char* bad : {"http://x", "localhost:7687", "bolt://", "bolt://x:0", "bolt://x:70000",
                          "bolt://x:7a", "bolt://[::1"}) {
    auto u = ParseBoltUri(bad);
    ASSERT_FALSE(u.ok()) << bad;
    EXPECT_EQ(u.status().code(), "X003") << bad;
  }
}

TEST(BoltUri, RefusesCredentialsWithoutEchoingThem) {
  auto u = ParseBoltUri("bolt://neo4j:s3cret@db:7687");
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.status().code(), "X003");
  EXPECT_EQ(u.status().ToString().find("s3cret"), std::string::npos);
}

}  // namespace
}  // namespace ferry::bolt
