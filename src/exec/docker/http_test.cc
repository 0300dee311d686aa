#include "exec/docker/http.h"

#include <gtest/gtest.h>

#include "exec/docker/client.h"

namespace ferry::exec::docker {
namespace {

class EnvPlatform final : public platform::PlatformWrapper {
 public:
  explicit EnvPlatform(std::string docker_host)
      : PlatformWrapper(platform::DefaultPlatform()), docker_host_(std::move(docker_host)) {}
  std::string GetEnv(const std::string& name) override {
    return name == "DOCKER_HOST" ? docker_host_ : "";
  }

 private:
  std::string docker_host_;
};

TEST(EndpointTest, DefaultsToTheDockerSocket) {
  EnvPlatform os("");
  auto endpoint = EndpointFromEnvironment(os);
  ASSERT_TRUE(endpoint.ok());
  EXPECT_EQ(endpoint->socket, "/var/run/docker.sock");
}

TEST(EndpointTest, HonoursAUnixDockerHost) {
  EnvPlatform os("unix:///run/user/1000/podman/podman.sock");
  auto endpoint = EndpointFromEnvironment(os);
  ASSERT_TRUE(endpoint.ok());
  EXPECT_EQ(endpoint->socket, "/run/user/1000/podman/podman.sock");
  EXPECT_EQ(endpoint->Describe(), "unix:///run/user/1000/podman/podman.sock");
}

TEST(EndpointTest, RefusesRemoteEngines) {
  EnvPlatform os("tcp://10.0.0.5:2376");
  EXPECT_EQ(EndpointFromEnvironment(os).status().code(), "X003");
  EnvPlatform empty("unix://");
  EXPECT_EQ(EndpointFromEnvironment(empty).status().code(), "X003");
}

TEST(EndpointTest, AMissingSocketIsD001) {
  EnvPlatform os("unix:///tmp/ferry-no-engine-here.sock");
  auto client = DockerClient::FromEnvironment(os);
  ASSERT_TRUE(client.ok());
  Status s = (*client)->Ping();
  EXPECT_EQ(s.code(), "D001");
  EXPECT_NE(s.message().find("unix:///tmp/ferry-no-engine-here.sock"), std::string::npos);
}

TEST(UrlEscapeTest, KeepsNamesAndEscapesTheRest) {
  EXPECT_EQ(UrlEscape("openspg-mysql_1.x"), "openspg-mysql_1.x");
  EXPECT_EQ(UrlEscape("a/b c?"), "a%2Fb%20c%3F");
}

}  // namespace
}  // namespace ferry::exec::docker
