// The engine calls physical mode makes around a container, replayed with a
// recorder: a mock, for the paths a real container cannot be made to take on
// demand (a restart that fails, a step failing mid-sequence, the exact binds
// of a bind mount). The whole round trip with a real Neo4j container on
// podman is physical_container_engine_test.cc.
#include "components/neo4j/physical_container.h"

#include <gtest/gtest.h>

namespace ferry::components::neo4j {
namespace {

using exec::docker::ContainerInfo;
using exec::docker::ThrowawayResult;
using exec::docker::ThrowawaySpec;

class RecordingOps final : public ContainerOps {
 public:
  ContainerInfo info;
  std::vector<std::string> calls;
  std::vector<ThrowawaySpec> runs;
  std::vector<ThrowawayResult> results;  // per Run, in order; exit 0 when out of them
  Status start_status;

  Result<ContainerInfo> Inspect(const std::string& c) override {
    calls.push_back("inspect " + c);
    return info;
  }
  Status Stop(const std::string& c) override {
    calls.push_back("stop " + c);
    return Status::Ok();
  }
  Status Start(const std::string& c) override {
    calls.push_back("start " + c);
    return start_status;
  }
  Result<ThrowawayResult> Run(const ThrowawaySpec& spec) override {
    std::string argv;
    for (const auto& a : spec.argv) argv += " " + a;
    calls.push_back("run " + spec.image + argv);
    runs.push_back(spec);
    if (results.empty()) return ThrowawayResult{};
    ThrowawayResult r = results.front();
    results.erase(results.begin());
    return r;
  }
};

ContainerInfo Neo4jContainer(bool running) {
  ContainerInfo info;
  info.name = "openspg-neo4j";
  info.image = "neo4j:5.26-community";
  info.running = running;
  info.mounts = {{"volume", "openspg-neo4j-data", "/var/lib/docker/volumes/x", "/data", true},
                 {"bind", "", "/srv/neo4j/conf", "/conf", false}};
  return info;
}

TEST(PhysicalContainerTest, ARunningContainerIsStoppedForTheDumpAndStartedAgain) {
  RecordingOps ops;
  ops.info = Neo4jContainer(true);
  Status s =
      RunAdminBeside(ops, "openspg-neo4j",
                     {{"dump", DumpArgv(AdminSyntax::kV5, "neo4j", kExchangeDir), "/tmp/stage"}},
                     "ferry-neo4j-admin-7");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(ops.calls,
            (std::vector<std::string>{"inspect openspg-neo4j", "stop openspg-neo4j",
                                      "run neo4j:5.26-community neo4j-admin database dump neo4j "
                                      "--to-path=/ferry-exchange",
                                      "start openspg-neo4j"}));
  ASSERT_EQ(ops.runs.size(), 1u);
  EXPECT_EQ(ops.runs[0].name, "ferry-neo4j-admin-7-1");
  EXPECT_EQ(ops.runs[0].binds,
            (std::vector<std::string>{"openspg-neo4j-data:/data", "/srv/neo4j/conf:/conf:ro",
                                      "/tmp/stage:/ferry-exchange"}));
}

TEST(PhysicalContainerTest, AStoppedContainerStaysStopped) {
  RecordingOps ops;
  ops.info = Neo4jContainer(false);
  ASSERT_TRUE(RunAdminBeside(ops, "openspg-neo4j",
                             {{"load", LoadArgv(AdminSyntax::kV5, "neo4j", kExchangeDir, false),
                               "/media/usb/graph", true}},
                             "r")
                  .ok());
  EXPECT_EQ(ops.calls,
            (std::vector<std::string>{"inspect openspg-neo4j",
                                      "run neo4j:5.26-community neo4j-admin database load neo4j "
                                      "--from-path=/ferry-exchange"}));
  EXPECT_EQ(ops.runs[0].binds.back(), "/media/usb/graph:/ferry-exchange:ro");
}

TEST(PhysicalContainerTest, AFailedStepStopsTheRestAndTheContainerStillRestarts) {
  RecordingOps ops;
  ops.info = Neo4jContainer(true);
  ops.results = {ThrowawayResult{
      1,
      "2026-11-25 ERROR [o.n.c.d.DumpCommand] Failed to dump database 'neo4j': You do not "
      "have permission to dump the database.\n",
      "Dump failed for databases: 'neo4j'\n"}};
  Status s = RunAdminBeside(
      ops, "openspg-neo4j",
      {{"dump", DumpArgv(AdminSyntax::kV5, "neo4j", kExchangeDir), "/rollback"},
       {"load", LoadArgv(AdminSyntax::kV5, "neo4j", kExchangeDir, true), "/medium", true}},
      "r");
  EXPECT_EQ(s.code(), "D002");
  EXPECT_NE(s.message().find("permission denied"), std::string::npos) << s.ToString();
  EXPECT_EQ(ops.runs.size(), 1u) << "no load after the rollback dump failed";
  EXPECT_EQ(ops.calls.back(), "start openspg-neo4j");
}

TEST(PhysicalContainerTest, ARestartThatFailsIsD001AndSaysHowToStartIt) {
  RecordingOps ops;
  ops.info = Neo4jContainer(true);
  ops.start_status = Status::Error("D001", "exited (1)");
  Status s = RunAdminBeside(
      ops, "openspg-neo4j",
      {{"dump", DumpArgv(AdminSyntax::kV5, "neo4j", kExchangeDir), "/tmp/stage"}}, "r");
  EXPECT_EQ(s.code(), "D001");
  EXPECT_NE(s.message().find("docker start openspg-neo4j"), std::string::npos) << s.ToString();
}

TEST(PhysicalContainerTest, VersionComesFromAThrowawayOfTheSameImage) {
  RecordingOps ops;
  ops.info = Neo4jContainer(false);
  ops.results = {ThrowawayResult{0, "Warning: some entrypoint note\n5.26.0\n", ""}};
  auto syntax = DetectAdminSyntaxBeside(ops, "openspg-neo4j", "r");
  ASSERT_TRUE(syntax.ok()) << syntax.status().ToString();
  EXPECT_EQ(*syntax, AdminSyntax::kV5);
  EXPECT_EQ(ops.calls.back(), "run neo4j:5.26-community neo4j-admin --version");
  EXPECT_TRUE(ops.runs[0].binds.empty());
  ops.results = {ThrowawayResult{0, "neo4j-admin 4.4.30\n", ""}};
  EXPECT_EQ(*DetectAdminSyntaxBeside(ops, "openspg-neo4j", "r"), AdminSyntax::kV44);
}

}  // namespace
}  // namespace ferry::components::neo4j
