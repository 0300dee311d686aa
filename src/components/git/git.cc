// The `git` kind: a repository travels as one repo.bundle (`git bundle
// create - --all`, streamed from git's stdout, no temp file; packs are
// already compressed, so no zstd), plus repo.json: the facts (RepoFacts,
// git_repo.h: every ref, HEAD, remotes, upstream tracking, commit count).
// A bundle holds no config, and Restore gets no facts, so the remote URLs
// and upstreams it must set travel in repo.json. Restore (restore.cc)
// rebuilds the repository from both; validate compares refs, HEAD, remotes
// and upstreams with the facts and runs `git fsck`.
#include "components/git/git.h"

#include "components/git/git_repo.h"
#include "components/kinds.h"
#include "components/path_rollback.h"
#include "stream/file_stream.h"

namespace ferry::components {
namespace git {
namespace {

// Bytes a bundle adds beyond the packed objects (its ref list, pack header):
// a margin for the estimate.
constexpr uint64_t kBundleOverhead = 1 << 20;

// OK when ctx.path is the top folder of a repository; S003 when git says it
// is not; git's own failure (X001 when it is missing) otherwise.
Status RequireRepository(const ComponentContext& ctx) {
  FERRY_ASSIGN_OR_RETURN(bool is_repository, IsRepository(ctx.executor, ctx.path));
  if (is_repository) return Status::Ok();
  return Status::Error("S003", ctx.path.string() + " of component '" + ctx.spec.name +
                                   "' is not the top folder of a git repository");
}

using K = stack::KeyType;
using A = stack::KeyAuthority;
constexpr stack::KeySpec kKeys[] = {
    {"path", K::kString, A::kData, 0, 0, /*required=*/true},
};

class GitComponent final : public Component {
 public:
  std::span<const stack::KeySpec> Keys() const override { return kKeys; }
  std::vector<Finding> Check(ComponentContext& ctx) override;
  Result<uint64_t> EstimateBytes(ComponentContext& ctx) override;
  Result<nlohmann::json> Export(ComponentContext& ctx, PayloadWriter& out) override;
  std::vector<Finding> VerifyPayload(ComponentContext& ctx, PayloadReader& in) override {
    return VerifyPayloads(ctx, in);
  }
  Result<nlohmann::json> Restore(ComponentContext& ctx, PayloadReader& in,
                                 const RestoreOptions& options) override {
    return RestoreRepository(ctx, in, options);
  }
  std::vector<Finding> Validate(ComponentContext& ctx, const nlohmann::json& facts) override;
  Status Rollback(ComponentContext& ctx, const nlohmann::json& record) override {
    return RollbackPath(ctx.os, record);
  }
};

std::vector<Finding> GitComponent::Check(ComponentContext& ctx) {
  const std::string& name = ctx.spec.name;
  if (Status repo = RequireRepository(ctx); !repo.ok()) return {FindingFromStatus(repo, name)};
  std::vector<Finding> findings;
  // --no-optional-locks (in GitCommand): plain `git status` rewrites .git/index.
  auto status = RunGit(ctx.executor, ctx.path, {"status", "--porcelain", "--untracked-files=all"});
  if (!status.ok()) {
    findings.push_back(FindingFromStatus(status.status(), name));
  } else if (size_t dirty = Lines(*status).size(); dirty > 0) {
    findings.push_back(MakeFinding(
        "G001", name,
        std::to_string(dirty) + " uncommitted file(s) in " + ctx.path.string() + ", e.g. '" +
            Lines(*status).front().substr(3) + "'; they are not in the bundle"));
  }
  auto facts = ReadFacts(ctx.executor, ctx.path);
  if (!facts.ok()) {
    findings.push_back(FindingFromStatus(facts.status(), name));
    return findings;
  }
  if (facts->remotes.empty()) {
    findings.push_back(
        MakeFinding("G002", name, "no remote is configured in " + ctx.path.string()));
  }
  if (facts->head_branch.empty()) {
    findings.push_back(MakeFinding("G003", name,
                                   "HEAD is detached at " + facts->head_commit.substr(0, 12) +
                                       ": no branch, so nothing tracks a remote"));
  } else if (!facts->tracking.count(facts->head_branch)) {
    findings.push_back(
        MakeFinding("G003", name, "branch '" + facts->head_branch + "' has no upstream"));
  }
  if (facts->head_commit.empty()) {
    findings.push_back(
        MakeFinding("G004", name, "the repository has no commit: git cannot bundle it"));
  }
  // A shallow clone's bundle needs commits the target will not have, so it
  // would fail `git bundle verify` on the medium; say so before export.
  auto shallow = RunGit(ctx.executor, ctx.path, {"rev-parse", "--is-shallow-repository"});
  if (shallow.ok() && *shallow == "true\n") {
    findings.push_back(MakeFinding("G004", name,
                                   "shallow clone: its history is incomplete, so its bundle cannot "
                                   "be restored; run `git fetch --unshallow` first"));
  }
  if (findings.empty()) {
    findings.push_back(PassFinding(name, "clean, branch '" + facts->head_branch + "' tracks " +
                                             facts->tracking[facts->head_branch].remote + ", " +
                                             std::to_string(facts->commits) + " commits, " +
                                             std::to_string(facts->refs.size()) + " refs"));
  }
  return findings;
}

Result<uint64_t> GitComponent::EstimateBytes(ComponentContext& ctx) {
  FERRY_RETURN_IF_ERROR(RequireRepository(ctx));
  FERRY_ASSIGN_OR_RETURN(std::string out, RunGit(ctx.executor, ctx.path, {"count-objects", "-v"}));
  // Loose objects are zlib-compressed one by one; packing only shrinks
  // them, so loose + packed sizes bound the bundle from above.
  uint64_t kib = 0;
  for (const std::string& line : Lines(out)) {
    for (const char* key : {"size: ", "size-pack: "}) {
      if (line.rfind(key, 0) == 0)
        kib += std::stoull(line.substr(std::char_traits<char>::length(key)));
    }
  }
  return kib * 1024 + kBundleOverhead;
}

Result<nlohmann::json> GitComponent::Export(ComponentContext& ctx, PayloadWriter& out) {
  FERRY_RETURN_IF_ERROR(RequireRepository(ctx));
  FERRY_ASSIGN_OR_RETURN(RepoFacts facts, ReadFacts(ctx.executor, ctx.path));
  FERRY_ASSIGN_OR_RETURN(stream::ByteSink * sink, out.Open(kBundleName));
  exec::Command command = GitCommand(ctx.path, {"bundle", "create", "--quiet", "-", "--all"});
  FERRY_ASSIGN_OR_RETURN(auto process, ctx.executor.Start(command));
  stream::ProcessSource source(*process);
  Status copied = stream::Pump(source, *sink, ctx.progress);
  if (!copied.ok()) process->Kill(9);  // a failed write: git must not block on a full pipe
  FERRY_ASSIGN_OR_RETURN(int exit_code, process->Wait());
  FERRY_RETURN_IF_ERROR(copied);
  if (exit_code != 0) {
    return Status::Error("X002", "git bundle create failed in " + ctx.path.string() + " (exit " +
                                     std::to_string(exit_code) + "): " + process->Stderr());
  }
  // A commit or push during the export would leave facts and bundle
  // disagreeing; refuse rather than record facts the bundle does not hold.
  FERRY_ASSIGN_OR_RETURN(RepoFacts after, ReadFacts(ctx.executor, ctx.path));
  if (after.refs != facts.refs || after.head_commit != facts.head_commit) {
    return Status::Error("G004", "refs of " + ctx.path.string() +
                                     " changed while the bundle was written; run the export again");
  }
  nlohmann::json json = facts.ToJson();
  FERRY_ASSIGN_OR_RETURN(stream::ByteSink * facts_sink, out.Open(kFactsName));
  FERRY_RETURN_IF_ERROR(facts_sink->Write(stream::AsBytes(json.dump(2) + "\n")));
  return json;
}

std::vector<Finding> GitComponent::Validate(ComponentContext& ctx, const nlohmann::json& json) {
  const std::string& name = ctx.spec.name;
  auto expected = RepoFacts::FromJson(json);
  if (!expected.ok()) return {FindingFromStatus(expected.status(), name)};
  auto is_repository = IsRepository(ctx.executor, ctx.path);
  if (!is_repository.ok()) return {FindingFromStatus(is_repository.status(), name)};
  if (!*is_repository)
    return {MakeFinding("V002", name, ctx.path.string() + " is not a git repository")};
  auto found = ReadFacts(ctx.executor, ctx.path);
  if (!found.ok()) return {FindingFromStatus(found.status(), name)};
  std::vector<Finding> findings = CompareFacts(name, *expected, *found);
  auto fsck = exec::Run(ctx.executor, GitCommand(ctx.path, {"fsck", "--no-progress", "--full"}));
  if (!fsck.ok()) {
    findings.push_back(FindingFromStatus(fsck.status(), name));
  } else if (fsck->exit_code != 0) {
    findings.push_back(MakeFinding("V002", name,
                                   "git fsck reports damage in " + ctx.path.string() + ": " +
                                       fsck->out.substr(0, 500) + fsck->err.substr(0, 500)));
  }
  if (findings.empty()) {
    findings.push_back(PassFinding(name, std::to_string(found->refs.size()) + " refs, HEAD " +
                                             found->head_commit.substr(0, 12) +
                                             " match the export; git fsck clean"));
  }
  return findings;
}

}  // namespace
}  // namespace git

std::unique_ptr<Component> NewGitComponent() { return std::make_unique<git::GitComponent>(); }

}  // namespace ferry::components
