#include "exec/docker/model.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace ferry::exec::docker {
namespace {

std::string Fixture(const std::string& name) {
  const char* root = std::getenv("FERRY_SOURCE_DIR");
  std::ifstream in(std::string(root ? root : ".") + "/tests/fixtures/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Captured from podman 4.3.1's Docker-compatible API: a running container
// with a volume, a published port and a failing healthcheck.
TEST(ModelTest, ParsesARealInspectOutput) {
  std::string json = Fixture("podman_inspect_unhealthy.json");
  ASSERT_FALSE(json.empty()) << "fixture missing";
  auto info = ParseContainerInfo(json);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->name, "openspg-fixture");
  EXPECT_EQ(info->status, "running");
  EXPECT_TRUE(info->running);
  EXPECT_EQ(info->exit_code, 0);
  EXPECT_EQ(info->restart_count, 0);
  EXPECT_EQ(info->health, "unhealthy");
  EXPECT_EQ(info->failing_streak, 1);
  EXPECT_FALSE(info->tty);
  ASSERT_EQ(info->mounts.size(), 1u);
  EXPECT_EQ(info->mounts[0].type, "volume");
  EXPECT_EQ(info->mounts[0].name, "fixture-vol");
  EXPECT_EQ(info->mounts[0].destination, "/var/lib/mysql");
  EXPECT_TRUE(info->mounts[0].read_write);
  ASSERT_EQ(info->ports.size(), 1u);
  EXPECT_EQ(info->ports[0].container_port, 3306);
  EXPECT_EQ(info->ports[0].protocol, "tcp");
  EXPECT_EQ(info->ports[0].host_port, 13306);
}

TEST(ModelTest, AnExitedContainerWithoutHealthcheck) {
  auto info = ParseContainerInfo(R"({"Name":"/openspg-mysql","RestartCount":2,
      "State":{"Status":"exited","Running":false,"ExitCode":137,"OOMKilled":true},
      "NetworkSettings":{"Ports":{"3306/tcp":null}},"Mounts":null})");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->status, "exited");
  EXPECT_FALSE(info->running);
  EXPECT_EQ(info->exit_code, 137);
  EXPECT_TRUE(info->oom_killed);
  EXPECT_EQ(info->restart_count, 2);
  EXPECT_EQ(info->health, "");
  EXPECT_TRUE(info->ports.empty());  // exposed but not published
  EXPECT_TRUE(info->mounts.empty());
}

TEST(ModelTest, RejectsWhatIsNotJson) {
  EXPECT_EQ(ParseContainerInfo("<html>").status().code(), "X002");
  EXPECT_EQ(ParseContainerList("{}").status().code(), "X002");
}

TEST(ModelTest, ParsesListsVolumesNetworksAndVersion) {
  auto list = ParseContainerList(
      R"([{"Id":"ab","Names":["/openspg-neo4j"],"Image":"neo4j:5","State":"running",
           "Status":"Up 2 minutes"}])");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].name, "openspg-neo4j");
  EXPECT_EQ((*list)[0].state, "running");

  auto volumes = ParseVolumeList(R"({"Volumes":[{"Name":"openspg-mysql","Driver":"local",
      "Mountpoint":"/var/lib/x"}],"Warnings":null})");
  ASSERT_TRUE(volumes.ok());
  ASSERT_EQ(volumes->size(), 1u);
  EXPECT_EQ((*volumes)[0].name, "openspg-mysql");

  auto networks = ParseNetworkList(R"([{"Name":"openspg","Id":"n1","Driver":"bridge",
      "IPAM":{"Config":[{"Subnet":"10.89.0.0/24"}]}}])");
  ASSERT_TRUE(networks.ok());
  ASSERT_EQ(networks->size(), 1u);
  EXPECT_EQ((*networks)[0].subnets, std::vector<std::string>{"10.89.0.0/24"});

  auto version = ParseVersion(R"({"Version":"4.3.1","ApiVersion":"1.41","Os":"linux"})");
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(version->api_version, "1.41");
}

TEST(ModelTest, ErrorMessagesComeFromTheBody) {
  EXPECT_EQ(ParseErrorMessage(R"({"cause":"x","message":"no such container","response":404})"),
            "no such container");
  EXPECT_EQ(ParseErrorMessage("page not found\n"), "page not found");
}

}  // namespace
}  // namespace ferry::exec::docker
