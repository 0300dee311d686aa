// Shared pieces of the Bolt integration tests.
#pragma once

#include <gtest/gtest.h>

#include "bolt/client.h"
#include "bolt/testing/neo4j_test_server.h"

namespace ferry::bolt::testing {

// The shared server, or the test fails with the reason it could not start.
#define FERRY_NEO4J_OR_FAIL(server)                              \
  std::string neo4j_error_;                                      \
  Neo4jTestServer* server = SharedNeo4j(&neo4j_error_);          \
  ASSERT_NE(server, nullptr) << neo4j_error_

inline Result<std::unique_ptr<Client>> ConnectTo(const Neo4jTestServer& server,
                                                 ClientOptions options = {}) {
  return Client::Connect(server.uri(), Neo4jTestServer::kUser, Neo4jTestServer::kPassword,
                         options);
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
