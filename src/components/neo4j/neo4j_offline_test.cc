// The neo4j kind's offline paths against the real neo4j-admin 5.26 (from the
// test project's jars, org.neo4j.cli.AdminTool): the import CSV of a logical
// export loaded by `neo4j-admin database import full` into a fresh store,
// and physical mode's dump and load between the stores of stopped servers,
// each proven by the content fingerprint of a server started on the result.
// The failures neo4j-admin really produces here (database in use, a store
// not shut down cleanly, permission denied) must come back as D002 with the
// cause named. "Store version too new" cannot be provoked: only one Neo4j
// version is installed here (admin_test.cc covers its recognition).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <sstream>

#include "bolt/testing/integration.h"
#include "components/kinds.h"
#include "components/neo4j/csv_import.h"
#include "components/neo4j/graph_fixture.h"
#include "components/neo4j/graph_scan.h"
#include "components/testing/dir_payloads.h"
#include "exec/executor.h"

namespace ferry::components::neo4j {
namespace {

namespace fs = std::filesystem;
using bolt::testing::ConnectTo;
using bolt::testing::Neo4jTestServer;

constexpr const char* kPasswordVar = "FERRY_IT_NEO4J_PASSWORD";

// "neo4j-admin ..." runs AdminTool from the jars with NEO4J_HOME set to one
// server's folder; optionally as user nobody, to meet a store it cannot
// write (the tests run as root, which no chmod stops).
class AdminToolExecutor final : public exec::Executor {
 public:
  explicit AdminToolExecutor(fs::path neo4j_home, bool as_nobody = false)
      : host_(platform::DefaultPlatform()), home_(std::move(neo4j_home)), nobody_(as_nobody) {}
  std::string Describe() const override { return "host (neo4j-admin from the test jars)"; }
  bool HasProgram(const std::string& name) override { return name == "neo4j-admin"; }
  Result<std::unique_ptr<platform::Process>> Start(const exec::Command& command) override {
    exec::Command c = command;
    std::vector<std::string> argv;
    if (nobody_) argv = {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
    for (auto& a : Neo4jTestServer::AdminArgv()) argv.push_back(a);
    argv.insert(argv.end(), command.argv.begin() + 1, command.argv.end());
    c.argv = std::move(argv);
    c.env.push_back({"NEO4J_HOME", home_.string()});
    return host_.Start(c);
  }

 private:
  exec::HostExecutor host_;
  fs::path home_;
  bool nobody_;
};

// Strings a CSV writer gets wrong: quotes, delimiters, both line endings, a
// backslash before a quote, padding, empty strings, array elements holding
// ';' and '|' (so the writer must pick U+001F), a label and a type that
// need quoting; and a key with two types.
Status LoadHostileStrings(bolt::Client& client) {
  return client
      .Run(
          "CREATE (h:`Odd, \"Label\"`:Hostile {s: 'quote \" comma , semi ; pipe |', "
          "nl: 'line1\\nline2\\r\\nline3\\n', bs: 'back\\\\slash \\\\\" end', empty: '', "
          "pad: '  padded  ', arr: ['a;b', 'c|d', '', '\"q\"', 'x,y', ' '], one: [''], "
          "uni: '日本 — ✓ 🚢'}) "
          "CREATE (h)-[:`REL \"odd\", type` {note: 'x\\ny', s: ',\"'}]->(h) "
          // One key, two types on one label set: the column falls back to string.
          "CREATE (:Mixed {v: 1}), (:Mixed {v: 'one'})")
      .status();
}

Result<std::string> Fingerprint(const Neo4jTestServer& server) {
  FERRY_ASSIGN_OR_RETURN(auto client, ConnectTo(server));
  FERRY_ASSIGN_OR_RETURN(GraphSummary summary, ScanGraph(*client, GraphVisitor{}));
  return summary.fingerprint;
}

// Every node and relationship as text (labels, type and properties sorted),
// to name what differs when two fingerprints do not match.
std::multiset<std::string> EntityTexts(const Neo4jTestServer& server) {
  std::multiset<std::string> out;
  auto client = ConnectTo(server);
  if (!client.ok()) return out;
  auto text = [](std::vector<std::string> names, bolt::Map props) {
    std::sort(names.begin(), names.end());
    std::sort(props.entries.begin(), props.entries.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string s;
    for (const auto& n : names) s += n + ":";
    return s + bolt::Value(std::move(props)).ToString();
  };
  GraphVisitor visitor;
  visitor.on_node = [&](const bolt::Node& n) {
    out.insert("N " + text(n.labels, n.properties));
    return Status::Ok();
  };
  visitor.on_relationship = [&](const bolt::Relationship& r) {
    out.insert("R " + text({r.type}, r.properties));
    return Status::Ok();
  };
  (void)ScanGraph(**client, visitor);
  return out;
}

std::string Differences(const Neo4jTestServer& a, const Neo4jTestServer& b) {
  std::multiset<std::string> x = EntityTexts(a), y = EntityTexts(b);
  std::vector<std::string> only_a, only_b;
  std::set_difference(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(only_a));
  std::set_difference(y.begin(), y.end(), x.begin(), x.end(), std::back_inserter(only_b));
  std::string s = std::to_string(only_a.size()) + " only in the source, " +
                  std::to_string(only_b.size()) + " only in the copy\n";
  for (size_t i = 0; i < only_a.size() && i < 5; ++i) s += "  source: " + only_a[i] + "\n";
  for (size_t i = 0; i < only_b.size() && i < 5; ++i) s += "  copy:   " + only_b[i] + "\n";
  return s;
}

fs::path TempDir(const char* name) {
  std::string pattern = "/tmp/ferry-" + std::string(name) + "-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) return {};
  return pattern;
}

// A folder for a server that has not run yet; neo4j-admin needs its
// NEO4J_HOME to exist.
fs::path FreshHome(const char* name) {
  fs::path home = TempDir(name);
  if (!home.empty()) fs::create_directories(Neo4jTestServer::AdminHome(home));
  return home;
}

std::string ReadText(const fs::path& path) {
  std::stringstream s;
  s << std::ifstream(path).rdbuf();
  return s.str();
}

class Neo4jOfflineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    setenv(kPasswordVar, Neo4jTestServer::kPassword, 1);
    auto started = Neo4jTestServer::Start();
    if (!started.ok()) {
      setup_error_ = started.status().ToString();
      return;
    }
    source_ = std::move(*started).release();
    source_home_ = source_->home();
    auto client = ConnectTo(*source_);
    Status loaded = client.ok() ? testing::LoadFixture(**client) : client.status();
    if (loaded.ok()) loaded = LoadHostileStrings(**client);
    if (!loaded.ok()) {
      setup_error_ = "fixture: " + loaded.ToString();
      return;
    }
    auto fingerprint = Fingerprint(*source_);
    if (!fingerprint.ok()) setup_error_ = fingerprint.status().ToString();
    if (fingerprint.ok()) source_fingerprint_ = *fingerprint;
  }
  static void TearDownTestSuite() {
    delete source_;
    source_ = nullptr;
    // Kept by the test that stopped it for a dump, even if it failed there.
    if (!source_home_.empty()) fs::remove_all(source_home_);
  }

  void SetUp() override {
    ASSERT_TRUE(setup_error_.empty()) << setup_error_;
    dir_ = TempDir("neo4j-offline");
    ASSERT_FALSE(dir_.empty());
    component_ = NewNeo4jComponent();
  }
  void TearDown() override { fs::remove_all(dir_); }

  ComponentContext Ctx(exec::Executor& executor, nlohmann::json options) {
    spec_.name = "graph";
    spec_.kind = "neo4j";
    options["uri"] = source_->uri();
    options["password_env"] = kPasswordVar;
    spec_.options = std::move(options);
    return ComponentContext{.os = os_,
                            .executor = executor,
                            .stack = stack_,
                            .spec = spec_,
                            .path = {},
                            .zstd = {},
                            .progress = [](uint64_t) {}};
  }

  static inline Neo4jTestServer* source_ = nullptr;
  static inline std::string setup_error_;
  static inline std::string source_fingerprint_;
  static inline fs::path source_home_;
  platform::Platform& os_ = platform::DefaultPlatform();
  exec::HostExecutor host_{platform::DefaultPlatform()};
  stack::StackFile stack_;
  stack::ComponentSpec spec_;
  std::unique_ptr<Component> component_;
  fs::path dir_;
};

TEST_F(Neo4jOfflineTest, ImportCsvLoadsIntoAFreshStoreWithTheSameFingerprint) {
  fs::path medium = dir_ / "medium";
  nlohmann::json facts;
  {
    components::testing::DirPayloadWriter writer(os_, medium);
    ComponentContext ctx = Ctx(host_, {{"import_csv", true}});
    auto exported = component_->Export(ctx, writer);
    ASSERT_TRUE(exported.ok()) << exported.status().ToString();
    ASSERT_TRUE(writer.CloseAll().ok());
    facts = *exported;
  }
  ASSERT_TRUE(facts.contains("import_csv")) << facts.dump();
  const nlohmann::json& csv = facts["import_csv"];
  EXPECT_EQ(csv["array_delimiter"], "\x1f") << "';' and '|' occur in array elements";
  EXPECT_EQ(csv["multiline"], true);
  EXPECT_EQ(csv["string_fallback"], nlohmann::json({"Mixed.v"}));
  // The one thing the import format cannot say: an empty array.
  EXPECT_EQ(csv["empty_lists"], nlohmann::json({"Hostile+Odd, \"Label\".one", "Special.empty"}));
  for (const auto& f : csv["files"]) EXPECT_TRUE(fs::exists(medium / f.get<std::string>())) << f;
  uintmax_t csv_bytes = 0;
  for (const auto& f : csv["files"]) csv_bytes += fs::file_size(medium / f.get<std::string>());
  // For the docs' size note, not asserted.
  std::cout << "import CSV " << csv_bytes << " bytes, graph.jsonl.zst "
            << fs::file_size(medium / "graph.jsonl.zst") << " bytes\n";
  std::string readme = ReadText(medium / kCsvReadme);
  std::vector<std::string> argv = csv["command"].get<std::vector<std::string>>();
  EXPECT_NE(readme.find(ShellJoin(argv)), std::string::npos) << readme;
  EXPECT_NE(readme.find("  Mixed.v\n"), std::string::npos) << readme;
  EXPECT_NE(readme.find("  Special.empty\n"), std::string::npos) << readme;

  // The command exactly as written, run in the medium's folder into the
  // store of a server that never ran.
  fs::path home = FreshHome("neo4j-imported");
  AdminToolExecutor admin(Neo4jTestServer::AdminHome(home));
  exec::Command import;
  import.argv = argv;
  import.cwd = medium;
  auto ran = exec::Run(admin, import);
  ASSERT_TRUE(ran.ok()) << ran.status().ToString();
  ASSERT_EQ(ran->exit_code, 0) << ran->err
                               << ran->out.substr(ran->out.size() > 4000 ? ran->out.size() - 4000
                                                                         : 0);

  auto imported = Neo4jTestServer::StartIn(home);
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  auto client = ConnectTo(**imported);
  ASSERT_TRUE(client.ok());
  // Put back what the README says to put back (empty_lists); everything
  // else must have arrived exactly.
  ASSERT_TRUE((*client)->Run("MATCH (s:Special) SET s.empty = []").ok());
  ASSERT_TRUE((*client)->Run("MATCH (h:Hostile) SET h.one = ['']").ok());
  // The fallback column arrived as strings: 1 became "1".
  auto as_text = bolt::testing::Single(**client, "MATCH (m:Mixed) WHERE m.v = '1' RETURN count(m)");
  ASSERT_TRUE(as_text.ok()) << as_text.status().ToString();
  EXPECT_EQ(as_text->as<int64_t>(), 1);
  ASSERT_TRUE((*client)->Run("MATCH (m:Mixed) WHERE m.v = '1' SET m.v = 1").ok());
  auto fingerprint = Fingerprint(**imported);
  ASSERT_TRUE(fingerprint.ok()) << fingerprint.status().ToString();
  EXPECT_EQ(*fingerprint, facts["fingerprint"].get<std::string>());
  EXPECT_EQ(*fingerprint, source_fingerprint_) << Differences(*source_, **imported);

  // The schema file recreates the indexes and constraints.
  std::string schema = ReadText(medium / kCsvSchema);
  for (size_t at = 0, end; (end = schema.find(";\n", at)) != std::string::npos; at = end + 2)
    ASSERT_TRUE((*client)->Run(schema.substr(at, end - at)).ok()) << schema.substr(at, end - at);
  auto after = ReadSchema(**client);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*after, facts["schema"].get<std::vector<std::string>>());
  client->reset();
  imported->reset();
  fs::remove_all(home);
}

TEST_F(Neo4jOfflineTest, PhysicalDumpOfAStoppedServerLoadsIntoAnotherStore) {
  fs::path medium = dir_ / "medium";
  AdminToolExecutor source_admin(Neo4jTestServer::AdminHome(source_->home()));
  const nlohmann::json physical = {{"mode", "physical"}};

  // Running: Community edition holds the store lock.
  {
    components::testing::DirPayloadWriter writer(os_, medium);
    ComponentContext ctx = Ctx(source_admin, physical);
    auto refused = component_->Export(ctx, writer);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().code(), "D002");
    EXPECT_NE(refused.status().message().find("in use"), std::string::npos)
        << refused.status().ToString();
  }

  fs::path source_home = source_->home();
  source_->set_keep_store(true);
  source_->Stop();
  // As a user who may not touch the store: switching to nobody needs root
  // (which is also why a chmod could not provoke it).
  if (::geteuid() != 0) {
    std::cout << "permission denied case skipped: not root, cannot run as nobody\n";
  } else {
    AdminToolExecutor nobody(Neo4jTestServer::AdminHome(source_home), /*as_nobody=*/true);
    components::testing::DirPayloadWriter writer(os_, dir_ / "denied");
    ComponentContext ctx = Ctx(nobody, physical);
    auto denied = component_->Export(ctx, writer);
    ASSERT_FALSE(denied.ok());
    EXPECT_EQ(denied.status().code(), "D002");
    EXPECT_NE(denied.status().message().find("permission denied"), std::string::npos)
        << denied.status().ToString();
  }
  {
    components::testing::DirPayloadWriter writer(os_, medium);
    ComponentContext ctx = Ctx(source_admin, physical);
    auto dumped = component_->Export(ctx, writer);
    ASSERT_TRUE(dumped.ok()) << dumped.status().ToString();
    ASSERT_TRUE(writer.CloseAll().ok());
    EXPECT_GT(fs::file_size(medium / "neo4j.dump"), 1000u);
  }

  fs::path target_home = FreshHome("neo4j-loaded");
  AdminToolExecutor target_admin(Neo4jTestServer::AdminHome(target_home));
  components::testing::DirPayloadReader reader(os_, medium);
  {
    ComponentContext ctx = Ctx(target_admin, physical);
    auto loaded = component_->Restore(ctx, reader, RestoreOptions{});
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  }
  auto target = Neo4jTestServer::StartIn(target_home);
  ASSERT_TRUE(target.ok()) << target.status().ToString();
  auto loaded_fingerprint = Fingerprint(**target);
  ASSERT_TRUE(loaded_fingerprint.ok()) << loaded_fingerprint.status().ToString();
  EXPECT_EQ(*loaded_fingerprint, source_fingerprint_);

  // A write, then a crash: the transaction log is ahead of the store.
  {
    auto client = ConnectTo(**target);
    ASSERT_TRUE(client.ok());
    ASSERT_TRUE((*client)->Run("CREATE (:AfterLoad)").ok());
  }

  (*target)->Kill();
  (*target)->Stop();
  {
    components::testing::DirPayloadWriter writer(os_, dir_ / "crashed");
    ComponentContext ctx = Ctx(target_admin, physical);
    auto unclean = component_->Export(ctx, writer);
    ASSERT_FALSE(unclean.ok());
    EXPECT_EQ(unclean.status().code(), "D002");
    EXPECT_NE(unclean.status().message().find("not shut down cleanly"), std::string::npos)
        << unclean.status().ToString();
  }
  target->reset();
  fs::remove_all(target_home);

  // The dump did not change the source: it starts again on its own store
  // with the same content.
  delete source_;
  source_ = nullptr;
  auto restarted = Neo4jTestServer::StartIn(source_home);
  ASSERT_TRUE(restarted.ok()) << restarted.status().ToString();
  source_ = std::move(*restarted).release();
  auto again = Fingerprint(*source_);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again, source_fingerprint_);
}

}  // namespace
}  // namespace ferry::components::neo4j
