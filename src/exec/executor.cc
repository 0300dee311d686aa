#include "exec/executor.h"

#include <cerrno>
#include <thread>

namespace ferry::exec {

Result<std::unique_ptr<platform::Process>> HostExecutor::Start(const Command& command) {
  platform::SpawnOptions options;
  options.argv = command.argv;
  options.env = command.env;
  options.env_remove = env_remove_;
  options.cwd = command.cwd;
  options.pipe_stdin = command.pipe_stdin;
  options.pipe_stdout = command.pipe_stdout;
  options.inherited = command.inherited;
  // The platform says what the OS said; here it was starting a program:
  // not found is X001 (install it), anything else X002.
  auto started = os_.Spawn(options);
  if (!started.ok() && !started.status().classified()) {
    const Status& s = started.status();
    return Status::Error(s.sys_errno() == ENOENT ? Code("X001") : Code("X002"), s.message(),
                         s.sys_errno());
  }
  return started;
}

Result<CommandOutput> Run(Executor& executor, const Command& command, size_t max_out,
                          const std::optional<std::string>& stdin_text) {
  Command started = command;
  if (stdin_text) started.pipe_stdin = true;
  FERRY_ASSIGN_OR_RETURN(auto process, executor.Start(started));
  Status written;
  std::thread writer;
  if (stdin_text) {
    writer = std::thread([&] {
      written =
          process->WriteStdin(std::as_bytes(std::span(stdin_text->data(), stdin_text->size())));
      process->CloseStdin();
    });
  }
  CommandOutput result;
  Status read;
  std::byte buffer[64 * 1024];
  while (read.ok()) {
    Result<size_t> n = process->ReadStdout(buffer);
    if (!n.ok()) {
      read = n.status();
    } else if (*n == 0) {
      break;
    } else if (result.out.size() + *n > max_out) {
      read = Status::Error("X002", "output of " + command.argv[0] + " exceeds " +
                                       std::to_string(max_out) + " bytes");
      process->Kill(9);
    } else {
      result.out.append(reinterpret_cast<const char*>(buffer), *n);
    }
  }
  if (!read.ok() && stdin_text) process->Kill(9);  // unblocks the writer
  if (writer.joinable()) writer.join();
  Result<int> exit_code = process->Wait();
  // Pipes and waits failing belong to the command being run: X002.
  FERRY_RETURN_IF_ERROR(std::move(read).Classify("X002"));
  if (!exit_code.ok()) return std::move(exit_code).Classify("X002").status();
  result.exit_code = *exit_code;
  result.err = process->Stderr();
  // A failed write matters only if the program succeeded: one that exits
  // early closes its stdin, and its own error says more.
  if (result.exit_code == 0) FERRY_RETURN_IF_ERROR(std::move(written).Classify("X002"));
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
