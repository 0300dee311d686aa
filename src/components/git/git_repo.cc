#include "components/git/git_repo.h"

#include <utility>

namespace ferry::components::git {
namespace {

// "key\nvalue\0" records of `git config -z --get-regexp`.
std::vector<std::pair<std::string, std::string>> ConfigEntries(const std::string& out) {
  std::vector<std::pair<std::string, std::string>> entries;
  size_t pos = 0;
  while (pos < out.size()) {
    size_t end = out.find('\0', pos);
    if (end == std::string::npos) end = out.size();
    std::string record = out.substr(pos, end - pos);
    size_t nl = record.find('\n');
    if (nl == std::string::npos) {
      entries.emplace_back(record, "");
    } else {
      entries.emplace_back(record.substr(0, nl), record.substr(nl + 1));
    }
    pos = end + 1;
  }
  return entries;
}

// Repository-local config entries matching regexp; none is not an error
// (git exits 1 then).
Result<std::vector<std::pair<std::string, std::string>>> LocalConfig(exec::Executor& executor,
                                                                     const fs::path& repo,
                                                                     const std::string& regexp) {
  FERRY_ASSIGN_OR_RETURN(
      exec::CommandOutput output,
      exec::Run(executor, GitCommand(repo, {"config", "--local", "-z", "--get-regexp", regexp})));
  if (output.exit_code == 1 && output.out.empty())
    return std::vector<std::pair<std::string, std::string>>{};
  if (output.exit_code != 0) {
    return Status::Error("X002", "git config --get-regexp " + regexp + " failed in " +
                                     repo.string() + ": " + output.err);
  }
  return ConfigEntries(output.out);
}

// "section.<name>.var" -> {name, var}; names may contain dots, vars do not.
std::pair<std::string, std::string> SplitKey(const std::string& key, const std::string& section) {
  std::string rest = key.substr(section.size() + 1);
  size_t dot = rest.rfind('.');
  if (dot == std::string::npos) return {rest, ""};
  return {rest.substr(0, dot), rest.substr(dot + 1)};
}

std::string Trim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

}  // namespace

exec::Command GitCommand(const fs::path& repo, std::vector<std::string> args) {
  exec::Command command;
  command.argv = {"git", "--no-optional-locks", "-C", repo.string()};
  command.argv.insert(command.argv.end(), std::make_move_iterator(args.begin()),
                      std::make_move_iterator(args.end()));
  // No prompts (a hidden password prompt would hang the run), C messages.
  command.env = {{"GIT_OPTIONAL_LOCKS", "0"}, {"GIT_TERMINAL_PROMPT", "0"}, {"LC_ALL", "C"}};
  return command;
}

Result<std::string> RunGit(exec::Executor& executor, const fs::path& repo,
                           std::vector<std::string> args) {
  return exec::RunOk(executor, GitCommand(repo, std::move(args)));
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return lines;
}

Result<bool> IsRepository(exec::Executor& executor, const fs::path& repo) {
  // A folder inside some other repository is not this component's repository:
  // the prefix (path below the top level) must be empty.
  auto out = RunGit(executor, repo, {"rev-parse", "--is-inside-work-tree", "--show-prefix"});
  if (out.ok()) return *out == "true\n\n";
  // git ran and said no (X002): not a repository. git missing (X001) or not
  // startable is its own problem, not "not a repository".
  if (out.status().Is("X002")) return false;
  return out.status();
}

Result<RepoFacts> ReadFacts(exec::Executor& executor, const fs::path& repo) {
  RepoFacts facts;
  FERRY_ASSIGN_OR_RETURN(
      std::string refs,
      RunGit(executor, repo, {"for-each-ref", "--format=%(objectname) %(refname)"}));
  for (const std::string& line : Lines(refs)) {
    size_t space = line.find(' ');
    if (space != std::string::npos) facts.refs[line.substr(space + 1)] = line.substr(0, space);
  }
  FERRY_ASSIGN_OR_RETURN(exec::CommandOutput head,
                         exec::Run(executor, GitCommand(repo, {"symbolic-ref", "-q", "HEAD"})));
  if (head.exit_code == 0) {
    std::string ref = Trim(head.out);
    facts.head_branch = ref.rfind("refs/heads/", 0) == 0 ? ref.substr(11) : ref;
  }
  // An unborn branch has no commit: head_commit stays empty.
  FERRY_ASSIGN_OR_RETURN(
      exec::CommandOutput commit,
      exec::Run(executor, GitCommand(repo, {"rev-parse", "-q", "--verify", "HEAD"})));
  if (commit.exit_code == 0) facts.head_commit = Trim(commit.out);

  FERRY_ASSIGN_OR_RETURN(auto remotes, LocalConfig(executor, repo, "^remote\\."));
  for (const auto& [key, value] : remotes) {
    auto [name, var] = SplitKey(key, "remote");
    if (var == "url") facts.remotes[name].url = value;
    if (var == "fetch") facts.remotes[name].fetch.push_back(value);
  }
  FERRY_ASSIGN_OR_RETURN(auto branches,
                         LocalConfig(executor, repo, "^branch\\..*\\.(remote|merge)$"));
  for (const auto& [key, value] : branches) {
    auto [name, var] = SplitKey(key, "branch");
    if (var == "remote") facts.tracking[name].remote = value;
    if (var == "merge") facts.tracking[name].merge = value;
  }
  FERRY_ASSIGN_OR_RETURN(std::string count,
                         RunGit(executor, repo, {"rev-list", "--count", "--all"}));
  facts.commits = std::stoull("0" + Trim(count));
  return facts;
}

nlohmann::json RepoFacts::ToJson() const {
  nlohmann::json remotes_json = nlohmann::json::object();
  for (const auto& [name, remote] : remotes) {
    remotes_json[name] = {{"url", remote.url}, {"fetch", remote.fetch}};
  }
  nlohmann::json tracking_json = nlohmann::json::object();
  for (const auto& [branch, upstream] : tracking) {
    tracking_json[branch] = {{"remote", upstream.remote}, {"merge", upstream.merge}};
  }
  nlohmann::json head = head_branch.empty() ? nlohmann::json{{"detached", head_commit}}
                                            : nlohmann::json{{"branch", head_branch}};
  head["commit"] = head_commit;
  return {{"refs", refs},
          {"head", head},
          {"remotes", remotes_json},
          {"tracking", tracking_json},
          {"commits", commits}};
}

Result<RepoFacts> RepoFacts::FromJson(const nlohmann::json& json) {
  try {
    RepoFacts facts;
    facts.refs = json.at("refs").get<std::map<std::string, std::string>>();
    const nlohmann::json& head = json.at("head");
    facts.head_branch = head.value("branch", "");
    facts.head_commit = head.value("commit", "");
    // Named locals: a range-for over items() of a temporary would dangle.
    const nlohmann::json remotes = json.value("remotes", nlohmann::json::object());
    const nlohmann::json tracking = json.value("tracking", nlohmann::json::object());
    for (const auto& [name, remote] : remotes.items()) {
      facts.remotes[name] = {remote.value("url", ""),
                             remote.value("fetch", std::vector<std::string>{})};
    }
    for (const auto& [branch, upstream] : tracking.items()) {
      facts.tracking[branch] = {upstream.value("remote", ""), upstream.value("merge", "")};
    }
    facts.commits = json.value("commits", uint64_t{0});
    return facts;
  } catch (const nlohmann::json::exception& e) {
    return Status::Error("X004",
                         std::string("git facts in the manifest are malformed: ") + e.what());
  }
}

}  // namespace ferry::components::git
