// The git kind against real git in temp folders: a repository with history,
// two branches, an annotated tag, a remote and an upstream. Nothing mocked.
#include <gtest/gtest.h>

#include <fstream>

#include "archive/testing/tree_fixtures.h"
#include "components/git/git_repo.h"
#include "components/kinds.h"
#include "components/testing/adapter_test.h"
#include "components/testing/findings_text.h"

namespace ferry::components {
namespace {

namespace fs = std::filesystem;
using archive::testing::Describe;
using archive::testing::WriteFile;

using testing::FindingsText;
using testing::HasCode;

class GitComponentTest : public testing::AdapterTest {
 protected:
  GitComponentTest() : AdapterTest("git", "repo", NewGitComponent()) { MakeRepository(); }

  // Runs git in dir with a fixed identity; fails the test on error.
  std::string G(const fs::path& dir, std::vector<std::string> args) {
    exec::Command command = git::GitCommand(dir, std::move(args));
    command.env.push_back({"GIT_AUTHOR_NAME", "Test"});
    command.env.push_back({"GIT_AUTHOR_EMAIL", "test@example.org"});
    command.env.push_back({"GIT_COMMITTER_NAME", "Test"});
    command.env.push_back({"GIT_COMMITTER_EMAIL", "test@example.org"});
    auto out = exec::RunOk(exec_, command);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() ? *out : "";
  }
  std::string Trimmed(const fs::path& dir, std::vector<std::string> args) {
    std::string out = G(dir, std::move(args));
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }
  void Commit(const std::string& file, const std::string& content) {
    WriteFile(src_ / file, content);
    G(src_, {"add", file});
    G(src_, {"commit", "--quiet", "--no-gpg-sign", "-m", "change " + file});
  }
  void MakeRepository() {
    G(tmp_.path(), {"init", "--quiet", "--bare", "-b", "main", origin_.string()});
    G(tmp_.path(), {"init", "--quiet", "-b", "main", src_.string()});
    Commit("README.md", "# demo\n");
    Commit("src/app.py", "print('hi')\n");
    G(src_, {"tag", "-a", "v1.0", "-m", "release 1.0"});
    G(src_, {"checkout", "--quiet", "-b", "feature"});
    Commit("src/feature.py", "feature = True\n");
    G(src_, {"checkout", "--quiet", "main"});
    Commit("CHANGES", "1.1\n");
    G(src_, {"remote", "add", "origin", origin_.string()});
    G(src_, {"push", "--quiet", "-u", "origin", "main", "feature", "--tags"});
  }

  fs::path origin_ = tmp_.path() / "origin.git";
};

TEST_F(GitComponentTest, CleanTrackedRepositoryHasNoFindings) {
  auto findings = Check(src_);
  EXPECT_FALSE(HasFailures(findings)) << FindingsText(findings);
}

TEST_F(GitComponentTest, DirtyTreeIsG001WithTheCount) {
  WriteFile(src_ / "README.md", "# changed\n");
  WriteFile(src_ / "notes.txt", "untracked\n");
  WriteFile(src_ / "new/deep.txt", "untracked too\n");
  auto findings = Check(src_);
  ASSERT_TRUE(HasCode(findings, "G001")) << FindingsText(findings);
  EXPECT_NE(FindingsText(findings).find("3 uncommitted"), std::string::npos)
      << FindingsText(findings);
  EXPECT_EQ(findings.front().severity, Severity::kCritical);
}

TEST_F(GitComponentTest, NoRemoteIsG002) {
  G(src_, {"remote", "remove", "origin"});
  EXPECT_TRUE(HasCode(Check(src_), "G002"));
}

TEST_F(GitComponentTest, NoUpstreamIsG003) {
  G(src_, {"branch", "--unset-upstream"});
  auto findings = Check(src_);
  EXPECT_TRUE(HasCode(findings, "G003")) << FindingsText(findings);
  EXPECT_FALSE(HasCode(findings, "G002"));
}

TEST_F(GitComponentTest, DetachedHeadIsG003SayingSo) {
  G(src_, {"checkout", "--quiet", "--detach", "HEAD~1"});
  auto findings = Check(src_);
  ASSERT_TRUE(HasCode(findings, "G003"));
  EXPECT_NE(FindingsText(findings).find("detached"), std::string::npos) << FindingsText(findings);
}

TEST_F(GitComponentTest, ShallowCloneIsG004AtCheck) {
  const fs::path shallow = tmp_.path() / "shallow";
  G(tmp_.path(),
    {"clone", "--quiet", "--depth", "1", "file://" + origin_.string(), shallow.string()});
  auto findings = Check(shallow);
  EXPECT_TRUE(HasCode(findings, "G004")) << FindingsText(findings);
}

TEST_F(GitComponentTest, NotARepositoryIsS003) {
  fs::create_directories(tmp_.path() / "plain");
  EXPECT_TRUE(HasCode(Check(tmp_.path() / "plain"), "S003"));
  EXPECT_TRUE(HasCode(Check(src_ / "src"), "S003")) << "a subfolder is not the repository";
}

TEST_F(GitComponentTest, CheckAndExportLeaveDotGitByteIdentical) {
  // Make the index stale (same content, new mtime): a plain `git status`
  // would now refresh and rewrite .git/index.
  fs::last_write_time(src_ / "README.md", fs::file_time_type::clock::now() + std::chrono::hours(1));
  const auto before = Describe(src_ / ".git");
  (void)Check(src_);
  ComponentContext ctx = Ctx(src_);
  ASSERT_TRUE(adapter_->EstimateBytes(ctx).ok());
  ASSERT_TRUE(Export().ok());
  EXPECT_EQ(Describe(src_ / ".git"), before) << "check or export modified the source";
  // The test can see what it guards against: plain status does write.
  exec::Command plain_status;
  plain_status.argv = {"git", "-C", src_.string(), "status"};
  ASSERT_TRUE(exec::RunOk(exec_, plain_status).ok());
  EXPECT_NE(Describe(src_ / ".git"), before);
}

TEST_F(GitComponentTest, RoundTripKeepsRefsHeadRemoteAndUpstream) {
  auto facts = Export();
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  EXPECT_EQ((*facts)["head"]["branch"], "main");
  EXPECT_TRUE((*facts)["refs"].contains("refs/tags/v1.0"));
  EXPECT_EQ((*facts)["commits"], 4);
  ComponentContext ctx = Ctx(src_);
  auto estimate = adapter_->EstimateBytes(ctx);
  ASSERT_TRUE(estimate.ok());
  EXPECT_GE(*estimate, fs::file_size(medium_ / "repo.bundle"));

  auto verified = VerifyPayload();
  EXPECT_FALSE(HasFailures(verified)) << FindingsText(verified);
  auto record = Restore();
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_TRUE(record->is_null());
  auto findings = Validate(*facts);
  EXPECT_FALSE(HasFailures(findings)) << FindingsText(findings);

  auto restored = git::ReadFacts(exec_, target_);
  ASSERT_TRUE(restored.ok());
  EXPECT_EQ(restored->ToJson(), *facts);
  EXPECT_EQ(Trimmed(target_, {"remote", "get-url", "origin"}), origin_.string());
  EXPECT_EQ(Trimmed(target_, {"rev-parse", "--abbrev-ref", "@{upstream}"}), "origin/main");
  EXPECT_EQ(Trimmed(target_, {"status", "--porcelain"}), "") << "work tree checked out";
  EXPECT_EQ(archive::testing::ReadFile(target_ / "CHANGES"), "1.1\n");
  EXPECT_FALSE(fs::exists(target_.string() + ".ferry-staging"));
}

TEST_F(GitComponentTest, DetachedHeadRoundTrips) {
  G(src_, {"checkout", "--quiet", "--detach", "HEAD~1"});
  auto facts = Export();
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  ASSERT_TRUE(Restore().ok());
  auto findings = Validate(*facts);
  EXPECT_FALSE(HasFailures(findings)) << FindingsText(findings);
}

TEST_F(GitComponentTest, RepositoryWithoutRemoteRoundTrips) {
  G(src_, {"remote", "remove", "origin"});
  auto facts = Export();
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  ASSERT_TRUE(Restore().ok());
  auto findings = Validate(*facts);
  EXPECT_FALSE(HasFailures(findings)) << FindingsText(findings);
  EXPECT_EQ(Trimmed(target_, {"remote"}), "");
}

TEST_F(GitComponentTest, MissingFactsPayloadFailsVerifyAndRestore) {
  ASSERT_TRUE(Export().ok());
  fs::remove(medium_ / "repo.json");
  EXPECT_TRUE(HasFailures(VerifyPayload()));
  EXPECT_FALSE(Restore().ok());
  EXPECT_FALSE(fs::exists(target_));
}

TEST_F(GitComponentTest, FlippedByteInBundleIsG004) {
  ASSERT_TRUE(Export().ok());
  const fs::path bundle = medium_ / "repo.bundle";
  std::fstream file(bundle, std::ios::in | std::ios::out | std::ios::binary);
  const auto offset = static_cast<std::streamoff>(fs::file_size(bundle) * 2 / 3);
  file.seekg(offset);
  char byte = 0;
  file.get(byte);
  file.seekp(offset);
  file.put(static_cast<char>(byte ^ 0x5a));
  file.close();
  auto findings = VerifyPayload();
  EXPECT_TRUE(HasCode(findings, "G004")) << FindingsText(findings);
}

TEST_F(GitComponentTest, ValidateNamesAMovedRefWithBothIds) {
  auto facts = Export();
  ASSERT_TRUE(facts.ok());
  ASSERT_TRUE(Restore().ok());
  const std::string old_id = Trimmed(target_, {"rev-parse", "refs/heads/feature"});
  const std::string new_id = Trimmed(target_, {"rev-parse", "refs/heads/main"});
  G(target_, {"update-ref", "refs/heads/feature", new_id});
  std::string text = FindingsText(Validate(*facts));
  EXPECT_NE(text.find("V002 ref refs/heads/feature: exported " + old_id + ", restored " + new_id),
            std::string::npos)
      << text;
}

TEST_F(GitComponentTest, NonEmptyTargetNeedsForceAndRollsBack) {
  ASSERT_TRUE(Export().ok());
  WriteFile(target_ / "precious.txt", "keep me\n");
  auto refused = Restore();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), "T001");

  ASSERT_TRUE(Restore(Forced(/*dry_run=*/true)).ok());
  EXPECT_TRUE(fs::exists(target_ / "precious.txt")) << "dry run changed the target";
  EXPECT_FALSE(fs::exists(target_ / ".git"));

  auto record = Restore(Forced());
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_TRUE(fs::exists(target_ / ".git"));
  ASSERT_TRUE(Rollback(*record).ok());
  EXPECT_EQ(archive::testing::ReadFile(target_ / "precious.txt"), "keep me\n");
  EXPECT_FALSE(fs::exists(target_ / ".git"));
}

}  // namespace
}  // namespace ferry::components
