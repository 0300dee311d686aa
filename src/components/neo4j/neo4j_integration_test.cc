// The neo4j kind against two real Neo4j servers: the shared one is the
// source (loaded with graph_fixture), a second one the restore target.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <future>
#include <iostream>
#include <set>

#include "bolt/testing/integration.h"
#include "components/kinds.h"
#include "components/neo4j/graph_fixture.h"
#include "components/neo4j/graph_payload.h"
#include "components/testing/dir_payloads.h"
#include "exec/executor.h"

namespace ferry::components::neo4j {
namespace {

namespace fs = std::filesystem;
using bolt::testing::ConnectTo;
using bolt::testing::Neo4jTestServer;
using bolt::testing::Single;

constexpr const char* kPasswordVar = "FERRY_IT_NEO4J_PASSWORD";
constexpr const char* kWrongVar = "FERRY_IT_NEO4J_WRONG";

class Neo4jComponentTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    setenv(kPasswordVar, Neo4jTestServer::kPassword, 1);
    setenv(kWrongVar, "not-the-password", 1);
    // Both servers start at once: each takes ~15 s, mostly waiting.
    auto target = std::async(std::launch::async, [] { return Neo4jTestServer::Start(); });
    std::string error;
    source_ = bolt::testing::SharedNeo4j(&error);
    auto started = target.get();
    if (!source_ || !started.ok()) {
      setup_error_ = error + " " + (started.ok() ? "" : started.status().ToString());
      return;
    }
    target_ = std::move(*started).release();
    auto client = ConnectTo(*source_);
    Status loaded = client.ok() ? testing::LoadFixture(**client) : client.status();
    if (!loaded.ok()) setup_error_ = "fixture: " + loaded.ToString();
  }
  static void TearDownTestSuite() {
    delete target_;
    target_ = nullptr;
  }

  void SetUp() override {
    ASSERT_TRUE(setup_error_.empty()) << setup_error_;
    char tmpl[] = "/tmp/ferry-neo4j-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    component_ = NewNeo4jComponent();
  }
  void TearDown() override { fs::remove_all(dir_); }

  ComponentContext Ctx(const Neo4jTestServer& server, const char* password_var = kPasswordVar) {
    spec_.name = "graph";
    spec_.kind = "neo4j";
    spec_.options = {{"uri", server.uri()}, {"password_env", password_var}};
    return ComponentContext{.os = os_,
                            .executor = exec_,
                            .stack = stack_,
                            .spec = spec_,
                            .path = {},
                            .zstd = {},
                            .progress = [](uint64_t) {}};
  }
  Result<nlohmann::json> Export(const Neo4jTestServer& server, const fs::path& medium) {
    components::testing::DirPayloadWriter writer(os_, medium);
    ComponentContext ctx = Ctx(server);
    auto facts = component_->Export(ctx, writer);
    if (facts.ok()) FERRY_RETURN_IF_ERROR(writer.CloseAll());
    return facts;
  }
  Result<nlohmann::json> Restore(const fs::path& medium, RestoreOptions options = {}) {
    components::testing::DirPayloadReader reader(os_, medium);
    ComponentContext ctx = Ctx(*target_);
    return component_->Restore(ctx, reader, options);
  }
  std::vector<Finding> Validate(const nlohmann::json& facts) {
    ComponentContext ctx = Ctx(*target_);
    return component_->Validate(ctx, facts);
  }
  static int64_t Count(const Neo4jTestServer& server,
                       const char* query = "MATCH (n) RETURN count(n)") {
    auto client = ConnectTo(server);
    if (!client.ok()) return -1;
    auto v = Single(**client, query);
    return v.ok() && v->is<int64_t>() ? v->as<int64_t>() : -1;
  }
  static std::string Codes(const std::vector<Finding>& findings) {
    std::string out;
    for (const auto& f : findings) out += (f.passed() ? "OK" : f.code) + " " + f.what + "\n";
    return out;
  }

  static inline Neo4jTestServer* source_ = nullptr;
  static inline Neo4jTestServer* target_ = nullptr;
  static inline std::string setup_error_;
  platform::Platform& os_ = platform::DefaultPlatform();
  exec::HostExecutor exec_{os_};
  stack::StackFile stack_;
  stack::ComponentSpec spec_;
  std::unique_ptr<Component> component_;
  fs::path dir_;
};

TEST_F(Neo4jComponentTest, WrongPasswordIsN005AndNamesNoSecret) {
  components::testing::DirPayloadWriter writer(os_, dir_ / "medium");
  ComponentContext ctx = Ctx(*target_, kWrongVar);
  auto facts = component_->Export(ctx, writer);
  ASSERT_FALSE(facts.ok());
  EXPECT_EQ(facts.status().code(), "N005") << facts.status().ToString();
  EXPECT_EQ(facts.status().message().find("not-the-password"), std::string::npos);
}

TEST_F(Neo4jComponentTest, RoundTripIntoAnEmptyServerIsEqualByContent) {
  ASSERT_EQ(Count(*target_), 0);
  auto started = std::chrono::steady_clock::now();
  auto seconds_since = [](auto t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };
  auto facts = Export(*source_, dir_ / "medium");
  double export_s = seconds_since(started);
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  EXPECT_EQ((*facts)["nodes"], testing::kFixtureNodes);
  EXPECT_EQ((*facts)["labels"]["Person"], 11996);
  EXPECT_EQ((*facts)["labels"]["Company:Organization"], 6000);
  EXPECT_EQ((*facts)["types"]["SAME"], 2);
  EXPECT_GE((*facts)["schema"].size(), 3u);

  components::testing::DirPayloadReader reader(os_, dir_ / "medium");
  ComponentContext ctx = Ctx(*source_);
  std::string checked = Codes(component_->Check(ctx));
  EXPECT_NE(checked.find("OK Neo4j/5.26"), std::string::npos) << checked;
  EXPECT_NE(checked.find("node_count = 20739"), std::string::npos) << checked;
  auto estimate = component_->EstimateBytes(ctx);
  ASSERT_TRUE(estimate.ok()) << estimate.status().ToString();
  EXPECT_GT(*estimate, fs::file_size(dir_ / "medium" / kPayloadName));
  auto verified = component_->VerifyPayload(ctx, reader);
  EXPECT_FALSE(HasFailures(verified)) << Codes(verified);

  uint64_t last_progress = 0;
  started = std::chrono::steady_clock::now();
  auto record = [&] {
    components::testing::DirPayloadReader in(os_, dir_ / "medium");
    ComponentContext target_ctx = Ctx(*target_);
    target_ctx.progress = [&](uint64_t n) { last_progress = n; };
    return component_->Restore(target_ctx, in, {});
  }();
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_TRUE(record->is_null());
  // Numbers for the reader, never asserted (DESIGN.md: tests do not time).
  std::cout << "[ numbers  ] " << (*facts)["nodes"] << " nodes, " << (*facts)["relationships"]
            << " relationships; payload " << fs::file_size(dir_ / "medium" / kPayloadName)
            << " bytes; export " << export_s << " s, restore " << seconds_since(started) << " s\n";
  EXPECT_EQ(last_progress, uint64_t((*facts)["nodes"]) + uint64_t((*facts)["relationships"]));

  auto findings = Validate(*facts);
  EXPECT_FALSE(HasFailures(findings)) << Codes(findings);
  auto again = Export(*target_, dir_ / "again");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ((*again)["fingerprint"], (*facts)["fingerprint"]);
  EXPECT_EQ((*again)["schema"], (*facts)["schema"]);
  EXPECT_EQ(Count(*target_, "MATCH (n:__FerryRestore) RETURN count(n)"), 0);
  EXPECT_EQ(Count(*target_, "MATCH (n) WHERE n.__ferry_key IS NOT NULL RETURN count(n)"), 0);
}

// Bolt 4.4 (what a 4.4 server speaks; here the 5.26 source is made to speak
// it) gives numeric ids and no element ids: the scan's digest table and the
// payload keys work from those, and the fingerprint, which must not depend
// on the protocol, equals the one read over 5.x. (A real 4.4 server: the
// MovesBetweenNeo4j526And44 case.)
TEST_F(Neo4jComponentTest, FingerprintOverBolt44EqualsFingerprintOverBolt5) {
  auto facts = Export(*source_, dir_ / "medium");
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  bolt::ClientOptions options;
  options.max_version = bolt::BoltVersion{4, 4};
  auto client = bolt::Client::Connect(source_->uri(), Neo4jTestServer::kUser,
                                      Neo4jTestServer::kPassword, options);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  ASSERT_EQ((*client)->version(), (bolt::BoltVersion{4, 4}));
  int64_t numeric_keys = 0;
  GraphVisitor visitor;
  visitor.on_node = [&](const bolt::Node& n) {
    if (NodeKey(n) == std::to_string(n.id)) ++numeric_keys;
    return Status::Ok();
  };
  auto summary = ScanGraph(**client, visitor);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(numeric_keys, testing::kFixtureNodes);
  EXPECT_EQ(summary->nodes, testing::kFixtureNodes);
  EXPECT_EQ(summary->relationships, (*facts)["relationships"].get<int64_t>());
  EXPECT_EQ(summary->fingerprint, (*facts)["fingerprint"].get<std::string>());
}

// A temp dir that does not exist: no digest scratch file, so ScanGraph
// falls back to asking for each relationship's endpoints.
class NoTempDir : public platform::PlatformWrapper {
 public:
  NoTempDir() : PlatformWrapper(platform::DefaultPlatform()) {}
  fs::path TempDir() override { return "/nonexistent/ferry-no-temp"; }
};

// Over Bolt 5 the scan asks for numeric ids (not element ids): every
// relationship's endpoint keys must name a node key of the same scan, with
// and without the digest scratch file, and the fingerprint must not move.
TEST_F(Neo4jComponentTest, ScanKeysLinkRelationshipsToNodesWithAndWithoutScratchFile) {
  auto facts = Export(*source_, dir_ / "medium");
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  NoTempDir no_temp;
  for (platform::Platform* os :
       {&platform::DefaultPlatform(), static_cast<platform::Platform*>(&no_temp)}) {
    auto client = ConnectTo(*source_);
    ASSERT_TRUE(client.ok()) << client.status().ToString();
    ASSERT_GE((*client)->version().major, 5);
    std::set<std::string> node_keys;
    int64_t numeric_keys = 0, linked_ends = 0;
    GraphVisitor visitor;
    visitor.on_node = [&](const bolt::Node& n) {
      if (NodeKey(n) == std::to_string(n.id)) ++numeric_keys;
      node_keys.insert(NodeKey(n));
      return Status::Ok();
    };
    visitor.on_relationship = [&](const bolt::Relationship& r) {
      linked_ends += node_keys.count(StartKey(r)) + node_keys.count(EndKey(r));
      return Status::Ok();
    };
    auto summary = ScanGraph(**client, visitor, *os);
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
    EXPECT_EQ(numeric_keys, testing::kFixtureNodes);
    EXPECT_EQ(linked_ends, 2 * summary->relationships);
    EXPECT_EQ(summary->relationships, (*facts)["relationships"].get<int64_t>());
    EXPECT_EQ(summary->fingerprint, (*facts)["fingerprint"].get<std::string>());
  }
}

TEST_F(Neo4jComponentTest, NonEmptyTargetWithoutForceIsT001AndUntouched) {
  auto facts = Export(*source_, dir_ / "medium");
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  auto client = ConnectTo(*target_);
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE((*client)->Run("CREATE (:Marker {here: true})").ok());
  int64_t before = Count(*target_);
  auto record = Restore(dir_ / "medium");
  ASSERT_FALSE(record.ok());
  EXPECT_EQ(record.status().code(), "T001") << record.status().ToString();
  EXPECT_EQ(Count(*target_), before);

  RestoreOptions dry;
  dry.force = true;
  dry.dry_run = true;
  std::string said;
  dry.say = [&](const std::string& text) { said += text; };
  auto nothing = Restore(dir_ / "medium", dry);
  ASSERT_TRUE(nothing.ok()) << nothing.status().ToString();
  EXPECT_TRUE(nothing->is_null());
  EXPECT_NE(said.find("would load"), std::string::npos) << said;
  EXPECT_EQ(Count(*target_), before);
}

TEST_F(Neo4jComponentTest, TamperedTargetFailsValidateNamingTheDifference) {
  auto facts = Export(*source_, dir_ / "medium");
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  // After the T001 case the target holds the fixture and its marker: reuse
  // it rather than pay for another load; load when run on its own.
  auto client = ConnectTo(*target_);
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE((*client)->Run("MATCH (m:Marker) DELETE m").ok());
  if (HasFailures(Validate(*facts))) {
    RestoreOptions force;
    force.force = true;
    force.rollback_dir = dir_ / "rollback";
    auto record = Restore(dir_ / "medium", force);
    ASSERT_TRUE(record.ok()) << record.status().ToString();
  }
  ASSERT_FALSE(HasFailures(Validate(*facts)));

  ASSERT_TRUE((*client)->Run("MATCH (p:Person {uid: 7}) SET p.name = 'changed'").ok());
  std::string same_counts = Codes(Validate(*facts));
  EXPECT_NE(same_counts.find("OK node_count = 20739"), std::string::npos) << same_counts;
  EXPECT_NE(same_counts.find("DB001 content fingerprint"), std::string::npos) << same_counts;

  ASSERT_TRUE((*client)->Run("MATCH (p:Person {uid: 8}) DETACH DELETE p").ok());
  std::string fewer = Codes(Validate(*facts));
  EXPECT_NE(fewer.find("DB001 node_count = 20738. Expected: 20739"), std::string::npos) << fewer;
  EXPECT_NE(fewer.find("DB001 label 'Person': 11995. Expected: 11996"), std::string::npos) << fewer;
  EXPECT_NE(fewer.find("DB001 relationship type 'WORKS_AT'"), std::string::npos) << fewer;
}

TEST_F(Neo4jComponentTest, ForceKeepsARollbackCopyThatRollbackPutsBack) {
  auto client = ConnectTo(*target_);
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE((*client)->Run("MATCH (n) DETACH DELETE n").ok());
  ASSERT_TRUE((*client)->Run("CREATE (:Old {v: 1})-[:WAS]->(:Old {v: 2})").ok());
  auto old = Export(*target_, dir_ / "old");
  ASSERT_TRUE(old.ok()) << old.status().ToString();

  auto facts = Export(*source_, dir_ / "medium");
  ASSERT_TRUE(facts.ok());
  RestoreOptions force;
  force.force = true;
  force.rollback_dir = dir_ / "rollback";
  auto record = Restore(dir_ / "medium", force);
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  ASSERT_FALSE(record->is_null());
  EXPECT_EQ((*record)["nodes"], 2);
  EXPECT_FALSE(HasFailures(Validate(*facts)));

  ComponentContext ctx = Ctx(*target_);
  ASSERT_TRUE(component_->Rollback(ctx, *record).ok());
  auto findings = Validate(*old);
  EXPECT_FALSE(HasFailures(findings)) << Codes(findings);
}

// A real Neo4j 4.4 (tests/neo4j-server built with -Pneo4j44, on Java 17):
// the client's 4.4 path (credentials in HELLO, no LOGON), streaming in
// batches, transactions and RESET after a failure; then the cross-version
// move of issue 5: the 5.26 export restored into 4.4 validates equal, and
// 4.4's own export has 5.26's fingerprint.
TEST_F(Neo4jComponentTest, MovesBetweenNeo4j526And44) {
  auto started = Neo4jTestServer::Start(Neo4jTestServer::Line::k44);
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  Neo4jTestServer& old = **started;
  {
    bolt::ClientOptions small_batches;
    small_batches.fetch_size = 7;
    auto client = ConnectTo(old, small_batches);
    ASSERT_TRUE(client.ok()) << client.status().ToString();
    bolt::Client& c = **client;
    EXPECT_EQ(c.version(), (bolt::BoltVersion{4, 4}));
    EXPECT_NE(c.server_agent().find("Neo4j/4.4"), std::string::npos) << c.server_agent();
    int64_t sum = 0;
    auto streamed = c.Run("UNWIND range(1, 100) AS i RETURN i", {}, [&](const bolt::Record& r) {
      sum += r.values[0].as<int64_t>();
      return Status::Ok();
    });
    ASSERT_TRUE(streamed.ok()) << streamed.status().ToString();
    EXPECT_EQ(streamed->records, 100);
    EXPECT_EQ(sum, 5050);
    ASSERT_TRUE(c.Begin().ok());
    ASSERT_TRUE(c.Run("CREATE (:Tx44 {v: 1})").ok());
    ASSERT_TRUE(c.Rollback().ok());
    EXPECT_EQ(Single(c, "MATCH (n:Tx44) RETURN count(n)")->as<int64_t>(), 0);
    auto bad = c.Run("RETURN 1/0");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.status().message().find("Neo.ClientError"), std::string::npos)
        << bad.status().ToString();
    EXPECT_EQ(Single(c, "RETURN 2")->as<int64_t>(), 2);  // RESET made it usable
  }
  auto refused = bolt::Client::Connect(old.uri(), "neo4j", "not-the-password-44");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), "N005") << refused.status().ToString();

  auto facts = Export(*source_, dir_ / "medium");
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  components::testing::DirPayloadReader reader(os_, dir_ / "medium");
  ComponentContext ctx = Ctx(old);
  auto record = component_->Restore(ctx, reader, {});
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  auto findings = component_->Validate(ctx, *facts);
  EXPECT_FALSE(HasFailures(findings)) << Codes(findings);
  auto from44 = Export(old, dir_ / "from44");
  ASSERT_TRUE(from44.ok()) << from44.status().ToString();
  EXPECT_EQ((*from44)["nodes"], (*facts)["nodes"]);
  EXPECT_EQ((*from44)["relationships"], (*facts)["relationships"]);
  EXPECT_EQ((*from44)["fingerprint"], (*facts)["fingerprint"]);
  EXPECT_EQ((*from44)["schema"], (*facts)["schema"]);
}

// Runs last: it kills the target.
TEST_F(Neo4jComponentTest, ServerKilledMidExportIsN004AndNoPayload) {
  if (Count(*target_) < 5000) {
    auto client = ConnectTo(*target_);
    ASSERT_TRUE(client.ok());
    ASSERT_TRUE((*client)->Run("UNWIND range(1, 6000) AS i CREATE (:Filler {i: i})").ok());
  }
  components::testing::DirPayloadWriter writer(os_, dir_ / "medium");
  ComponentContext ctx = Ctx(*target_);
  ctx.progress = [&](uint64_t) { target_->Kill(); };
  auto facts = component_->Export(ctx, writer);
  ASSERT_FALSE(facts.ok());
  EXPECT_EQ(facts.status().code(), "N004") << facts.status().ToString();
}

}  // namespace
}  // namespace ferry::components::neo4j
