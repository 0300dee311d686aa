#include "components/mysql/dump.h"

#include "stream/file_stream.h"

namespace ferry::components::mysql {
namespace {

constexpr std::string_view kTrailer = "-- Dump completed";
constexpr std::string_view kSandboxLine = "/*M!999999\\- enable the sandbox mode */";
constexpr size_t kTailKeep = 256;

std::string_view AsText(std::span<const std::byte> data) {
  return {reinterpret_cast<const char*>(data.data()), data.size()};
}

}  // namespace

std::vector<std::string> DumpArguments(const std::string& db) {
  return {"--single-transaction",
          "--quick",
          "--routines",
          "--triggers",
          "--events",
          "--hex-blob",
          "--default-character-set=utf8mb4",
          "--max-allowed-packet=1G",
          "--no-tablespaces",
          "--databases",
          db};
}

Status TrailerWatchSink::Write(std::span<const std::byte> data) {
  tail_.append(AsText(data.size() > kTailKeep ? data.last(kTailKeep) : data));
  if (tail_.size() > kTailKeep) tail_.erase(0, tail_.size() - kTailKeep);
  return next_.Write(data);
}

bool TrailerWatchSink::completed() const {
  // The trailer is the last line: "-- Dump completed[ on <date>]\n".
  size_t line = tail_.rfind('\n', tail_.size() >= 2 ? tail_.size() - 2 : 0);
  std::string_view last = std::string_view(tail_).substr(line == std::string::npos ? 0 : line + 1);
  return last.substr(0, kTrailer.size()) == kTrailer && !tail_.empty() && tail_.back() == '\n';
}

Status SandboxStripSink::Write(std::span<const std::byte> data) {
  if (decided_) return next_.Write(data);
  head_.append(AsText(data));
  if (head_.find('\n') == std::string::npos && head_.size() < kSandboxLine.size() + 2) {
    return Status::Ok();
  }
  return Flush();
}

Status SandboxStripSink::Flush() {
  decided_ = true;
  std::string_view rest = head_;
  if (rest.substr(0, kSandboxLine.size()) == kSandboxLine) {
    size_t eol = rest.find('\n');
    rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
  }
  Status s = next_.Write(stream::AsBytes(rest));
  head_.clear();
  return s;
}

Status SandboxStripSink::Finish() {
  if (!decided_) FERRY_RETURN_IF_ERROR(Flush());
  return next_.Finish();
}

Status DumpDatabase(Client& client, const std::string& db, stream::ByteSink& sink,
                    const std::function<void(uint64_t)>& progress) {
  const std::string& program = client.programs().dump;
  exec::Command command = client.MakeCommand(program, DumpArguments(db));
  FERRY_ASSIGN_OR_RETURN(auto process, client.executor().Start(command));
  stream::ProcessSource source(*process);
  TrailerWatchSink watch(sink);
  Status pumped = stream::Pump(source, watch, progress);
  // A sink that failed (disk full) leaves the dump blocked on its pipe.
  if (!pumped.ok()) process->Kill(9);
  FERRY_ASSIGN_OR_RETURN(int exit_code, process->Wait());
  std::string err = process->Stderr();
  while (!err.empty() && (err.back() == '\n' || err.back() == '\r')) err.pop_back();
  if (!pumped.ok()) return pumped;
  if (exit_code != 0) {
    Status cause = client.ClientError(program, exit_code, err);
    if (cause.Is("N011")) return cause;
    std::string how = exit_code > 128 ? "was killed by signal " + std::to_string(exit_code - 128)
                                      : "exited with " + std::to_string(exit_code);
    return Status::Error("DB011", "dump of database '" + db + "' is incomplete: " + program + " " +
                                      how + (err.empty() ? "" : ": " + err));
  }
  if (!watch.completed()) {
    return Status::Error("DB011", "dump of database '" + db + "' is incomplete: " + program +
                                      " output lacks its '-- Dump completed' trailer" +
                                      (err.empty() ? "" : ": " + err));
  }
  return Status::Ok();
}

Status ImportSql(Client& client, stream::ByteSource& sql, bool strip_sandbox_line,
                 const std::function<void(uint64_t)>& progress) {
  const std::string& program = client.programs().client;
  // --binary-mode: blobs and text pass untouched and backslash commands in
  // data are never run by the client.
  exec::Command command = client.MakeCommand(
      program, {"--default-character-set=utf8mb4", "--max-allowed-packet=1G", "--binary-mode"});
  command.pipe_stdin = true;
  command.pipe_stdout = false;
  FERRY_ASSIGN_OR_RETURN(auto process, client.executor().Start(command));
  stream::ProcessSink stdin_sink(*process);
  // A header of our own, since the dump's SET FOREIGN_KEY_CHECKS=0 is
  // inside a version comment a foreign client may skip.
  Status pumped =
      stdin_sink.Write(stream::AsBytes("SET FOREIGN_KEY_CHECKS=0;\nSET UNIQUE_CHECKS=0;\n"));
  if (pumped.ok()) {
    SandboxStripSink strip(stdin_sink);
    stream::ByteSink& first =
        strip_sandbox_line ? static_cast<stream::ByteSink&>(strip) : stdin_sink;
    pumped = stream::Pump(sql, first, progress);
  }
  if (!pumped.ok()) process->Kill(9);
  process->CloseStdin();
  FERRY_ASSIGN_OR_RETURN(int exit_code, process->Wait());
  std::string err = process->Stderr();
  while (!err.empty() && (err.back() == '\n' || err.back() == '\r')) err.pop_back();
  if (exit_code != 0) {
    Status cause = client.ClientError(program, exit_code, err);
    if (cause.Is("N011")) return cause;
    // A broken pipe on our side is only the echo of the client's failure.
    return Status::Error("D003", "import failed: " + program + " exited with " +
                                     std::to_string(exit_code) +
                                     (err.empty() ? "" : ": " + ErrorLines(err)));
  }
  return pumped;
}

std::string ErrorLines(const std::string& err) {
  constexpr size_t kLine = 300, kTail = 500;
  std::string kept;
  size_t start = 0;
  while (start < err.size()) {
    size_t end = err.find('\n', start);
    if (end == std::string::npos) end = err.size();
    std::string_view line(err.data() + start, end - start);
    if (line.find("ERROR") != std::string_view::npos) {
      kept += std::string(kept.empty() ? "" : "; ") + std::string(line.substr(0, kLine)) +
              (line.size() > kLine ? " [...]" : "");
    }
    start = end + 1;
  }
  if (!kept.empty()) return kept;
  return err.size() > kTail ? "[...] " + err.substr(err.size() - kTail) : err;
}

bool ClientKnowsSandbox(Client& client) {
  exec::Command command;
  command.argv = {client.programs().client, "--help"};
  auto out = exec::Run(client.executor(), command, 4 * 1024 * 1024);
  return out.ok() && out->out.find("--sandbox") != std::string::npos;
}

}  // namespace ferry::components::mysql
