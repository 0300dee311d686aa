// ContainerExecutor against a real engine: the seed's `docker exec -i`.
#include <fstream>
#include <thread>

#include "exec/docker/container_executor.h"
#include "exec/docker/engine_fixture.h"

namespace ferry::exec::docker::testing {
namespace {

Command Cmd(std::vector<std::string> argv, bool pipe_stdin = false) {
  Command command;
  command.argv = std::move(argv);
  command.pipe_stdin = pipe_stdin;
  return command;
}

// The process's peak resident memory (VmHWM), in bytes; 0 if unknown.
size_t PeakMemory() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoul(line.substr(6)) * 1024;
  }
  return 0;
}

std::span<const std::byte> Bytes(const std::string& s) {
  return std::as_bytes(std::span(s.data(), s.size()));
}

class ContainerExecutorTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    name_ = RunContainer("openspg-mysql");
    auto client = std::make_shared<DockerClient>(engine().os(), engine().endpoint());
    executor_ = std::make_unique<ContainerExecutor>(client, name_);
  }
  std::string name_;
  std::unique_ptr<ContainerExecutor> executor_;
};

TEST_F(ContainerExecutorTest, StreamsStdinAndStdoutAndKeepsStderrAndExitCode) {
  auto process = executor_->Start(Cmd({"sh", "-c", "cat; echo err >&2; exit 3"}, true));
  ASSERT_TRUE(process.ok()) << process.status().ToString();
  ASSERT_TRUE((*process)->WriteStdin(Bytes("hello\nworld\n")).ok());
  (*process)->CloseStdin();
  std::string out;
  std::byte buffer[4096];
  while (true) {
    auto n = (*process)->ReadStdout(buffer);
    ASSERT_TRUE(n.ok()) << n.status().ToString();
    if (*n == 0) break;
    out.append(reinterpret_cast<const char*>(buffer), *n);
  }
  auto code = (*process)->Wait();
  ASSERT_TRUE(code.ok()) << code.status().ToString();
  EXPECT_EQ(*code, 3);
  EXPECT_EQ(out, "hello\nworld\n");
  EXPECT_EQ((*process)->Stderr(), "err\n");
  EXPECT_EQ(executor_->Describe(), "container " + name_);
}

TEST_F(ContainerExecutorTest, RunOkQuotesStderrOnFailure) {
  auto out = RunOk(*executor_, Cmd({"sh", "-c", "echo 'Access denied for user' >&2; exit 1"}));
  EXPECT_EQ(out.status().code(), "X002");
  EXPECT_NE(out.status().message().find("Access denied"), std::string::npos);
  EXPECT_NE(out.status().message().find("container " + name_), std::string::npos);
}

TEST_F(ContainerExecutorTest, Streams50MegabytesThroughInBothDirections) {
  constexpr size_t kTotal = 50u * 1024 * 1024;
  size_t peak_before = PeakMemory();
  auto process = executor_->Start(Cmd({"cat"}, true));
  ASSERT_TRUE(process.ok()) << process.status().ToString();
  platform::Process& cat = **process;
  // A byte pattern whose position can be checked on the way back.
  auto byte_at = [](size_t i) { return static_cast<char>((i * 7 + i / 4096) & 0xff); };
  Status write_status;
  std::thread writer([&] {
    std::string chunk(256 * 1024, '\0');
    for (size_t sent = 0; sent < kTotal && write_status.ok(); sent += chunk.size()) {
      for (size_t i = 0; i < chunk.size(); ++i) chunk[i] = byte_at(sent + i);
      write_status = cat.WriteStdin(Bytes(chunk));
    }
    cat.CloseStdin();
  });
  size_t received = 0;
  size_t mismatches = 0;
  std::vector<std::byte> buffer(64 * 1024);
  while (true) {
    auto n = cat.ReadStdout(buffer);
    ASSERT_TRUE(n.ok()) << n.status().ToString();
    if (*n == 0) break;
    for (size_t i = 0; i < *n; ++i) {
      if (static_cast<char>(buffer[i]) != byte_at(received + i)) ++mismatches;
    }
    received += *n;
  }
  writer.join();
  ASSERT_TRUE(write_status.ok()) << write_status.ToString();
  auto code = cat.Wait();
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(*code, 0);
  EXPECT_EQ(received, kTotal);
  EXPECT_EQ(mismatches, 0u);
  // Bounded memory: the stream never holds more than its queue, far below
  // the 50 MB that went through.
  EXPECT_LT(PeakMemory() - peak_before, 20u * 1024 * 1024);
}

TEST_F(ContainerExecutorTest, PassesEnvironmentAndWorkingDirectory) {
  Command command = Cmd({"sh", "-c", "echo \"$MYSQL_DATABASE\"; pwd"});
  command.env = {{"MYSQL_DATABASE", "openspg"}};
  command.cwd = "/var/lib";
  auto out = RunOk(*executor_, command);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(*out, "openspg\n/var/lib\n");
}

TEST_F(ContainerExecutorTest, SecretsReachTheChildOnItsDescriptorAndLeaveNoFile) {
  // As the MySQL component hands over --defaults-extra-file=/dev/fd/3.
  Command command = Cmd({"sh", "-c", "cat /dev/fd/3; echo; cat /dev/fd/4"});
  command.inherited = {{3, "[client]\npassword=s3cret\n"}, {4, "second"}};
  auto out = RunOk(*executor_, command);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(*out, "[client]\npassword=s3cret\n\nsecond");
  auto left = RunOk(*executor_, Cmd({"sh", "-c", "ls -a /dev/shm /run /tmp 2>/dev/null"}));
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(left->find("ferry."), std::string::npos) << *left;

  Command bad = Cmd({"true"});
  bad.inherited = {{12, "x"}};
  EXPECT_EQ(executor_->Start(bad).status().code(), "X004");
}

TEST_F(ContainerExecutorTest, FindsProgramsInTheContainer) {
  EXPECT_TRUE(executor_->HasProgram("mysqldump"));
  EXPECT_TRUE(executor_->HasProgram("cat"));
  EXPECT_FALSE(executor_->HasProgram("ferry-no-such-program"));
}

TEST_F(ContainerExecutorTest, AStoppedContainerIsD001) {
  ASSERT_TRUE(client().Stop(name_, 5).ok());
  auto process = executor_->Start(Cmd({"true"}));
  EXPECT_EQ(process.status().code(), "D001");
}

TEST_F(ContainerExecutorTest, TheFactoryChoosesHostOrContainer) {
  auto host = MakeExecutor(engine().os(), std::nullopt);
  ASSERT_TRUE(host.ok());
  EXPECT_EQ((*host)->Describe(), "host");
  auto inside = MakeExecutor(engine().os(), name_);  // DOCKER_HOST from the platform
  ASSERT_TRUE(inside.ok()) << inside.status().ToString();
  EXPECT_EQ((*inside)->Describe(), "container " + name_);
  auto out = RunOk(**inside, Cmd({"cat", "/etc/debian_version"}));
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->rfind("12", 0), 0u) << *out;
}

TEST_F(ContainerExecutorTest, KillEndsAStreamThatWouldRunForever) {
  auto process = executor_->Start(Cmd({"sh", "-c", "cat > /dev/null"}, true));
  ASSERT_TRUE(process.ok());
  ASSERT_TRUE((*process)->WriteStdin(Bytes("partial")).ok());
  (*process)->Kill(9);
  auto code = (*process)->Wait();
  ASSERT_TRUE(code.ok()) << code.status().ToString();
  EXPECT_NE(*code, 0);
}

}  // namespace
}  // namespace ferry::exec::docker::testing
