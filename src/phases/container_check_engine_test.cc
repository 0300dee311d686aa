// The container preflight of `ferry check` on a real engine (podman's
// Docker-compatible service): a stopped container, a port somebody else
// holds, an unhealthy container that --fix restarts, a missing volume, two
// networks sharing a subnet, and the stack's API server in a container.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <thread>

#include "exec/docker/engine_fixture.h"
#include "phases/check.h"
#include "platform/testing/eventually.h"
#include "platform/testing/loopback_listener.h"

namespace ferry::phases {
namespace {

using exec::docker::testing::EngineTest;

// The seed's API server on port 8000, as a tiny responder: the test image
// has perl (MariaDB needs it) but no python.
constexpr const char* kApiServer =
    "exec perl -MIO::Socket::INET -e '$SIG{TERM} = sub { exit 0 }; "
    "my $s = IO::Socket::INET->new(LocalPort => 8000, Listen => 5, ReuseAddr => 1) or die "
    "\"listen: $!\"; "
    "while (my $c = $s->accept) { while (<$c>) { last if /^\\r?$/ } "
    "print $c \"HTTP/1.0 200 OK\\r\\nContent-Length: "
    "20\\r\\n\\r\\n{\\\"status\\\":\\\"healthy\\\"}\"; close $c }'";

// A script that logs like a failing database and makes its healthcheck
// (`test ! -f /tmp/sick`) pass again on every start, so a restart heals it.
constexpr const char* kHealable =
    "rm -f /tmp/sick; trap 'exit 143' TERM; "
    "echo 'mysqld: ready for connections'; echo 'ERROR 1045: a logged error' >&2; "
    "while :; do sleep 1 & wait $!; done";

class ContainerCheckTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    dir_ = fs::temp_directory_path() / Unique("ferry-container-check");
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "data");
    fs::create_directories(dir_ / "medium");
    std::ofstream(dir_ / "data" / "a.txt") << "a";
  }
  void TearDown() override {
    EngineTest::TearDown();
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // A stack with one files component running "in" container, plus extra TOML.
  std::string StackText(const std::string& container, const std::string& extra = "") {
    return "[[component]]\nname = \"db\"\nkind = \"files\"\npath = \"data\"\ncontainer = \"" +
           container + "\"\n" + extra;
  }

  Result<Report> Check(const std::string& toml, Options options = {}) {
    fs::path file = dir_ / "ferry.toml";
    std::ofstream(file) << toml;
    FERRY_ASSIGN_OR_RETURN(auto stack, stack::ParseStackFile(toml, file));
    SilentReporter silent;
    PhaseEnv env{engine().os(), silent, options};
    return RunCheck(env, stack, dir_ / "medium");
  }

  static std::vector<Finding> WithCode(const Report& r, const std::string& code) {
    std::vector<Finding> out;
    std::copy_if(r.findings.begin(), r.findings.end(), std::back_inserter(out),
                 [&](const Finding& f) { return f.code == code; });
    return out;
  }

  fs::path dir_;
};

TEST_F(ContainerCheckTest, AStoppedContainerIsD001WithItsErrorLogLines) {
  std::string name = RunContainer("openspg-neo4j");
  ASSERT_TRUE(engine().Host({"podman", "stop", "-t", "5", name}).ok());
  auto report = Check(StackText(name));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  auto d001 = WithCode(*report, "D001");
  auto it = std::find_if(d001.begin(), d001.end(),
                         [&](auto& f) { return f.what.find("exit code") != std::string::npos; });
  ASSERT_NE(it, d001.end());
  EXPECT_EQ(it->component, "db");
  EXPECT_NE(it->what.find("exited with exit code 143"), std::string::npos) << it->what;
  EXPECT_NE(it->what.find("ERROR 2002"), std::string::npos) << it->what;
  EXPECT_NE(it->what.find("OutOfMemoryError"), std::string::npos) << it->what;
  EXPECT_EQ(it->what.find("ready for connections"), std::string::npos) << it->what;
}

TEST_F(ContainerCheckTest, APortHeldByAnotherProcessIsD005NamingTheHolder) {
  platform::testing::LoopbackListener listener;
  ASSERT_TRUE(listener.ok());
  std::string port = std::to_string(listener.port());

  std::string name = RunContainer("openspg-mysql");
  auto report = Check(StackText(name, "ports = [" + port + "]\n"));
  listener.Close();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  auto d005 = WithCode(*report, "D005");
  ASSERT_EQ(d005.size(), 1u);
  EXPECT_NE(d005[0].what.find("port " + port), std::string::npos) << d005[0].what;
  EXPECT_NE(d005[0].what.find("pid " + std::to_string(::getpid())), std::string::npos)
      << d005[0].what;
  EXPECT_TRUE(WithCode(*report, "D001").empty());
}

TEST_F(ContainerCheckTest, APortTheContainerPublishesIsExpected) {
  std::string name = RunContainer("openspg-server", {"-p", "127.0.0.1::8000"});
  auto info = client().Inspect(name);
  ASSERT_TRUE(info.ok());
  ASSERT_EQ(info->ports.size(), 1u);
  std::string port = std::to_string(info->ports[0].host_port);
  // The stack-level list names the API server's port, as the seed's 8000.
  auto report =
      Check("[stack]\ncontainers = [\"" + name + "\"]\nports = [" + port + "]\n" + StackText(name));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(WithCode(*report, "N001").empty());
  EXPECT_TRUE(WithCode(*report, "D001").empty());
}

TEST_F(ContainerCheckTest, AMissingDeclaredVolumeIsD004) {
  std::string name = RunContainer("openspg-mysql");
  auto report = Check(StackText(name, "volumes = [\"" + Unique("no-such-volume") + "\"]\n"));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  auto d004 = WithCode(*report, "D004");
  ASSERT_EQ(d004.size(), 1u);
  EXPECT_NE(d004[0].what.find("does not exist"), std::string::npos) << d004[0].what;
}

// A running container whose service does not answer on its port gets the
// code of that service: N004 is Neo4j's, N011 MySQL's, and a component of
// another kind (here files, with answer_timeout) is an API server's N003;
// every port used to be N004, "Neo4j connection timeout" (issue 10).
TEST_F(ContainerCheckTest, ARunningServiceThatDoesNotAnswerGetsItsKindsCodeNotNeo4jsN004) {
  platform::testing::LoopbackListener reserved;
  std::string port = std::to_string(reserved.port());
  reserved.Close();  // nothing answers there now
  std::string name = RunContainer("openspg-mysql");
  auto report = Check(StackText(name, "ports = [" + port + "]\nanswer_timeout = 1\n"));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  auto n003 = WithCode(*report, "N003");
  ASSERT_EQ(n003.size(), 1u);
  EXPECT_NE(n003[0].what.find("127.0.0.1:" + port), std::string::npos) << n003[0].what;
  EXPECT_TRUE(WithCode(*report, "N004").empty());
  EXPECT_TRUE(WithCode(*report, "D005").empty());
}

TEST_F(ContainerCheckTest, FixRestartsAnUnhealthyContainerAndTheRecheckPasses) {
  std::string name = RunContainer("openspg-neo4j",
                                  {"--health-cmd", "test ! -f /tmp/sick", "--health-retries", "1",
                                   "--health-interval", "disable"},
                                  kHealable);
  ASSERT_TRUE(engine().Host({"podman", "exec", name, "touch", "/tmp/sick"}).ok());
  (void)engine().Host({"podman", "healthcheck", "run", name});  // fails: that is the point
  auto info = client().Inspect(name);
  ASSERT_TRUE(info.ok());
  ASSERT_EQ(info->health, "unhealthy");

  auto before = Check(StackText(name));
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  auto d001 = WithCode(*before, "D001");
  ASSERT_EQ(d001.size(), 1u);
  EXPECT_NE(d001[0].what.find("unhealthy"), std::string::npos) << d001[0].what;

  // No systemd timers here: the test plays the engine's health timer.
  std::atomic<bool> stop{false};
  std::thread timer([&] {
    while (!stop) {
      (void)engine().Host({"podman", "healthcheck", "run", name});
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
  });
  Options fix;
  fix.fix = true;
  fix.fix_timeout_seconds = 60;
  auto after = Check(StackText(name), fix);
  stop = true;
  timer.join();
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_TRUE(WithCode(*after, "D001").empty());
  bool reported =
      std::any_of(after->findings.begin(), after->findings.end(), [&](const Finding& f) {
        return f.passed() &&
               f.what.find("fix: restarted " + name + "; healthy after") != std::string::npos;
      });
  EXPECT_TRUE(reported);
}

TEST_F(ContainerCheckTest, TheFerryBinaryReportsAStoppedContainer) {
  std::string name = RunContainer("openspg-mysql");
  ASSERT_TRUE(engine().Host({"podman", "stop", "-t", "5", name}).ok());
  std::ofstream(dir_ / "ferry.toml") << StackText(name);
  exec::HostExecutor host(platform::DefaultPlatform());
  exec::Command command;
  command.argv = {FERRY_CLI_PATH, "check",
                  "--stack",      (dir_ / "ferry.toml").string(),
                  "--to",         (dir_ / "medium").string()};
  command.env = {{"DOCKER_HOST", engine().endpoint().Describe()}};
  auto run = exec::Run(host, command);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->exit_code, 1) << run->out << run->err;
  EXPECT_NE(run->out.find("D001"), std::string::npos) << run->out;
  EXPECT_NE(run->out.find("ERROR 2002"), std::string::npos) << run->out;
}

// podman refuses a second bridge network on a used subnet, but not a
// macvlan network: those normally share the host LAN's subnet, so its
// create path does not compare subnets. That makes a real overlap with the
// stack's bridge network, which the check must find.
TEST_F(ContainerCheckTest, TwoNetworksSharingASubnetAreD006) {
  int pid = ::getpid();
  std::string subnet =
      "10." + std::to_string(200 + pid % 50) + "." + std::to_string(pid / 50 % 250) + ".0/24";
  std::string ours = Unique("openspg-net");
  std::string theirs = Unique("lan-net");
  RemoveNetworkLater(ours);
  RemoveNetworkLater(theirs);
  auto made = engine().Host({"podman", "network", "create", "--subnet", subnet, ours});
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  const std::string stack = "[stack]\nnetworks = [\"" + ours +
                            "\"]\n[[component]]\nname = \"db\"\n"
                            "kind = \"files\"\npath = \"data\"\n";
  auto clean = Check(stack);
  ASSERT_TRUE(clean.ok()) << clean.status().ToString();
  EXPECT_TRUE(WithCode(*clean, "D006").empty());

  made =
      engine().Host({"podman", "network", "create", "-d", "macvlan", "--subnet", subnet, theirs});
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  auto report = Check(stack);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  auto d006 = WithCode(*report, "D006");
  ASSERT_EQ(d006.size(), 1u);
  EXPECT_NE(d006[0].what.find("network " + ours + " subnet " + subnet), std::string::npos)
      << d006[0].what;
  EXPECT_NE(d006[0].what.find("of network " + theirs), std::string::npos) << d006[0].what;
}

// The seed's Phase 6 "API Endpoints Not Responding" with the API server in
// a container: N003 while it is stopped, nothing once it runs.
TEST_F(ContainerCheckTest, AnApiServerContainerIsN003WhileDownAndOkOnceStarted) {
  platform::testing::LoopbackListener reserved;
  ASSERT_TRUE(reserved.ok());
  std::string port = std::to_string(reserved.port());
  reserved.Close();
  std::string name =
      RunContainer("openspg-server", {"-p", "127.0.0.1:" + port + ":8000"}, kApiServer);
  ASSERT_TRUE(engine().Host({"podman", "stop", "-t", "5", name}).ok());
  std::string stack = "[stack]\ncontainers = [\"" + name +
                      "\"]\n[[component]]\nname = \"api\"\nkind = \"http\"\n"
                      "url = \"http://127.0.0.1:" +
                      port + "/health\"\nexpect_body_contains = \"healthy\"\ntimeout = 2\n";
  auto down = Check(stack);
  ASSERT_TRUE(down.ok()) << down.status().ToString();
  auto n003 = WithCode(*down, "N003");
  ASSERT_EQ(n003.size(), 1u);
  EXPECT_EQ(n003[0].component, "api");
  EXPECT_NE(n003[0].what.find("127.0.0.1:" + port), std::string::npos) << n003[0].what;
  EXPECT_FALSE(WithCode(*down, "D001").empty());  // the stopped container itself

  ASSERT_TRUE(client().Start(name).ok());
  ASSERT_TRUE(
      client().WaitUntil(name, exec::docker::WaitFor::kRunning, std::chrono::seconds(30)).ok());
  // The server listens a moment after the container runs.
  Result<Report> up = Status::Error("X004", "not checked");
  platform::testing::Eventually(
      [&] {
        up = Check(stack);
        return !up.ok() || WithCode(*up, "N003").empty();
      },
      std::chrono::milliseconds(200));
  ASSERT_TRUE(up.ok()) << up.status().ToString();
  EXPECT_TRUE(WithCode(*up, "N003").empty());
  EXPECT_TRUE(WithCode(*up, "D001").empty());
  int api_passes = 0;
  for (const Finding& f : up->findings) {
    if (f.component != "api") continue;
    EXPECT_TRUE(f.passed()) << f.code << ": " << f.what;
    api_passes += f.passed() ? 1 : 0;
  }
  EXPECT_GT(api_passes, 0);
}

TEST_F(ContainerCheckTest, AnUnreachableEngineIsD001NamingTheSocket) {
  exec::docker::testing::EnginePlatform nowhere(platform::DefaultPlatform(),
                                                "unix:///tmp/ferry-no-engine.sock");
  auto stack = stack::ParseStackFile(StackText("openspg-mysql"), dir_ / "ferry.toml");
  ASSERT_TRUE(stack.ok());
  SilentReporter silent;
  PhaseEnv env{nowhere, silent, {}};
  auto report = RunCheck(env, *stack, dir_ / "medium");
  ASSERT_TRUE(report.ok());
  auto d001 = WithCode(*report, "D001");
  bool named = std::any_of(d001.begin(), d001.end(), [](const Finding& f) {
    return f.what.find("/tmp/ferry-no-engine.sock") != std::string::npos;
  });
  EXPECT_TRUE(named);
}

}  // namespace
}  // namespace ferry::phases
