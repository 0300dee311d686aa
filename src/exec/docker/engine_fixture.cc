#include "exec/docker/engine_fixture.h"

#include <thread>

#include "exec/docker/container_executor.h"
#include "platform/testing/eventually.h"

namespace ferry::exec::docker::testing {
namespace {

EngineEnvironment* const g_engine =
    static_cast<EngineEnvironment*>(::testing::AddGlobalTestEnvironment(new EngineEnvironment));

constexpr const char* kDefaultScript =
    "trap 'echo stopping; exit 143' TERM; "
    "echo 'mysqld: ready for connections'; "
    "echo 'ERROR 2002 (HY000): Can not connect to server' >&2; "
    "echo 'java.lang.OutOfMemoryError: an exception in thread main'; "
    "while :; do sleep 1 & wait $!; done";

// Initialises the datadir when it holds no database yet (a new container,
// or a volume just emptied by reset-volume), as the official image's
// entrypoint does; a datadir put back by a rollback is used as it is.
constexpr const char* kMariadbScript =
    "mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld && "
    "{ [ -d /var/lib/mysql/mysql ] || mariadb-install-db --user=mysql "
    "--auth-root-authentication-method=normal --skip-test-db >/dev/null; } && "
    "exec mariadbd --user=mysql --bind-address=127.0.0.1";

// The test engine's own configuration and storage, written by
// scripts/podman-env.sh under ${FERRY_CACHE_DIR:-/var/cache/ferry}/podman:
// every podman this fixture runs gets it, so the machine's /etc/containers
// is neither needed nor edited.
std::vector<std::pair<std::string, std::string>> PodmanEnv() {
  std::string cache = platform::DefaultPlatform().GetEnv("FERRY_CACHE_DIR");
  if (cache.empty()) cache = "/var/cache/ferry";
  return {{"CONTAINERS_CONF", cache + "/podman/containers.conf"},
          {"CONTAINERS_STORAGE_CONF", cache + "/podman/storage.conf"}};
}

}  // namespace

EngineEnvironment& EngineEnvironment::Get() { return *g_engine; }

Result<std::string> EngineEnvironment::Host(std::vector<std::string> argv) {
  HostExecutor host(platform::DefaultPlatform());
  Command command;
  command.argv = std::move(argv);
  command.env = PodmanEnv();
  if (!endpoint_.socket.empty()) command.env.push_back({"DOCKER_HOST", endpoint_.Describe()});
  return RunOk(host, command);
}

void EngineEnvironment::SetUp() {
  platform::Platform& real = platform::DefaultPlatform();
  if (!real.FindProgram("podman")) {
    why_not_ = "podman is not installed (run scripts/install-deps.sh --test)";
    return;
  }
  if (!Host({"podman", "image", "exists", kImage}).ok()) {
    why_not_ = std::string(kImage) + " is missing (run scripts/install-deps.sh --test)";
    return;
  }
  endpoint_.socket = "/tmp/ferry-podman-" + std::to_string(real.ProcessId()) + ".sock";
  (void)real.RemoveFile(endpoint_.socket);
  platform::SpawnOptions options;
  options.argv = {"podman", "system", "service", "--time=0", endpoint_.Describe()};
  options.env = PodmanEnv();
  options.pipe_stdout = false;
  auto service = real.Spawn(options);
  if (!service.ok()) {
    why_not_ = "cannot start podman: " + service.status().ToString();
    return;
  }
  service_ = std::move(service).value();
  os_ = std::make_unique<EnginePlatform>(real, endpoint_.Describe());
  DockerClient probe(*os_, endpoint_);
  auto deadline = real.Monotonic() + std::chrono::seconds(30);
  while (!probe.Ping().ok()) {
    if (real.Monotonic() > deadline) {
      why_not_ = "podman system service did not answer on " + endpoint_.Describe();
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ready_ = true;
}

void EngineEnvironment::TearDown() {
  if (service_) {
    service_->Kill(15);
    (void)service_->Wait();
  }
  if (!endpoint_.socket.empty()) (void)platform::DefaultPlatform().RemoveFile(endpoint_.socket);
}

void EngineTest::SetUp() {
  if (!engine().ready()) GTEST_SKIP() << engine().why_not();
  client_ = std::make_unique<DockerClient>(engine().os(), engine().endpoint());
}

void EngineTest::TearDown() {
  for (const auto& name : containers_) (void)engine().Host({"podman", "rm", "-f", "-t", "0", name});
  for (const auto& name : volumes_) (void)engine().Host({"podman", "volume", "rm", "-f", name});
  for (const auto& name : networks_) (void)engine().Host({"podman", "network", "rm", "-f", name});
}

std::string EngineTest::Unique(const std::string& base) {
  return base + "-" + std::to_string(platform::DefaultPlatform().ProcessId());
}

bool EngineTest::WaitForLogLines(const std::string& name, size_t lines) {
  return platform::testing::Eventually([&] {
    auto logs = client().Logs(name, 100);
    return logs.ok() && logs->size() >= lines;
  });
}

std::string EngineTest::RunContainer(const std::string& base, std::vector<std::string> options,
                                     std::string script) {
  std::string name = Unique(base);
  (void)engine().Host({"podman", "rm", "-f", "-t", "0", name});  // a leftover of a killed run
  std::vector<std::string> argv = {"podman", "run", "-d", "--name", name};
  argv.insert(argv.end(), options.begin(), options.end());
  argv.insert(argv.end(), {kImage, "sh", "-c", script.empty() ? kDefaultScript : script});
  containers_.push_back(name);
  auto started = engine().Host(argv);
  EXPECT_TRUE(started.ok()) << started.status().ToString();
  return name;
}

Result<std::string> EngineTest::RunMariadb(const std::string& base,
                                           const std::string& root_password,
                                           std::vector<std::string> options) {
  std::string name = RunContainer(base, std::move(options), kMariadbScript);
  FERRY_RETURN_IF_ERROR(AwaitFreshMariadb(name, root_password));
  return name;
}

Status EngineTest::AwaitFreshMariadb(const std::string& name, const std::string& root_password) {
  ContainerExecutor mysql(std::make_shared<DockerClient>(engine().os(), engine().endpoint()), name);
  Command ping;
  ping.argv = {"mariadb-admin", "ping"};
  // mariadb-install-db plus the first start take a few seconds on a cold
  // page cache; 30 s leaves room for a loaded CI machine.
  auto deadline = platform::DefaultPlatform().Monotonic() + std::chrono::seconds(30);
  while (true) {
    auto answer = exec::Run(mysql, ping);
    if (answer.ok() && answer->exit_code == 0) break;
    if (platform::DefaultPlatform().Monotonic() > deadline) {
      return Status::Error("N011", "MariaDB did not answer in container " + name);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  // Root starts without a password (unix socket, root in the container);
  // the statement goes on stdin so the password is never in an exec's argv.
  Command set;
  set.argv = {"mariadb", "-uroot"};
  set.pipe_stdin = true;
  std::string quoted;
  for (char c : root_password) {
    if (c == '\\' || c == '\'') quoted += '\\';
    quoted += c;
  }
  auto process = mysql.Start(set);
  FERRY_RETURN_IF_ERROR(process.status());
  std::string sql = "ALTER USER root@localhost IDENTIFIED BY '" + quoted + "';";
  FERRY_RETURN_IF_ERROR((*process)->WriteStdin(std::as_bytes(std::span(sql.data(), sql.size()))));
  (*process)->CloseStdin();
  FERRY_ASSIGN_OR_RETURN(int code, (*process)->Wait());
  if (code != 0) {
    return Status::Error("X002",
                         "setting root's password in " + name + ": " + (*process)->Stderr());
  }
  return Status::Ok();
}

}  // namespace ferry::exec::docker::testing
