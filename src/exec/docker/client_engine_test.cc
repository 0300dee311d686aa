// DockerClient against a real engine (podman's Docker-compatible service).
#include <algorithm>
#include <regex>

#include "exec/docker/engine_fixture.h"

namespace ferry::exec::docker::testing {
namespace {

using std::chrono::seconds;

class ClientTest : public EngineTest {};

TEST_F(ClientTest, PingsAndReportsTheVersion) {
  ASSERT_TRUE(client().Ping().ok());
  auto version = client().Version();
  ASSERT_TRUE(version.ok()) << version.status().ToString();
  EXPECT_FALSE(version->version.empty());
}

TEST_F(ClientTest, AnUnreachableEngineIsD001) {
  DockerClient nowhere(engine().os(), Endpoint{"/tmp/ferry-no-such-engine.sock"});
  Status s = nowhere.Ping();
  EXPECT_EQ(s.code(), "D001");
  EXPECT_NE(s.message().find("unreachable"), std::string::npos) << s.message();
}

TEST_F(ClientTest, ListsAndInspectsARunningContainer) {
  std::string volume = Unique("openspg-mysql-data");
  RemoveVolumeLater(volume);
  std::string name =
      RunContainer("openspg-mysql", {"-v", volume + ":/var/lib/mysql", "-p", "127.0.0.1::3306"});
  auto list = client().ListContainers();
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  auto row = std::find_if(list->begin(), list->end(), [&](auto& c) { return c.name == name; });
  ASSERT_NE(row, list->end());
  EXPECT_EQ(row->state, "running");

  auto info = client().Inspect(name);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->name, name);
  EXPECT_TRUE(info->running);
  EXPECT_EQ(info->status, "running");
  EXPECT_EQ(info->health, "");
  ASSERT_EQ(info->mounts.size(), 1u);
  EXPECT_EQ(info->mounts[0].name, volume);
  EXPECT_EQ(info->mounts[0].destination, "/var/lib/mysql");
  ASSERT_EQ(info->ports.size(), 1u);
  EXPECT_EQ(info->ports[0].container_port, 3306);
  EXPECT_NE(info->ports[0].host_port, 0);

  // Cross-check: the docker CLI on the same socket sees the same container.
  if (engine().os().FindProgram("docker")) {
    auto names = engine().Host({"docker", "ps", "--format", "{{.Names}}"});
    ASSERT_TRUE(names.ok()) << names.status().ToString();
    EXPECT_NE(names->find(name), std::string::npos);
  }
}

TEST_F(ClientTest, AMissingContainerIsD001WithTheEngineMessage) {
  auto info = client().Inspect("openspg-no-such-container");
  EXPECT_EQ(info.status().code(), "D001");
  EXPECT_NE(info.status().message().find("HTTP 404"), std::string::npos) << info.status().message();
}

TEST_F(ClientTest, LogsShowTheErrorLinesAsTheSeedGrepsThem) {
  std::string name = RunContainer("openspg-neo4j");
  // The container writes its lines right after it starts.
  ASSERT_TRUE(WaitForLogLines(name, 3));
  auto logs = client().Logs(name, 20);
  ASSERT_TRUE(logs.ok()) << logs.status().ToString();
  // docker logs openspg-neo4j | grep -i "error\|exception"
  std::regex pattern("error|exception", std::regex::icase);
  std::vector<LogLine> matches;
  for (const auto& line : *logs) {
    if (std::regex_search(line.text, pattern)) matches.push_back(line);
  }
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_TRUE(matches[0].is_stderr || matches[1].is_stderr);
  auto tail = client().Logs(name, 1);
  ASSERT_TRUE(tail.ok());
  EXPECT_LE(tail->size(), 2u);  // the last line of each stream at most
}

TEST_F(ClientTest, AStoppedContainerIsExitedWithItsCode) {
  std::string name = RunContainer("openspg-mysql");
  // SIGTERM before the script set its trap would kill it with 143's cousin
  // 137 (after the grace period) or the shell's default: wait for its first
  // line, printed after the trap, and give the stop a grace far beyond need.
  ASSERT_TRUE(WaitForLogLines(name, 3));
  ASSERT_TRUE(client().Stop(name, 120).ok());
  auto info = client().Inspect(name);
  ASSERT_TRUE(info.ok());
  EXPECT_FALSE(info->running);
  EXPECT_EQ(info->status, "exited");
  EXPECT_EQ(info->exit_code, 143);  // the trap in the default script
  auto waited = client().WaitUntil(name, WaitFor::kRunning, seconds(5));
  EXPECT_EQ(waited.status().code(), "D001");
  EXPECT_NE(waited.status().message().find("exited with code 143"), std::string::npos)
      << waited.status().message();
  EXPECT_TRUE(client().Stop(name).ok());  // already stopped is fine

  ASSERT_TRUE(client().Start(name).ok());
  auto running = client().WaitUntil(name, WaitFor::kRunning, seconds(30));
  ASSERT_TRUE(running.ok()) << running.status().ToString();
}

TEST_F(ClientTest, RestartsAndWaitsUntilRunning) {
  std::string name = RunContainer("openspg-server");
  auto before = client().Inspect(name);
  ASSERT_TRUE(before.ok());
  ASSERT_TRUE(client().Restart(name, 5).ok());
  auto after = client().WaitUntil(name, WaitFor::kRunning, seconds(30));
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_TRUE(after->running);
  EXPECT_NE(after->started_at, before->started_at);
}

TEST_F(ClientTest, AFailingHealthcheckShowsUnhealthy) {
  // Podman runs healthchecks from systemd timers, which a test machine may
  // not have; `podman healthcheck run` runs one now, as a timer would.
  std::string sick =
      RunContainer("openspg-neo4j", {"--health-cmd", "exit 1", "--health-retries", "1"});
  (void)engine().Host({"podman", "healthcheck", "run", sick});
  auto info = client().Inspect(sick);
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(info->running);
  EXPECT_EQ(info->health, "unhealthy");
  EXPECT_GE(info->failing_streak, 1);
  auto waited = client().WaitUntil(sick, WaitFor::kHealthy, std::chrono::milliseconds(600));
  EXPECT_EQ(waited.status().code(), "D001");
  EXPECT_NE(waited.status().message().find("unhealthy"), std::string::npos);

  std::string well = RunContainer("openspg-mysql", {"--health-cmd", "true"});
  ASSERT_TRUE(engine().Host({"podman", "healthcheck", "run", well}).ok());
  auto healthy = client().WaitUntil(well, WaitFor::kHealthy, seconds(10));
  ASSERT_TRUE(healthy.ok()) << healthy.status().ToString();
  EXPECT_EQ(healthy->health, "healthy");
}

TEST_F(ClientTest, CreatesListsAndRemovesVolumes) {
  std::string name = Unique("openspg-neo4j");
  RemoveVolumeLater(name);
  auto created = client().CreateVolume(name);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->name, name);
  auto list = client().ListVolumes();
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(std::any_of(list->begin(), list->end(), [&](auto& v) { return v.name == name; }));
  auto inspected = client().InspectVolume(name);
  ASSERT_TRUE(inspected.ok());
  EXPECT_FALSE(inspected->mountpoint.empty());
  ASSERT_TRUE(client().RemoveVolume(name).ok());
  EXPECT_EQ(client().InspectVolume(name).status().code(), "D004");
  EXPECT_EQ(client().RemoveVolume(name).code(), "D004");
}

TEST_F(ClientTest, CreatesListsAndRemovesNetworksAndRefusesADuplicate) {
  std::string name = Unique("openspg-net");
  RemoveNetworkLater(name);
  auto created = client().CreateNetwork(name);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->name, name);
  auto list = client().ListNetworks();
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(std::any_of(list->begin(), list->end(), [&](auto& n) { return n.name == name; }));
  auto again = client().CreateNetwork(name);
  EXPECT_EQ(again.status().code(), "D006");
  ASSERT_TRUE(client().RemoveNetwork(name).ok());
  EXPECT_EQ(client().InspectNetwork(name).status().code(), "D006");
}

}  // namespace
}  // namespace ferry::exec::docker::testing
