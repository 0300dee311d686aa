#include "exec/docker/container_executor.h"

#include "exec/docker/exec_stream.h"

namespace ferry::exec::docker {
namespace {

// Makes a 0700 directory, in memory when the container has /dev/shm.
constexpr const char* kMakeDir =
    "umask 077; for base in /dev/shm /run /tmp; do "
    "d=$(mktemp -d \"$base/ferry.XXXXXXXX\" 2>/dev/null) && { echo \"$d\"; exit 0; }; "
    "done; echo 'ferry: no writable directory for secrets' >&2; exit 1";
// Copies stdin into "$1" (never the content on a command line).
constexpr const char* kWriteFile = "umask 077; cat > \"$1\"";

// A Command with everything but argv and the pipes at its default.
Command Cmd(std::vector<std::string> argv, bool pipe_stdin = false, bool pipe_stdout = true) {
  Command command;
  command.argv = std::move(argv);
  command.pipe_stdin = pipe_stdin;
  command.pipe_stdout = pipe_stdout;
  return command;
}

std::span<const std::byte> Bytes(const std::string& s) {
  return std::as_bytes(std::span(s.data(), s.size()));
}

}  // namespace

Result<std::unique_ptr<platform::Process>> ContainerExecutor::StartRaw(
    const Command& command, std::vector<std::string> argv) {
  if (argv.empty()) return Status::Error("X004", "empty command for " + Describe());
  ExecSpec spec;
  spec.argv = std::move(argv);
  spec.env = command.env;
  spec.working_dir = command.cwd.string();
  spec.attach_stdin = command.pipe_stdin;
  FERRY_ASSIGN_OR_RETURN(std::string exec_id, client_->CreateExec(container_, spec));
  return StartExecStream(*client_, exec_id, command.argv.front() + " in " + Describe(),
                         command.pipe_stdin, command.pipe_stdout);
}

Result<std::string> ContainerExecutor::StageSecrets(const Command& command) {
  FERRY_ASSIGN_OR_RETURN(std::string dir, RunOk(*this, Cmd({"sh", "-c", kMakeDir}), 4096));
  while (!dir.empty() && (dir.back() == '\n' || dir.back() == '\r')) dir.pop_back();
  if (dir.empty() || dir.front() != '/') {
    return Status::Error("X002", "could not make a private directory in " + Describe());
  }
  for (const auto& data : command.inherited) {
    Command write = Cmd({"sh", "-c", kWriteFile, "sh", dir + "/fd" + std::to_string(data.child_fd)},
                        /*pipe_stdin=*/true, /*pipe_stdout=*/false);
    auto process = StartRaw(write, write.argv);
    Status status = process.ok() ? Status::Ok() : process.status();
    if (status.ok()) {
      status = (*process)->WriteStdin(Bytes(data.content));
      (*process)->CloseStdin();
      Result<int> code = (*process)->Wait();
      if (status.ok() && !code.ok()) status = code.status();
      if (status.ok() && *code != 0) {
        status = Status::Error(
            "X002", "could not hand a secret to " + Describe() + ": " + (*process)->Stderr());
      }
    }
    if (!status.ok()) {
      RemoveStaged(dir);
      return status;
    }
  }
  return dir;
}

void ContainerExecutor::RemoveStaged(const std::string& dir) {
  (void)Run(*this, Cmd({"rm", "-rf", dir}, false, false));
}

Result<std::unique_ptr<platform::Process>> ContainerExecutor::Start(const Command& command) {
  if (command.argv.empty()) return Status::Error("X004", "empty command for " + Describe());
  if (command.inherited.empty()) return StartRaw(command, command.argv);
  for (const auto& data : command.inherited) {
    if (data.child_fd < 3 || data.child_fd > 9) {
      return Status::Error("X004", "a secret for " + Describe() +
                                       " must use descriptor 3..9, not " +
                                       std::to_string(data.child_fd));
    }
  }
  FERRY_ASSIGN_OR_RETURN(std::string dir, StageSecrets(command));
  // sh -c 'exec 3<"$1/fd3"; rm -rf "$1"; shift; exec "$@"' sh DIR argv...
  std::string script;
  for (const auto& data : command.inherited) {
    std::string fd = std::to_string(data.child_fd);
    script += "exec " + fd + "<\"$1/fd" + fd + "\" || exit 126; ";
  }
  script += "rm -rf \"$1\"; shift; exec \"$@\"";
  std::vector<std::string> argv = {"sh", "-c", script, "sh", dir};
  argv.insert(argv.end(), command.argv.begin(), command.argv.end());
  auto process = StartRaw(command, std::move(argv));
  if (!process.ok()) RemoveStaged(dir);
  return process;
}

bool ContainerExecutor::HasProgram(const std::string& name) {
  auto output =
      Run(*this, Cmd({"sh", "-c", "command -v \"$1\" >/dev/null", "sh", name}, false, false));
  return output.ok() && output->exit_code == 0;
}

Result<std::unique_ptr<Executor>> MakeExecutor(platform::Platform& os,
                                               const std::optional<std::string>& container,
                                               std::vector<std::string> env_remove) {
  if (!container || container->empty()) {
    return std::unique_ptr<Executor>(std::make_unique<HostExecutor>(os, std::move(env_remove)));
  }
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<DockerClient> client, DockerClient::FromEnvironment(os));
  return std::unique_ptr<Executor>(std::make_unique<ContainerExecutor>(
      std::shared_ptr<DockerClient>(std::move(client)), *container));
}

}  // namespace ferry::exec::docker
