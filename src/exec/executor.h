// Where a component's commands run: on the host, or inside a container
// (the seed's `docker exec openspg-mysql mysqldump ...`). Every component
// kind starts its programs through an Executor, so "run it in the container"
// is one seam and not a special case in each component.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "diag/status.h"
#include "platform/platform.h"

namespace ferry::exec {

struct Command {
  std::vector<std::string> argv;
  std::vector<std::pair<std::string, std::string>> env;
  std::filesystem::path cwd;  // empty: the executor's default
  bool pipe_stdin = false;
  bool pipe_stdout = true;
  // Secrets travel here, never in argv (visible in ps) or env of a parent.
  std::vector<platform::InheritedData> inherited;
};

class Executor {
 public:
  virtual ~Executor() = default;
  // "host", or "container openspg-mysql": for messages.
  virtual std::string Describe() const = 0;
  virtual Result<std::unique_ptr<platform::Process>> Start(const Command& command) = 0;
  virtual bool HasProgram(const std::string& name) = 0;
};

// Runs commands as children of ferry on this machine. `env_remove` names
// variables its children never see: the other components' secrets
// (stack::ComponentSpec::foreign_secret_env), which ferry's own
// environment holds for them.
class HostExecutor final : public Executor {
 public:
  explicit HostExecutor(platform::Platform& os, std::vector<std::string> env_remove = {})
      : os_(os), env_remove_(std::move(env_remove)) {}
  std::string Describe() const override { return "host"; }
  Result<std::unique_ptr<platform::Process>> Start(const Command& command) override;
  bool HasProgram(const std::string& name) override { return os_.FindProgram(name); }

 private:
  platform::Platform& os_;
  std::vector<std::string> env_remove_;
};

struct CommandOutput {
  int exit_code = 0;
  std::string out;  // stdout, up to the limit given to Run
  std::string err;  // the tail of stderr
};

// Runs a command to completion and keeps its output (at most max_out bytes
// of stdout; more is an error, so callers never hold unbounded data).
// With stdin_text, the command gets it on stdin (command.pipe_stdin is set
// for it), written from a thread: a large script and a large result would
// otherwise block each other on full pipes.
Result<CommandOutput> Run(Executor& executor, const Command& command,
                          size_t max_out = 16 * 1024 * 1024,
                          const std::optional<std::string>& stdin_text = std::nullopt);

// Like Run, but a non-zero exit is an X002 error quoting stderr.
Result<std::string> RunOk(Executor& executor, const Command& command,
                          size_t max_out = 16 * 1024 * 1024);

}  // namespace ferry::exec
