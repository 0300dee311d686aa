// The git kind against the component contract (components/testing/component_suite.h):
// a repository with a tag, a remote and an upstream; its content is what
// git says about it (refs, HEAD, remote and branch config, the index).
#include <fstream>

#include "components/git/git_repo.h"
#include "components/testing/path_kind_fixture.h"

namespace ferry::components::testing {
namespace {

Result<std::string> Git(const fs::path& repo, std::vector<std::string> args) {
  exec::HostExecutor host(platform::DefaultPlatform());
  exec::Command command = git::GitCommand(repo, std::move(args));
  for (const char* who : {"AUTHOR", "COMMITTER"}) {
    command.env.push_back({std::string("GIT_") + who + "_NAME", "Suite"});
    command.env.push_back({std::string("GIT_") + who + "_EMAIL", "suite@example.org"});
  }
  FERRY_ASSIGN_OR_RETURN(exec::CommandOutput out, exec::Run(host, command));
  if (out.exit_code != 0)
    return Status::Error("X002", "git " + command.argv.back() + ": " + out.err);
  return out.out;
}

class GitFixture final : public PathKindFixture {
 public:
  std::string kind() const override { return "git"; }
  Capabilities capabilities() const override { return {}; }

  // A plain folder where the repository should be.
  Status BreakSource() override {
    source_ = scratch_ / "plain";
    fs::create_directories(source_);
    std::ofstream(source_ / "README.md") << "not a repository\n";
    return Status::Ok();
  }
  ExpectedFinding BrokenSourceFinding() const override {
    return {"S003", "is not the top folder of a git repository"};
  }
  ExpectedFinding PlantedDifferenceFinding() const override {
    return {"V002", "ref refs/heads/main"};
  }

 protected:
  Status Make(const fs::path& repo) override {
    fs::create_directories(repo);
    FERRY_RETURN_IF_ERROR(Git(repo, {"init", "--quiet", "-b", "main"}).status());
    std::ofstream(repo / "README.md") << "# suite\n";
    FERRY_RETURN_IF_ERROR(Git(repo, {"add", "README.md"}).status());
    FERRY_RETURN_IF_ERROR(
        Git(repo, {"commit", "--quiet", "--no-gpg-sign", "-m", "first"}).status());
    FERRY_RETURN_IF_ERROR(Git(repo, {"tag", "v1"}).status());
    FERRY_RETURN_IF_ERROR(
        Git(repo, {"remote", "add", "origin", "https://example.org/suite.git"}).status());
    FERRY_RETURN_IF_ERROR(Git(repo, {"update-ref", "refs/remotes/origin/main", "HEAD"}).status());
    return Git(repo, {"branch", "--quiet", "--set-upstream-to=origin/main"}).status();
  }
  Result<std::string> Describe(const fs::path& repo) override {
    std::string text;
    for (std::vector<std::string> args :
         {std::vector<std::string>{"for-each-ref"},
          {"symbolic-ref", "HEAD"},
          {"config", "--local", "--get-regexp", "^(remote|branch)\\."},
          {"ls-files", "--stage"}}) {
      FERRY_ASSIGN_OR_RETURN(std::string out, Git(repo, std::move(args)));
      text += out;
    }
    return text;
  }
  // A commit the export does not hold.
  Status Change(const fs::path& repo) override {
    return Git(repo, {"commit", "--quiet", "--no-gpg-sign", "--allow-empty", "-m", "not exported"})
        .status();
  }
};

INSTANTIATE_TEST_SUITE_P(Git, ComponentSuite, ::testing::Values(&Shared<GitFixture>));

}  // namespace
}  // namespace ferry::components::testing
