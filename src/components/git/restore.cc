// Restore of a git repository: the bundle is fetched ref for ref into a
// fresh repository in <target>.ferry-staging (`git clone` would rename
// every branch to refs/remotes/origin/* and point origin at the bundle),
// HEAD, the work tree, the remotes and the upstreams are set as they were,
// and only then is the staging folder moved into place.
#include "components/git/git.h"
#include "components/path_rollback.h"

namespace ferry::components::git {
namespace {

// Runs one restore step in repo; a failure is G005, naming the step.
Status Step(ComponentContext& ctx, const fs::path& repo, std::vector<std::string> args) {
  const std::string step = "git " + args.front();
  auto out = exec::Run(ctx.executor, GitCommand(repo, std::move(args)));
  if (!out.ok()) return Status::Error("G005", step + ": " + out.status().ToString());
  if (out->exit_code != 0) {
    return Status::Error("G005", step + " failed in " + repo.string() + ": " + out->err);
  }
  return Status::Ok();
}

// Builds the repository in staging (which must not exist).
Status BuildStaging(ComponentContext& ctx, const fs::path& bundle, const RepoFacts& facts,
                    const fs::path& staging) {
  FERRY_RETURN_IF_ERROR(Step(ctx, staging.parent_path(), {"init", "--quiet", staging.string()}));
  // Every ref under its own name (refs/heads, refs/tags, refs/remotes...);
  // --update-head-ok because the fresh HEAD may name one of them.
  std::vector<std::string> fetch = {"fetch",        "--quiet",       "--update-head-ok",
                                    "--no-auto-gc", bundle.string(), "+refs/*:refs/*"};
  // A detached HEAD's commit may sit on no ref; fetch it too.
  if (facts.head_branch.empty()) fetch.push_back("HEAD");
  FERRY_RETURN_IF_ERROR(Step(ctx, staging, std::move(fetch)));
  if (!facts.head_branch.empty()) {
    FERRY_RETURN_IF_ERROR(
        Step(ctx, staging, {"symbolic-ref", "HEAD", "refs/heads/" + facts.head_branch}));
  } else {
    FERRY_RETURN_IF_ERROR(
        Step(ctx, staging, {"update-ref", "--no-deref", "HEAD", facts.head_commit}));
  }
  FERRY_RETURN_IF_ERROR(Step(ctx, staging, {"reset", "--quiet", "--hard"}));
  for (const auto& [name, remote] : facts.remotes) {
    FERRY_RETURN_IF_ERROR(Step(ctx, staging, {"config", "remote." + name + ".url", remote.url}));
    for (const std::string& spec : remote.fetch) {
      FERRY_RETURN_IF_ERROR(
          Step(ctx, staging, {"config", "--add", "remote." + name + ".fetch", spec}));
    }
  }
  for (const auto& [branch, upstream] : facts.tracking) {
    FERRY_RETURN_IF_ERROR(
        Step(ctx, staging, {"config", "branch." + branch + ".remote", upstream.remote}));
    FERRY_RETURN_IF_ERROR(
        Step(ctx, staging, {"config", "branch." + branch + ".merge", upstream.merge}));
  }
  return Status::Ok();
}

}  // namespace

Result<nlohmann::json> RestoreRepository(ComponentContext& ctx, PayloadReader& in,
                                         const RestoreOptions& options) {
  const fs::path& target = ctx.path;
  const fs::path staging = StagingOf(target);
  FERRY_ASSIGN_OR_RETURN(bool empty,
                         CheckReplaceable(ctx.os, target, options.force, options.rollback_dir));
  FERRY_ASSIGN_OR_RETURN(RepoFacts facts, ReadFactsPayload(in));
  const fs::path bundle = in.LocalPath(kBundleName);
  if (options.dry_run) {
    if (!empty) {
      options.say("would move " + target.string() + " aside to " + options.rollback_dir.string() +
                  " (kept for rollback)");
    }
    options.say("would rebuild the repository from " + bundle.string() + " in " + staging.string() +
                " (" + std::to_string(facts.refs.size()) + " refs, HEAD " +
                (facts.head_branch.empty() ? facts.head_commit : facts.head_branch) +
                "), then move it to " + target.string());
    return nlohmann::json(nullptr);
  }

  FERRY_RETURN_IF_ERROR(ctx.os.CreateDirs(target.parent_path()));
  FERRY_RETURN_IF_ERROR(ClearLeftoverStaging(ctx.os, staging, options.say));
  // Built completely before the target is touched: a failed step leaves
  // the old target as it was.
  Status built = BuildStaging(ctx, bundle, facts, staging);
  if (!built.ok()) {
    if (ctx.os.Exists(staging)) (void)ctx.os.RemoveTree(staging);  // the error matters more
    return built;
  }
  FERRY_ASSIGN_OR_RETURN(nlohmann::json record,
                         SetTargetAside(ctx.os, target, empty, options.rollback_dir));
  FERRY_RETURN_IF_ERROR(CommitStaged(ctx.os, staging, target));
  return record;
}

}  // namespace ferry::components::git
