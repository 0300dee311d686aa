// A real container engine for the integration tests: podman's Docker-
// compatible service on a private socket, started once per test process and
// stopped at its end. Test containers come from localhost/ferry-test-base
// (built by scripts/deps.d/40-podman.sh), carry the test's pid in their name
// so parallel runs never collide, and are removed by the test that made them.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "exec/docker/client.h"
#include "exec/executor.h"
#include "platform/platform.h"

namespace ferry::exec::docker::testing {

inline constexpr const char* kImage = "localhost/ferry-test-base";

// The real platform, except that DOCKER_HOST names the test engine.
class EnginePlatform final : public platform::PlatformWrapper {
 public:
  EnginePlatform(platform::Platform& target, std::string docker_host)
      : PlatformWrapper(target), docker_host_(std::move(docker_host)) {}
  std::string GetEnv(const std::string& name) override {
    return name == "DOCKER_HOST" ? docker_host_ : target().GetEnv(name);
  }

 private:
  std::string docker_host_;
};

class EngineEnvironment final : public ::testing::Environment {
 public:
  void SetUp() override;
  void TearDown() override;
  static EngineEnvironment& Get();

  bool ready() const { return ready_; }
  const std::string& why_not() const { return why_not_; }
  const Endpoint& endpoint() const { return endpoint_; }
  platform::Platform& os() { return *os_; }

  // Runs a host program (podman, docker) to completion; its stdout.
  Result<std::string> Host(std::vector<std::string> argv);

 private:
  bool ready_ = false;
  std::string why_not_;
  Endpoint endpoint_;
  std::unique_ptr<EnginePlatform> os_;
  std::unique_ptr<platform::Process> service_;
};

// Base for engine tests: skips when no engine could start, and removes the
// containers, volumes and networks a test made.
class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // "<base>-<pid>": unique per test process.
  std::string Unique(const std::string& base);
  // `podman run -d --name <name> <options> image sh -c <script>`; the
  // container is removed at TearDown. The default script logs a few lines
  // (one "ERROR", one "exception") and runs until stopped (exit 143).
  std::string RunContainer(const std::string& base, std::vector<std::string> options = {},
                           std::string script = "");
  // RunContainer with mariadbd as its main process (socket
  // /run/mysqld/mysqld.sock, TCP on 127.0.0.1:3306 inside the container),
  // waited for until it answers, root's password then set to root_password.
  // The container's name, or an error when the server never answered.
  // options go to `podman run` (e.g. "-v", "vol:/var/lib/mysql": a datadir
  // that already holds a database is used as it is, as the official image does).
  Result<std::string> RunMariadb(const std::string& base, const std::string& root_password,
                                 std::vector<std::string> options = {});
  // Waits until MariaDB in container `name` answers, then sets root's
  // password (a freshly initialised datadir: root has none yet).
  Status AwaitFreshMariadb(const std::string& name, const std::string& root_password);
  // Waits until the container has logged at least `lines` lines (the
  // default script logs its first line after setting its TERM trap).
  bool WaitForLogLines(const std::string& name, size_t lines);
  void RemoveVolumeLater(const std::string& name) { volumes_.push_back(name); }
  void RemoveNetworkLater(const std::string& name) { networks_.push_back(name); }

  EngineEnvironment& engine() { return EngineEnvironment::Get(); }
  DockerClient& client() { return *client_; }

 private:
  std::unique_ptr<DockerClient> client_;
  std::vector<std::string> containers_, volumes_, networks_;
};

}  // namespace ferry::exec::docker::testing
