// Checks of the payloads on the medium and of a restored repository.
#include <set>

#include "components/git/git.h"

namespace ferry::components::git {
namespace {

std::string Short(const std::string& id) { return id.empty() ? "(none)" : id; }

constexpr size_t kMaxFactsBytes = 64 << 20;

}  // namespace

Result<RepoFacts> ReadFactsPayload(PayloadReader& in) {
  FERRY_ASSIGN_OR_RETURN(auto source, in.Open(kFactsName));
  FERRY_ASSIGN_OR_RETURN(std::optional<std::string> text, stream::ReadAll(*source, kMaxFactsBytes));
  if (!text) return Status::Error("FS002", std::string(kFactsName) + " is implausibly large");
  auto json = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return Status::Error("FS002", std::string(kFactsName) + " is not JSON");
  return RepoFacts::FromJson(json);
}

std::vector<Finding> VerifyPayloads(ComponentContext& ctx, PayloadReader& in) {
  auto facts = ReadFactsPayload(in);
  if (!facts.ok()) return {FindingFromStatus(facts.status(), ctx.spec.name)};
  return VerifyBundle(ctx, in.LocalPath(kBundleName));
}

std::vector<Finding> VerifyBundle(ComponentContext& ctx, const fs::path& bundle) {
  const std::string& name = ctx.spec.name;
  if (!ctx.os.Exists(bundle)) {
    return {MakeFinding("G004", name, "bundle " + bundle.string() + " is missing")};
  }
  // git needs a repository to verify a bundle in; an empty one proves the
  // bundle is complete (no prerequisite commits) as well.
  const fs::path scratch =
      ctx.os.TempDir() / ("ferry-bundle-check-" + std::to_string(ctx.os.ProcessId()) + "-" + name);
  if (ctx.os.Exists(scratch)) (void)ctx.os.RemoveTree(scratch);  // left by a killed run
  std::vector<Finding> findings;
  auto run = [&](std::vector<std::string> args) -> Status {
    auto out = exec::Run(ctx.executor, GitCommand(scratch, std::move(args)));
    if (!out.ok()) return out.status();
    if (out->exit_code != 0) return Status::Error("G004", out->err);
    return Status::Ok();
  };
  Status checked = ctx.os.CreateDirs(scratch);
  if (checked.ok()) checked = run({"init", "--quiet", "--bare"});
  if (checked.ok()) checked = run({"bundle", "verify", "--quiet", bundle.string()});
  // unbundle runs index-pack: every object is inflated and its hash checked.
  if (checked.ok()) checked = run({"bundle", "unbundle", bundle.string()});
  (void)ctx.os.RemoveTree(scratch);  // scratch only; a failure here is harmless
  if (!checked.ok()) {
    findings.push_back(MakeFinding(
        "G004", name, bundle.filename().string() + " fails verification: " + checked.message()));
  } else {
    findings.push_back(PassFinding(
        name, bundle.filename().string() + " verified: complete history, every object intact"));
  }
  return findings;
}

std::vector<Finding> CompareFacts(const std::string& component, const RepoFacts& expected,
                                  const RepoFacts& found) {
  std::vector<Finding> findings;
  auto differs = [&](const std::string& what) {
    findings.push_back(MakeFinding("V002", component, what));
  };
  std::set<std::string> names;
  for (const auto& [ref, id] : expected.refs) names.insert(ref);
  for (const auto& [ref, id] : found.refs) names.insert(ref);
  for (const std::string& ref : names) {
    auto want = expected.refs.find(ref);
    auto have = found.refs.find(ref);
    std::string want_id = want == expected.refs.end() ? "" : want->second;
    std::string have_id = have == found.refs.end() ? "" : have->second;
    if (want_id != have_id) {
      differs("ref " + ref + ": exported " + Short(want_id) + ", restored " + Short(have_id));
    }
  }
  if (expected.head_branch != found.head_branch) {
    differs("HEAD: exported on branch '" + expected.head_branch + "', restored on '" +
            found.head_branch + "' (empty: detached)");
  }
  if (expected.head_commit != found.head_commit) {
    differs("HEAD commit: exported " + Short(expected.head_commit) + ", restored " +
            Short(found.head_commit));
  }
  for (const auto& [remote, config] : expected.remotes) {
    auto have = found.remotes.find(remote);
    std::string url = have == found.remotes.end() ? "(no such remote)" : have->second.url;
    if (url != config.url) {
      differs("remote " + remote + ": exported URL " + config.url + ", restored " + url);
    }
  }
  for (const auto& [branch, upstream] : expected.tracking) {
    auto have = found.tracking.find(branch);
    if (have == found.tracking.end() || have->second.remote != upstream.remote ||
        have->second.merge != upstream.merge) {
      differs("branch " + branch + " no longer tracks " + upstream.remote + " " + upstream.merge);
    }
  }
  return findings;
}

}  // namespace ferry::components::git
