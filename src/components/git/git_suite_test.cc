// The git kind against the shared path-component suite: a repository with
// a remote and an upstream; its "content" is what git says about it (refs,
// HEAD, remote and branch config, the index).
#include <fstream>

#include "components/git/git_repo.h"
#include "components/testing/path_component_suite.h"

namespace ferry::components::testing {
namespace {

std::string Git(const fs::path& repo, std::vector<std::string> args) {
  exec::HostExecutor host(platform::DefaultPlatform());
  exec::Command command = git::GitCommand(repo, std::move(args));
  for (const char* who : {"AUTHOR", "COMMITTER"}) {
    command.env.push_back({std::string("GIT_") + who + "_NAME", "Suite"});
    command.env.push_back({std::string("GIT_") + who + "_EMAIL", "suite@example.org"});
  }
  auto out = exec::Run(host, command);
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  return out.ok() ? out->out : "";
}

void MakeRepository(const fs::path& repo) {
  fs::create_directories(repo);
  Git(repo, {"init", "--quiet", "-b", "main"});
  std::ofstream(repo / "README.md") << "# suite\n";
  Git(repo, {"add", "README.md"});
  Git(repo, {"commit", "--quiet", "--no-gpg-sign", "-m", "first"});
  Git(repo, {"tag", "v1"});
  Git(repo, {"remote", "add", "origin", "https://example.org/suite.git"});
  Git(repo, {"update-ref", "refs/remotes/origin/main", "HEAD"});
  Git(repo, {"branch", "--quiet", "--set-upstream-to=origin/main"});
}

std::string Describe(const fs::path& repo) {
  return Git(repo, {"for-each-ref"}) + Git(repo, {"symbolic-ref", "HEAD"}) +
         Git(repo, {"config", "--local", "--get-regexp", "^(remote|branch)\\."}) +
         Git(repo, {"ls-files", "--stage"});
}

void AddCommit(const fs::path& repo) {
  Git(repo, {"commit", "--quiet", "--no-gpg-sign", "--allow-empty", "-m", "not exported"});
}

INSTANTIATE_TEST_SUITE_P(Git, PathComponentSuite,
                         ::testing::Values(PathKindFixture{"git", MakeRepository, Describe,
                                                           AddCommit}));

}  // namespace
}  // namespace ferry::components::testing
