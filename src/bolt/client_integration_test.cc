// The Bolt client against a real Neo4j 5.26: login, errors, transactions, TLS.
#include <gtest/gtest.h>

#include "bolt/client.h"
#include "bolt/testing/integration.h"
#include "platform/tcp_socket.h"

namespace ferry::bolt::testing {
namespace {

TEST(BoltClient, ConnectsAndNegotiatesTheOfferedVersion) {
  FERRY_NEO4J_OR_FAIL(server);
  auto client = ConnectTo(*server);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  // 5.4 when all is offered; 4.4 (auth in HELLO, no LOGON) when capped.
  EXPECT_EQ((*client)->version(), TestBoltVersion());
  EXPECT_NE((*client)->server_agent().find("Neo4j/5."), std::string::npos);
  auto one = Single(**client, "RETURN 1 AS x");
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(one->as<int64_t>(), 1);
}

TEST(BoltClient, WrongPasswordIsAClearAuthErrorWithoutThePassword) {
  FERRY_NEO4J_OR_FAIL(server);
  auto client = Client::Connect(server->uri(), "neo4j", "not-the-password-xyz");
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.status().code(), "N005");
  EXPECT_NE(client.status().message().find("Neo.ClientError.Security.Unauthorized"),
            std::string::npos)
      << client.status().ToString();
  EXPECT_EQ(client.status().ToString().find("not-the-password-xyz"), std::string::npos);
}

TEST(BoltClient, RefusedConnectionIsN004) {
  auto port = platform::FreeLoopbackPort();
  ASSERT_TRUE(port.ok());
  auto client = Client::Connect("bolt://127.0.0.1:" + std::to_string(*port), "neo4j", "x");
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.status().code(), "N004");
  EXPECT_EQ(client.status().sys_errno(), ECONNREFUSED);
}

TEST(BoltClient, FailureThenResetThenAGoodQuery) {
  FERRY_NEO4J_OR_FAIL(server);
  auto client = ConnectTo(*server);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  auto bad = (*client)->Run("RETURN nonsense(");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), "DB006");
  EXPECT_NE(bad.status().message().find("Neo.ClientError.Statement.SyntaxError"),
            std::string::npos);
  auto good = Single(**client, "RETURN 'after' AS x");
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  EXPECT_EQ(good->as<std::string>(), "after");
  // A failure inside an explicit transaction ends it; the connection lives on.
  ASSERT_TRUE((*client)->Begin().ok());
  EXPECT_FALSE((*client)->Run("RETURN 1/0").ok());
  EXPECT_FALSE((*client)->in_transaction());
  EXPECT_TRUE(Single(**client, "RETURN 2").ok());
}

TEST(BoltClient, TransactionsCommitAndRollBack) {
  FERRY_NEO4J_OR_FAIL(server);
  auto client = ConnectTo(*server);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  Client& c = **client;
  ASSERT_TRUE(c.Run("MATCH (n:TxTest) DELETE n").ok());

  ASSERT_TRUE(c.Begin().ok());
  ASSERT_TRUE(c.Run("CREATE (:TxTest {v: 1})").ok());
  ASSERT_TRUE(c.Rollback().ok());
  EXPECT_EQ(Single(c, "MATCH (n:TxTest) RETURN count(n)")->as<int64_t>(), 0);

  ASSERT_TRUE(c.Begin().ok());
  ASSERT_TRUE(c.Run("CREATE (:TxTest {v: 2})").ok());
  ASSERT_TRUE(c.Run("CREATE (:TxTest {v: 3})").ok());
  // Uncommitted writes are visible inside the transaction...
  EXPECT_EQ(Single(c, "MATCH (n:TxTest) RETURN count(n)")->as<int64_t>(), 2);
  ASSERT_TRUE(c.Commit().ok());
  // ...and to everyone after COMMIT.
  auto other = ConnectTo(*server);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(Single(**other, "MATCH (n:TxTest) RETURN sum(n.v)")->as<int64_t>(), 5);
  EXPECT_FALSE(c.Commit().ok());  // nothing open
}

TEST(BoltClient, QueryTimeoutIsDB003) {
  FERRY_NEO4J_OR_FAIL(server);
  ClientOptions options;
  options.query_timeout = std::chrono::milliseconds(300);
  auto client = ConnectTo(*server, options);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  auto slow = (*client)->Run("UNWIND range(1, 2000000000) AS x WITH x WHERE x < 0 RETURN count(x)");
  ASSERT_FALSE(slow.ok());
  EXPECT_EQ(slow.status().code(), "DB003") << slow.status().ToString();
}

TEST(BoltClient, TlsWithSelfSignedAndWithTheCaFile) {
  FERRY_NEO4J_OR_FAIL(server);
  auto ssc =
      Client::Connect(server->uri("bolt+ssc"), Neo4jTestServer::kUser, Neo4jTestServer::kPassword);
  ASSERT_TRUE(ssc.ok()) << ssc.status().ToString();
  EXPECT_EQ(Single(**ssc, "RETURN 'tls'")->as<std::string>(), "tls");

  ClientOptions with_ca;
  with_ca.tls_ca_file = server->ca_file().string();
  auto verified = Client::Connect(server->uri("neo4j+s"), Neo4jTestServer::kUser,
                                  Neo4jTestServer::kPassword, with_ca);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_EQ(Single(**verified, "RETURN 7")->as<int64_t>(), 7);

  // Without the CA the self-signed certificate must not be trusted.
  auto untrusted =
      Client::Connect(server->uri("bolt+s"), Neo4jTestServer::kUser, Neo4jTestServer::kPassword);
  ASSERT_FALSE(untrusted.ok());
  EXPECT_EQ(untrusted.status().code(), "N004");
  EXPECT_NE(untrusted.status().message().find("not trusted"), std::string::npos)
      << untrusted.status().ToString();
}

}  // namespace
}  // namespace ferry::bolt::testing
