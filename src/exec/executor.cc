#include "exec/executor.h"

namespace ferry::exec {

Result<std::unique_ptr<platform::Process>> HostExecutor::Start(const Command& command) {
  platform::SpawnOptions options;
  options.argv = command.argv;
  options.env = command.env;
  options.cwd = command.cwd;
  options.pipe_stdin = command.pipe_stdin;
  options.pipe_stdout = command.pipe_stdout;
  options.inherited = command.inherited;
  return os_.Spawn(options);
}

Result<CommandOutput> Run(Executor& executor, const Command& command, size_t max_out) {
  FERRY_ASSIGN_OR_RETURN(auto process, executor.Start(command));
  CommandOutput result;
  std::byte buffer[64 * 1024];
  while (true) {
    FERRY_ASSIGN_OR_RETURN(size_t n, process->ReadStdout(buffer));
    if (n == 0) break;
    if (result.out.size() + n > max_out) {
      process->Kill(9);
      (void)process->Wait();
      return Status::Error("X002", "output of " + command.argv[0] + " exceeds " +
                                       std::to_string(max_out) + " bytes");
    }
    result.out.append(reinterpret_cast<const char*>(buffer), n);
  }
  FERRY_ASSIGN_OR_RETURN(result.exit_code, process->Wait());
  result.err = process->Stderr();
  return result;
}

Result<std::string> RunOk(Executor& executor, const Command& command, size_t max_out) {
  FERRY_ASSIGN_OR_RETURN(CommandOutput output, Run(executor, command, max_out));
  if (output.exit_code != 0) {
    std::string err = output.err;
    while (!err.empty() && (err.back() == '\n' || err.back() == '\r')) err.pop_back();
    return Status::Error("X002", command.argv[0] + " exited with " +
                                     std::to_string(output.exit_code) + " on " +
                                     executor.Describe() + (err.empty() ? "" : ": " + err));
  }
  return std::move(output.out);
}

}  // namespace ferry::exec
