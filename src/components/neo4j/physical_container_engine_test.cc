// Physical mode with Neo4j in a container, on a real engine (podman) and
// the real Neo4j 5.26: localhost/ferry-test-neo4j (scripts/deps.d/
// 60-neo4j-image.sh) runs the server on a named volume at /data and has
// neo4j-admin on PATH, as the official image does. Export with
// container = "openspg-neo4j" stops it, dumps in a throwaway from its image
// and starts it again; restore --force loads the dump into a second
// container (after its rollback dump), proven by the content fingerprint. A
// failing neo4j-admin (no such database) still gets the container restarted.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "bolt/testing/neo4j_test_server.h"
#include "components/kinds.h"
#include "components/neo4j/graph_fixture.h"
#include "components/neo4j/graph_scan.h"
#include "components/testing/dir_payloads.h"
#include "exec/docker/container_executor.h"
#include "exec/docker/engine_fixture.h"
#include "platform/testing/eventually.h"

namespace ferry::components::neo4j {
namespace {

namespace fs = std::filesystem;
using bolt::testing::Neo4jTestServer;
using exec::docker::testing::EngineTest;

constexpr const char* kImage = "localhost/ferry-test-neo4j";
constexpr const char* kPasswordVar = "FERRY_IT_NEO4J_CTR_PASSWORD";

class Neo4jContainerTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    if (!engine().Host({"podman", "image", "exists", kImage}).ok())
      GTEST_SKIP() << kImage << " is missing (run scripts/deps.d/60-neo4j-image.sh)";
    setenv(kPasswordVar, Neo4jTestServer::kPassword, 1);
    char tmpl[] = "/tmp/ferry-neo4j-ctr-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    for (const auto& name : containers_)
      (void)engine().Host({"podman", "rm", "-f", "-t", "0", name});
    if (!dir_.empty()) fs::remove_all(dir_);
    EngineTest::TearDown();
  }

  // A Neo4j container on a new volume at /data, Bolt published on a free
  // loopback port.
  std::string RunNeo4j(const std::string& base) {
    std::string name = Unique(base), volume = Unique(base + "-data");
    RemoveVolumeLater(volume);
    containers_.push_back(name);
    (void)engine().Host({"podman", "rm", "-f", "-t", "0", name});
    auto ran = engine().Host({"podman", "run", "-d", "--name", name, "-v", volume + ":/data", "-p",
                              "127.0.0.1::7687", kImage});
    EXPECT_TRUE(ran.ok()) << ran.status().ToString();
    return name;
  }

  // The published port can change when the container starts again.
  Result<std::string> Uri(const std::string& name) {
    FERRY_ASSIGN_OR_RETURN(std::string port, engine().Host({"podman", "port", name, "7687"}));
    while (!port.empty() && (port.back() == '\n' || port.back() == '\r')) port.pop_back();
    return "bolt://" + port;
  }

  // Connects once the server answers (it starts in a few seconds).
  Result<std::unique_ptr<bolt::Client>> Connect(const std::string& name) {
    Status last;
    std::unique_ptr<bolt::Client> connected;
    platform::testing::Eventually(
        [&] {
          auto uri = Uri(name);
          if (!uri.ok()) {
            last = uri.status();
            return false;
          }
          auto client =
              bolt::Client::Connect(*uri, Neo4jTestServer::kUser, Neo4jTestServer::kPassword, {});
          if (!client.ok()) {
            last = client.status();
            return false;
          }
          connected = std::move(client).value();
          return true;
        },
        std::chrono::milliseconds(250));
    if (connected) return connected;
    return last;
  }

  Result<std::string> Fingerprint(const std::string& name) {
    FERRY_ASSIGN_OR_RETURN(auto client, Connect(name));
    FERRY_ASSIGN_OR_RETURN(GraphSummary summary, ScanGraph(*client, GraphVisitor{}));
    return summary.fingerprint;
  }

  // The component as `ferry` runs it for container = name.
  stack::ComponentSpec Spec(const std::string& name) {
    stack::ComponentSpec spec;
    spec.name = "graph";
    spec.kind = "neo4j";
    spec.container = name;
    auto uri = Uri(name);
    spec.options = {{"mode", "physical"},
                    {"uri", uri.ok() ? *uri : "bolt://127.0.0.1:1"},
                    {"password_env", kPasswordVar}};
    return spec;
  }

  fs::path dir_;
  std::vector<std::string> containers_;
  stack::StackFile stack_;
};

TEST_F(Neo4jContainerTest, ExportStopsDumpsAndRestartsThenRestoreForceLoadsIntoAnother) {
  std::string source = RunNeo4j("openspg-neo4j");
  {
    auto client = Connect(source);
    ASSERT_TRUE(client.ok()) << client.status().ToString();
    Status loaded = testing::LoadFixture(**client);
    ASSERT_TRUE(loaded.ok()) << loaded.ToString();
  }
  auto source_fingerprint = Fingerprint(source);
  ASSERT_TRUE(source_fingerprint.ok()) << source_fingerprint.status().ToString();

  auto component = NewNeo4jComponent();
  platform::Platform& os = engine().os();
  fs::path medium = dir_ / "medium";
  {
    stack::ComponentSpec spec = Spec(source);
    auto executor = exec::docker::MakeExecutor(os, spec.container);
    ASSERT_TRUE(executor.ok()) << executor.status().ToString();
    ComponentContext ctx{os, **executor, stack_, spec, {}, {}};
    components::testing::DirPayloadWriter writer(os, medium);
    auto exported = component->Export(ctx, writer);
    ASSERT_TRUE(exported.ok()) << exported.status().ToString();
    ASSERT_TRUE(writer.CloseAll().ok());
    EXPECT_EQ((*exported)["mode"], "physical");
    EXPECT_EQ((*exported)["admin"], "5");
    EXPECT_GT(fs::file_size(medium / "neo4j.dump"), 1000u);
  }
  // A neo4j-admin that fails (no such database) is D002, and the container
  // is started again all the same.
  {
    stack::ComponentSpec spec = Spec(source);
    spec.options["database"] = "nosuch";
    auto executor = exec::docker::MakeExecutor(os, spec.container);
    ASSERT_TRUE(executor.ok()) << executor.status().ToString();
    ComponentContext ctx{os, **executor, stack_, spec, {}, {}};
    components::testing::DirPayloadWriter writer(os, dir_ / "failed");
    auto failed = component->Export(ctx, writer);
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.status().code(), "D002") << failed.status().ToString();
  }
  // Started again after both, on its own unchanged store; no throwaway
  // left behind.
  auto info = client().Inspect(source);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_TRUE(info->running);
  auto after = Fingerprint(source);
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(*after, *source_fingerprint);
  auto left = engine().Host({"podman", "ps", "-a", "--format", "{{.Names}}"});
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(left->find("ferry-neo4j-admin-"), std::string::npos) << *left;

  // The target already runs with its own (empty) database: --force keeps a
  // rollback dump of it, then loads over it.
  std::string target = RunNeo4j("openspg-neo4j-target");
  auto empty = Fingerprint(target);
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  ASSERT_NE(*empty, *source_fingerprint);
  {
    stack::ComponentSpec spec = Spec(target);
    auto executor = exec::docker::MakeExecutor(os, spec.container);
    ASSERT_TRUE(executor.ok()) << executor.status().ToString();
    ComponentContext ctx{os, **executor, stack_, spec, {}, {}};
    components::testing::DirPayloadReader reader(os, medium);
    RestoreOptions options;
    options.force = true;
    options.rollback_dir = dir_ / "rollback";
    auto restored = component->Restore(ctx, reader, options);
    ASSERT_TRUE(restored.ok()) << restored.status().ToString();
    EXPECT_GT(fs::file_size(dir_ / "rollback" / "neo4j.dump"), 0u);
  }
  auto target_info = client().Inspect(target);
  ASSERT_TRUE(target_info.ok()) << target_info.status().ToString();
  EXPECT_TRUE(target_info->running);
  auto loaded = Fingerprint(target);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(*loaded, *source_fingerprint);
}

}  // namespace
}  // namespace ferry::components::neo4j
