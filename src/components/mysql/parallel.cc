#include "components/mysql/parallel.h"

#include "archive/safe_extract.h"
#include "archive/tar_writer.h"
#include "components/mysql/dump.h"
#include "stream/zstd.h"

namespace ferry::components::mysql {
namespace {

constexpr std::string_view kParallelSuffix = ".mydumper.tar.zst";
// mydumper renames metadata.partial to this when the dump has finished.
constexpr const char* kCompleteMarker = "metadata";

uint64_t OptionNumber(const nlohmann::json& options, const char* key, uint64_t fallback) {
  if (!options.is_object() || !options.contains(key)) return fallback;
  const nlohmann::json& v = options[key];
  if (v.is_number_unsigned() || (v.is_number_integer() && v.get<int64_t>() > 0))
    return v.get<uint64_t>();
  return fallback;
}

int Threads(const ComponentContext& ctx) {
  return static_cast<int>(std::min<uint64_t>(OptionNumber(ctx.spec.options, "threads", 4), 64));
}

std::string TrimmedStderr(platform::Process& process) {
  std::string err = process.Stderr();
  while (!err.empty() && (err.back() == '\n' || err.back() == '\r')) err.pop_back();
  return err;
}

// Runs one of the tools to its end (their output goes to files, their log
// to stderr) and maps a failure: N011 for a refused login or no server,
// else failure_code with the tool's stderr.
Status RunTool(Client& client, exec::Command command, Code failure_code, const std::string& what) {
  const std::string program = command.argv[0];
  command.pipe_stdout = false;
  FERRY_ASSIGN_OR_RETURN(auto process, client.executor().Start(command));
  FERRY_ASSIGN_OR_RETURN(int exit_code, process->Wait());
  if (exit_code == 0) return Status::Ok();
  std::string err = TrimmedStderr(*process);
  if (err.find("Failed to connect to database") != std::string::npos) {
    std::string cause = err.find("Access denied") != std::string::npos
                            ? "the server refused the user or password"
                            : "no MySQL/MariaDB server answers at that address";
    return Status::Error(
        "N011", cause + " (" + program + " on " + client.executor().Describe() + "): " + err);
  }
  std::string how = exit_code > 128 ? "was killed by signal " + std::to_string(exit_code - 128)
                                    : "exited with " + std::to_string(exit_code);
  return Status::Error(failure_code, what + ": " + program + " " + how +
                                         (err.empty() ? "" : ": " + ErrorLines(err)));
}

Status NeedProgram(Client& client, const std::string& program) {
  if (client.executor().HasProgram(program)) return Status::Ok();
  return Status::Error("X001", "'" + program + "' not found on " + client.executor().Describe() +
                                   " (engine = \"mydumper\" needs the mydumper package)");
}

}  // namespace

Result<Engine> EngineOf(const ComponentContext& ctx) {
  const nlohmann::json& o = ctx.spec.options;
  if (!o.is_object() || !o.contains("engine")) return Engine::kDump;
  const std::string engine = o["engine"].is_string() ? o["engine"].get<std::string>() : "";
  if (engine == "dump") return Engine::kDump;
  if (engine != "mydumper") {
    return Status::Error("S001", "component '" + ctx.spec.name +
                                     "': engine must be \"dump\" or "
                                     "\"mydumper\"");
  }
  if (!ctx.spec.container.empty()) {
    return Status::Error("X003",
                         "component '" + ctx.spec.name +
                             "': engine \"mydumper\" runs on the "
                             "host only (its staging folder is not shared with container '" +
                             ctx.spec.container +
                             "'); drop `container` and connect to the "
                             "published port, or use engine = \"dump\"");
  }
  return Engine::kMydumper;
}

std::string ParallelPayloadName(const std::string& db) { return db + std::string(kParallelSuffix); }

std::optional<std::string> DatabaseOfParallelPayload(const std::string& file_name) {
  if (file_name.size() <= kParallelSuffix.size() || !file_name.ends_with(kParallelSuffix)) {
    return std::nullopt;
  }
  return file_name.substr(0, file_name.size() - kParallelSuffix.size());
}

std::vector<std::string> MydumperArguments(const std::string& db, const std::string& dir,
                                           int threads, uint64_t chunk_rows) {
  return {"--database",
          db,
          "--outputdir",
          dir,
          "--threads",
          std::to_string(threads),
          "--rows",
          std::to_string(chunk_rows),
          "--trx-consistency-only",
          "--routines",
          "--triggers",
          "--events",
          "--verbose",
          "1"};
}

Result<Staging> ParallelDump(ComponentContext& ctx, Client& client, const std::string& db) {
  FERRY_RETURN_IF_ERROR(NeedProgram(client, "mydumper"));
  FERRY_ASSIGN_OR_RETURN(Staging staging, Staging::Make(ctx.os, "ferry-mydumper", "DB011"));
  const fs::path dir = staging.dir() / "dump";
  exec::Command command = client.MakeParallelCommand(
      "mydumper", MydumperArguments(db, dir.string(), Threads(ctx),
                                    OptionNumber(ctx.spec.options, "chunk_rows", 100000)));
  FERRY_RETURN_IF_ERROR(
      RunTool(client, command, "DB011", "dump of database '" + db + "' is incomplete"));
  if (!ctx.os.Exists(dir / kCompleteMarker)) {
    return Status::Error("DB011",
                         "dump of database '" + db + "' is incomplete: mydumper left no '" +
                             std::string(kCompleteMarker) + "' file, the mark of a finished dump");
  }
  return staging;
}

Status PackParallelDump(ComponentContext& ctx, const Staging& dumped, stream::ByteSink& sink,
                        const std::function<void(uint64_t)>& progress) {
  return archive::WriteTar(ctx.os, dumped.dir() / "dump", archive::PathFilter(), sink, progress)
      .status();
}

Status ParallelImport(ComponentContext& ctx, Client& client, stream::ByteSource& compressed,
                      const std::function<void(uint64_t)>& progress) {
  FERRY_RETURN_IF_ERROR(NeedProgram(client, "myloader"));
  FERRY_ASSIGN_OR_RETURN(Staging staging, Staging::Make(ctx.os, "ferry-myloader", "D003"));
  const fs::path dir = staging.dir() / "dump";
  stream::ZstdDecompressSource plain(compressed);
  archive::ExtractOptions options;
  options.progress = progress;
  bool complete = false;
  options.on_entry = [&](const std::string& name) {
    complete = complete || name == kCompleteMarker;
  };
  FERRY_RETURN_IF_ERROR(archive::SafeExtract(plain, dir, options).status());
  if (!complete) {
    return Status::Error("DB011", "the mydumper payload holds no '" + std::string(kCompleteMarker) +
                                      "' file: it is not a finished dump");
  }
  // Connector/C reads [client] and the tool's own group; large BLOB rows
  // need the client-side packet limit raised as well as the server's.
  exec::Command command = client.MakeParallelCommand(
      "myloader",
      {"--directory", dir.string(), "--threads", std::to_string(Threads(ctx)), "--verbose", "1"},
      "[myloader]\nmax-allowed-packet=1073741824\n");
  return RunTool(client, command, "D003", "import failed");
}

std::vector<Finding> ParallelChecks(ComponentContext& ctx, Client& client,
                                    const std::vector<std::string>& dbs) {
  const std::string& name = ctx.spec.name;
  auto engine = EngineOf(ctx);
  if (!engine.ok()) return {FindingFromStatus(engine.status(), name)};
  if (*engine != Engine::kMydumper || dbs.empty()) return {};
  std::vector<Finding> findings;
  Status present = NeedProgram(client, "mydumper");
  if (!present.ok()) findings.push_back(FindingFromStatus(present, name));
  std::string in;
  for (const std::string& db : dbs) in += (in.empty() ? "" : ",") + QuoteString(db);
  auto rows = client.Query(
      "SELECT IFNULL(MAX(bytes), 0) FROM (SELECT SUM(DATA_LENGTH) AS bytes FROM "
      "information_schema.TABLES WHERE TABLE_SCHEMA IN (" +
      in +
      ") GROUP BY "
      "TABLE_SCHEMA) AS per_database;\n");
  if (!rows.ok()) return findings.push_back(FindingFromStatus(rows.status(), name)), findings;
  const uint64_t largest =
      rows->empty() || rows->front().empty() ? 0 : std::stoull(rows->front()[0]);
  // SQL text of a row is about its stored size; hex-free, so 2x is ample.
  const uint64_t needed = 2 * largest + (64 << 20);
  const fs::path tmp = ctx.os.TempDir();
  auto space = ctx.os.DiskSpace(tmp);
  if (!space.ok()) return findings.push_back(FindingFromStatus(space.status(), name)), findings;
  if (space->available < needed) {
    findings.push_back(MakeFinding("FS005", name,
                                   "engine \"mydumper\" stages each database's uncompressed "
                                   "dump under " +
                                       tmp.string() + ": about " + std::to_string(needed >> 20) +
                                       " MiB needed for the largest, " +
                                       std::to_string(space->available >> 20) +
                                       " MiB free there; point TMPDIR at a larger disk"));
  }
  return findings;
}

Result<uint64_t> CheckParallelPayload(stream::ByteSource& compressed) {
  stream::ZstdDecompressSource plain(compressed);
  archive::ExtractOptions options;
  options.list_only = true;
  bool complete = false;
  options.on_entry = [&](const std::string& name) {
    complete = complete || name == kCompleteMarker;
  };
  FERRY_ASSIGN_OR_RETURN(archive::ExtractSummary summary,
                         archive::SafeExtract(plain, "/nonexistent-list-only", options));
  if (!complete) {
    return Status::Error("DB011", "holds no '" + std::string(kCompleteMarker) +
                                      "' file: not a finished "
                                      "mydumper dump");
  }
  return summary.entries;
}

}  // namespace ferry::components::mysql
