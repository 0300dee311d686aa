// Reading a git repository through the `git` program (run via the
// component's Executor), and the facts ferry records about it.
//
// Every command runs with GIT_OPTIONAL_LOCKS=0 and --no-optional-locks:
// without them `git status` refreshes and rewrites .git/index, and the source
// must never be modified (DESIGN.md promise 1).
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "diag/status.h"
#include "exec/executor.h"

namespace ferry::components::git {

namespace fs = std::filesystem;

// The argv of `git -C repo <args...>` and its environment.
exec::Command GitCommand(const fs::path& repo, std::vector<std::string> args);
// Runs git in repo; stdout, or X002 quoting git's stderr.
Result<std::string> RunGit(exec::Executor& executor, const fs::path& repo,
                           std::vector<std::string> args);
// Splits output into lines, without the trailing empty one.
std::vector<std::string> Lines(const std::string& text);

struct Remote {
  std::string url;
  std::vector<std::string> fetch;  // refspecs, in config order
};

struct Tracking {
  std::string remote;  // branch.<name>.remote
  std::string merge;   // branch.<name>.merge, e.g. refs/heads/main
};

// What export records and validate compares. As JSON (ToJson) it is the
// component's facts in the manifest.
struct RepoFacts {
  std::map<std::string, std::string> refs;  // full ref name -> object id
  std::string head_branch;                  // "main"; empty when detached
  std::string head_commit;                  // object id HEAD points at
  std::map<std::string, Remote> remotes;
  std::map<std::string, Tracking> tracking;  // local branch -> upstream
  uint64_t commits = 0;                      // reachable from any ref

  nlohmann::json ToJson() const;
  static Result<RepoFacts> FromJson(const nlohmann::json& json);
};

// True when `git rev-parse` sees a work tree whose top folder is repo; false
// when git says it is not one; an error when git itself could not run (X001:
// not installed), which callers must not report as "not a repository".
Result<bool> IsRepository(exec::Executor& executor, const fs::path& repo);
// Reads the facts of the repository at repo; only read-only commands.
Result<RepoFacts> ReadFacts(exec::Executor& executor, const fs::path& repo);

}  // namespace ferry::components::git
