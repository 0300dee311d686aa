// exec::Run on the host, with real child processes.
#include "exec/executor.h"

#include <gtest/gtest.h>

namespace ferry::exec {
namespace {

Command Argv(std::vector<std::string> argv) {
  Command c;
  c.argv = std::move(argv);
  return c;
}

TEST(RunTest, LargeStdinAndLargeStdoutDoNotBlockEachOther) {
  HostExecutor host(platform::DefaultPlatform());
  std::string text(3 << 20, 'x');  // far beyond a pipe's buffer, both ways
  for (size_t i = 0; i < text.size(); i += 997) text[i] = '\n';
  auto out = exec::Run(host, Argv({"cat"}), 16 << 20, text);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->exit_code, 0);
  EXPECT_EQ(out->out, text);
}

TEST(RunTest, ExitCodeAndStderrOfAProgramThatIgnoresItsInput) {
  HostExecutor host(platform::DefaultPlatform());
  auto out =
      exec::Run(host, Argv({"sh", "-c", "echo nope >&2; exit 3"}), 1024, std::string(1 << 20, 'y'));
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->exit_code, 3);
  EXPECT_EQ(out->err, "nope\n");
}

TEST(RunTest, OutputBeyondTheLimitIsAnError) {
  HostExecutor host(platform::DefaultPlatform());
  auto out = exec::Run(host, Argv({"head", "-c", "100000", "/dev/zero"}), 1000);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), "X002");
}

// The exec layer knows it was starting a program: the platform's ENOENT
// becomes X001 ("install it"), and the message names the program.
TEST(RunTest, AMissingProgramIsX001) {
  HostExecutor host(platform::DefaultPlatform());
  auto out = exec::Run(host, Argv({"ferry-no-such-program"}), 1000);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), "X001");
  EXPECT_NE(out.status().message().find("ferry-no-such-program"), std::string::npos);
}

}  // namespace
}  // namespace ferry::exec
