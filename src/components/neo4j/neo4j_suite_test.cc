// The neo4j kind (logical mode, over Bolt) against the component contract
// (components/testing/component_suite.h), on two real Neo4j servers from
// tests/neo4j-server: the shared one holds the source graph, a second one is
// the restore target. The content of a side is read with Cypher of its own:
// every node and relationship as a sorted line, then the schema.
#include <stdlib.h>

#include <future>

#include "bolt/testing/integration.h"
#include "components/testing/server_kind_fixture.h"

namespace ferry::components::testing {
namespace {

using bolt::testing::ConnectTo;
using bolt::testing::Neo4jTestServer;

constexpr const char* kPasswordEnv = "FERRY_SUITE_NEO4J_PW";
constexpr const char* kWrongPasswordEnv = "FERRY_SUITE_NEO4J_WRONG";

// Several labels (one node with two), relationship types with and without
// properties, unicode, a uniqueness constraint and an index. Small on
// purpose: neo4j_integration_test moves the seed's 20,739 nodes.
constexpr const char* kSourceGraph[] = {
    "CREATE CONSTRAINT person_name FOR (p:Person) REQUIRE p.name IS UNIQUE",
    "CREATE INDEX city_name FOR (c:City) ON (c.name)",
    "CALL db.awaitIndexes(120)",
    "UNWIND range(1, 10) AS i CREATE (:City {name: 'City ' + i + ' Zürich', n: i})",
    "UNWIND range(1, 200) AS i CREATE (:Person {name: 'Person ' + i + ' 日本', n: i})",
    "MATCH (p:Person) WHERE p.n % 50 = 0 SET p:Admin",
    "MATCH (p:Person), (c:City {n: p.n % 10 + 1}) CREATE (p)-[:LIVES_IN {since: 2000 + p.n % "
    "20}]->(c)",
    "MATCH (a:Person), (b:Person {n: a.n + 1}) CREATE (a)-[:KNOWS]->(b)",
};

Result<std::vector<std::string>> Lines(bolt::Client& client, const std::string& query) {
  std::vector<std::string> lines;
  FERRY_RETURN_IF_ERROR(client
                            .Run(query, {},
                                 [&](const bolt::Record& r) {
                                   if (r.values.empty() || !r.values[0].is<std::string>()) {
                                     return Status::Error("X004", "not a text line: " + query);
                                   }
                                   lines.push_back(r.values[0].as<std::string>());
                                   return Status::Ok();
                                 })
                            .status());
  return lines;
}

class Neo4jFixture final : public ServerKindFixture {
 public:
  std::string kind() const override { return "neo4j"; }
  Capabilities capabilities() const override { return {}; }

  stack::ComponentSpec Spec(Side side) override {
    stack::ComponentSpec spec;
    spec.name = "graph";
    spec.kind = "neo4j";
    const bool source = side == Side::kSource;
    spec.options = {{"uri", (source ? source_ : target_.get())->uri()},
                    {"password_env", source && broken_ ? kWrongPasswordEnv : kPasswordEnv}};
    return spec;
  }
  fs::path Path(Side) override { return {}; }
  Result<std::string> Content(Side side) override {
    FERRY_ASSIGN_OR_RETURN(auto client, ConnectTo(side == Side::kSource ? *source_ : *target_));
    // One line per node and relationship from the properties the fixture
    // gave every one of them, sorted; then the schema.
    std::string text;
    for (const char* query :
         {"MATCH (n) RETURN reduce(s = '', l IN labels(n) | s + ':' + l) + ' ' + n.name + ' ' + "
          "toString(n.n) AS line ORDER BY line",
          "MATCH (a)-[r]->(b) RETURN a.name + ' -' + type(r) + ' ' + coalesce(toString(r.since), "
          "'') + "
          "'-> ' + b.name AS line ORDER BY line",
          "SHOW CONSTRAINTS YIELD createStatement RETURN createStatement ORDER BY createStatement",
          "SHOW INDEXES YIELD type, owningConstraint, createStatement WHERE type <> 'LOOKUP' AND "
          "owningConstraint IS NULL RETURN createStatement ORDER BY createStatement"}) {
      FERRY_ASSIGN_OR_RETURN(std::vector<std::string> lines, Lines(*client, query));
      for (const std::string& line : lines) text += line + "\n";
    }
    return text;
  }

  Status BreakSource() override {
    broken_ = true;
    return Status::Ok();
  }
  ExpectedFinding BrokenSourceFinding() const override {
    return {"N005", "refused the credentials"};
  }
  Status FillTarget() override {
    FERRY_ASSIGN_OR_RETURN(auto client, ConnectTo(*target_));
    return client->Run("CREATE (:Old {name: 'mine', n: 1})-[:WAS]->(:Old {name: 'mine too', n: 2})")
        .status();
  }
  // Same counts, one property changed: only the content fingerprint sees it.
  Status PlantDifference() override {
    FERRY_ASSIGN_OR_RETURN(auto client, ConnectTo(*target_));
    return client->Run("MATCH (p:Person {n: 7}) SET p.name = 'changed'").status();
  }
  ExpectedFinding PlantedDifferenceFinding() const override {
    return {"DB001", "content fingerprint"};
  }

 protected:
  Status StartServers() override {
    ::setenv(kPasswordEnv, Neo4jTestServer::kPassword, 1);
    ::setenv(kWrongPasswordEnv, "not-the-password", 1);
    // Both at once: each takes ~15 s, mostly waiting.
    auto target = std::async(std::launch::async, [] { return Neo4jTestServer::Start(); });
    std::string error;
    source_ = bolt::testing::SharedNeo4j(&error);
    auto started = target.get();
    if (!source_) return Status::Error("X001", "shared Neo4j: " + error);
    FERRY_RETURN_IF_ERROR(started.status());
    target_ = std::move(*started);
    FERRY_ASSIGN_OR_RETURN(auto client, ConnectTo(*source_));
    for (const char* statement : kSourceGraph)
      FERRY_RETURN_IF_ERROR(client->Run(statement).status());
    return Status::Ok();
  }
  // The shared source stops with neo4j_environment.cc.
  void StopServers() override { target_.reset(); }
  Status Reset(const fs::path&) override {
    broken_ = false;
    return Empty(*target_);
  }

 private:
  // No nodes, no schema: what a fresh database holds.
  static Status Empty(Neo4jTestServer& server) {
    FERRY_ASSIGN_OR_RETURN(auto client, ConnectTo(server));
    FERRY_RETURN_IF_ERROR(client->Run("MATCH (n) DETACH DELETE n").status());
    for (const char* kind : {"CONSTRAINT", "INDEX"}) {
      const std::string show = std::string("SHOW ") + kind + (kind[0] == 'C' ? "S" : "ES") +
                               " YIELD name, type WHERE type <> 'LOOKUP' RETURN name";
      FERRY_ASSIGN_OR_RETURN(std::vector<std::string> names, Lines(*client, show));
      for (const std::string& name : names) {
        FERRY_RETURN_IF_ERROR(
            client->Run(std::string("DROP ") + kind + " `" + name + "` IF EXISTS").status());
      }
    }
    return Status::Ok();
  }

  Neo4jTestServer* source_ = nullptr;
  std::unique_ptr<Neo4jTestServer> target_;
  bool broken_ = false;
};

INSTANTIATE_TEST_SUITE_P(Neo4j, ComponentSuite, ::testing::Values(&Shared<Neo4jFixture>));

}  // namespace
}  // namespace ferry::components::testing
