// Shared pieces of the Bolt integration tests.
#pragma once

#include <gtest/gtest.h>

#include "bolt/client.h"
#include "bolt/testing/neo4j_test_server.h"
#include "platform/platform.h"

namespace ferry::bolt::testing {

// The shared server, or the test fails with the reason it could not start.
#define FERRY_NEO4J_OR_FAIL(server)                     \
  std::string neo4j_error_;                             \
  Neo4jTestServer* server = SharedNeo4j(&neo4j_error_); \
  ASSERT_NE(server, nullptr) << neo4j_error_

// The Bolt version these tests speak: the newest, or 4.4 when the CTest
// entry BoltIntegration44 sets FERRY_TEST_BOLT=4.4 (Neo4j 5.26 still accepts
// 4.4, so the same real server exercises the 4.4 protocol).
inline BoltVersion TestBoltVersion() {
  return platform::DefaultPlatform().GetEnv("FERRY_TEST_BOLT") == "4.4" ? BoltVersion{4, 4}
                                                                        : kNewestBolt;
}
inline bool TestingBolt44() { return TestBoltVersion() == BoltVersion{4, 4}; }

inline Result<std::unique_ptr<Client>> ConnectTo(const Neo4jTestServer& server,
                                                 ClientOptions options = {}) {
  options.max_version = TestBoltVersion();
  return Client::Connect(server.uri(), Neo4jTestServer::kUser, Neo4jTestServer::kPassword, options);
}

// Runs query and returns its single value (first column of the only row).
inline Result<Value> Single(Client& client, std::string_view query, const Map& params = {}) {
  Value out;
  int rows = 0;
  auto summary = client.Run(query, params, [&](const Record& r) {
    ++rows;
    if (!r.values.empty()) out = r.values[0];
    return Status::Ok();
  });
  if (!summary.ok()) return summary.status();
  if (rows != 1) return Status::Error("X004", "expected one row, got " + std::to_string(rows));
  return out;
}

}  // namespace ferry::bolt::testing
