#include "components/neo4j/admin.h"

#include <algorithm>
#include <cctype>

namespace ferry::components::neo4j {
namespace {

bool ContainsNoCase(std::string_view text, std::string_view needle) {
  auto it = std::search(text.begin(), text.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  });
  return it != text.end();
}

// The last non-empty line: neo4j-admin prints a stack trace or usage first
// and its verdict last.
std::string LastLine(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
    text.remove_suffix(1);
  size_t nl = text.rfind('\n');
  return std::string(nl == std::string_view::npos ? text : text.substr(nl + 1));
}

// The cause among neo4j-admin's "... ERROR [class] message" log lines: the
// first "Failed to ..." one (the last is only a summary, "Dump failed for
// databases: 'neo4j'"), else the last.
std::string CauseLine(std::string_view text) {
  std::string found;
  size_t at = 0;
  while (at < text.size()) {
    size_t nl = text.find('\n', at);
    std::string_view line = text.substr(at, nl == std::string_view::npos ? nl : nl - at);
    if (size_t e = line.find(" ERROR "); e != std::string_view::npos) {
      line.remove_prefix(e + 7);
      if (!line.empty() && line.front() == '[')
        if (size_t close = line.find("] "); close != std::string_view::npos)
          line.remove_prefix(close + 2);
      if (found.rfind("Failed to", 0) != 0) found = std::string(line);
    }
    if (nl == std::string_view::npos) break;
    at = nl + 1;
  }
  return found;
}

}  // namespace

Result<AdminSyntax> AdminSyntaxFor(std::string_view agent) {
  std::string_view v = agent;
  if (size_t slash = v.find('/'); slash != std::string_view::npos) v = v.substr(slash + 1);
  int major = 0, minor = 0;
  size_t i = 0;
  for (; i < v.size() && std::isdigit(static_cast<unsigned char>(v[i])); ++i)
    major = major * 10 + (v[i] - '0');
  if (i == 0 || major > 100000)
    return Status::Error("X003", "cannot tell the Neo4j version from '" + std::string(agent) +
                                     "'; physical mode needs 4.4, 5.x or 2025.x and later");
  if (i < v.size() && v[i] == '.')
    for (++i; i < v.size() && std::isdigit(static_cast<unsigned char>(v[i])); ++i)
      minor = minor * 10 + (v[i] - '0');
  // Calendar versions (2025.x) kept the 5.x command line.
  if (major >= 5) return AdminSyntax::kV5;
  if (major == 4 && minor >= 4) return AdminSyntax::kV44;
  return Status::Error("X003", "Neo4j " + std::string(v) +
                                   " is older than 4.4; physical mode supports 4.4, 5.x and "
                                   "2025.x (logical mode reads 4.4 and later)");
}

std::string DumpFileName(const std::string& database) { return database + ".dump"; }

std::vector<std::string> DumpArgv(AdminSyntax syntax, const std::string& database,
                                  const std::string& dir) {
  if (syntax == AdminSyntax::kV44)
    return {"neo4j-admin", "dump", "--database=" + database,
            "--to=" + dir + "/" + DumpFileName(database)};
  return {"neo4j-admin", "database", "dump", database, "--to-path=" + dir};
}

std::vector<std::string> LoadArgv(AdminSyntax syntax, const std::string& database,
                                  const std::string& dir, bool overwrite) {
  std::vector<std::string> argv;
  if (syntax == AdminSyntax::kV44)
    argv = {"neo4j-admin", "load", "--from=" + dir + "/" + DumpFileName(database),
            "--database=" + database};
  else
    argv = {"neo4j-admin", "database", "load", database, "--from-path=" + dir};
  if (overwrite)
    argv.push_back(syntax == AdminSyntax::kV44 ? "--force" : "--overwrite-destination=true");
  return argv;
}

Status AdminFailure(std::string_view operation, int exit_code, std::string_view stderr_text,
                    std::string_view stdout_text) {
  const std::string both = std::string(stderr_text) + "\n" + std::string(stdout_text);
  const std::string_view err = both;
  std::string what = "neo4j-admin " + std::string(operation) + " failed (exit " +
                     std::to_string(exit_code) + "): ";
  // Community edition cannot stop one database; the store lock is held by
  // the running server, so the whole server must be stopped.
  if (ContainsNoCase(err, "database is in use") || ContainsNoCase(err, "FileLockException") ||
      ContainsNoCase(err, "store is locked"))
    return Status::Error("D002", what +
                                     "the database is in use. Stop Neo4j first (`neo4j stop`, "
                                     "or stop its container), then run again");
  // The store was not shut down cleanly, so its transaction log is ahead of
  // the store files; a clean start and stop recovers and checkpoints it.
  if (ContainsNoCase(err, "Active logical log detected") || ContainsNoCase(err, "needs recovery") ||
      ContainsNoCase(err, "requires recovery"))
    return Status::Error("D002", what +
                                     "the database was not shut down cleanly (active logical "
                                     "log). Start Neo4j once so it recovers, stop it cleanly, "
                                     "then run again");
  if (ContainsNoCase(err, "store version") || ContainsNoCase(err, "store format") ||
      ContainsNoCase(err, "UnexpectedUpgradingStoreVersion") ||
      ContainsNoCase(err, "not supported by this version") || ContainsNoCase(err, "newer version"))
    return Status::Error("D002", what +
                                     "the store or dump was written by another Neo4j version "
                                     "(store version). Load it with that version or a newer "
                                     "one, or use mode = \"logical\", which crosses versions");
  if (ContainsNoCase(err, "Permission denied") || ContainsNoCase(err, "AccessDenied") ||
      ContainsNoCase(err, "do not have permission"))
    return Status::Error("D002", what +
                                     "permission denied on the store or dump directory. Run as "
                                     "the user that owns the Neo4j data (usually neo4j), or fix "
                                     "the ownership (chown -R neo4j:neo4j on the data directory)");
  if (ContainsNoCase(err, "already exists") || ContainsNoCase(err, "overwrite-destination") ||
      ContainsNoCase(err, "use --force"))
    return Status::Error("D002", what +
                                     "the target database already exists. `ferry restore "
                                     "--force` replaces it (after dumping it as the rollback "
                                     "copy)");
  if (ContainsNoCase(err, "No space left"))
    return Status::Error("D002", what +
                                     "no space left on the device. Free space (> 1 GB), then "
                                     "run again");
  std::string last = CauseLine(stdout_text);
  if (last.empty()) last = LastLine(stderr_text);
  return Status::Error("D002", what + (last.empty() ? "no message" : last));
}

Result<AdminSyntax> DetectAdminSyntax(exec::Executor& executor) {
  if (!executor.HasProgram("neo4j-admin"))
    return Status::Error("X001", "neo4j-admin is not installed on " + executor.Describe() +
                                     "; physical mode needs it (or use mode = \"logical\")");
  exec::Command command;
  command.argv = {"neo4j-admin", "--version"};
  FERRY_ASSIGN_OR_RETURN(exec::CommandOutput out, exec::Run(executor, command, 64 * 1024));
  if (out.exit_code != 0) return AdminFailure("--version", out.exit_code, out.err, out.out);
  // The version is the last word of the first line in both 4.4 and 5.x.
  std::string_view text = out.out;
  text = text.substr(0, std::min(text.find('\n'), text.size()));
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) text.remove_suffix(1);
  size_t space = text.rfind(' ');
  return AdminSyntaxFor(space == std::string_view::npos ? text : text.substr(space + 1));
}

Status RunAdmin(exec::Executor& executor, std::string_view operation,
                const std::vector<std::string>& argv) {
  exec::Command command;
  command.argv = argv;
  FERRY_ASSIGN_OR_RETURN(exec::CommandOutput out, exec::Run(executor, command, 1024 * 1024));
  if (out.exit_code != 0) return AdminFailure(operation, out.exit_code, out.err, out.out);
  return Status::Ok();
}

}  // namespace ferry::components::neo4j
