// The free-space check before restore, per kind: a path kind is compared
// with its target's file system, neo4j says that it was not checked (R004)
// rather than making a number up, and a kind that writes nothing has no
// check. The mysql kind's real datadir check is restore_space_mysql_test.
#include "phases/target_space.h"

#include <gtest/gtest.h>

#include "archive/testing/tree_fixtures.h"
#include "phases/phase.h"

namespace ferry::phases {
namespace {

class TargetSpaceTest : public ::testing::Test {
 protected:
  Result<std::vector<Finding>> Check(const std::string& toml, uint64_t need) {
    auto parsed = stack::ParseStackFile(toml, tmp_.path() / "ferry.toml");
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    stack_ = *parsed;
    const stack::ComponentSpec& spec = stack_.components[0];
    PhaseEnv env{platform::DefaultPlatform(), reporter_, Options{}, nullptr, 0, nullptr};
    auto setup =
        SetUpComponent(env, stack_, spec, stack::ResolveComponentPath(stack_, spec, tmp_.path()));
    EXPECT_TRUE(setup.ok()) << setup.status().ToString();
    if (!setup.ok()) return setup.status();
    return CheckRestoreSpace(*setup->component, setup->ctx, need);
  }

  archive::testing::TempDir tmp_;
  stack::StackFile stack_;
  SilentReporter reporter_;
};

constexpr uint64_t kHuge = uint64_t{1} << 50;

TEST_F(TargetSpaceTest, APathKindIsComparedWithItsTargetsFileSystem) {
  const std::string files = "[[component]]\nname='m'\nkind='files'\npath='not/yet/there'\n";
  auto small = Check(files, 1 << 20);
  ASSERT_TRUE(small.ok()) << small.status().ToString();
  EXPECT_TRUE(small->empty());
  auto huge = Check(files, kHuge);
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.status().code(), "R002");
  EXPECT_NE(huge.status().message().find(std::to_string(kHuge >> 20) + " MiB"), std::string::npos)
      << huge.status().message();
}

TEST_F(TargetSpaceTest, Neo4jSaysItWasNotCheckedInsteadOfGuessing) {
  // No server at this address: the check must not need one to say so.
  auto found =
      Check("[[component]]\nname='graph'\nkind='neo4j'\nuri='bolt://127.0.0.1:1'\n", kHuge);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].code, "R004");
  EXPECT_EQ((*found)[0].severity, Severity::kInfo);
  EXPECT_FALSE(HasFailures(*found));  // the restore goes on
  EXPECT_NE((*found)[0].what.find("not checked"), std::string::npos) << (*found)[0].what;
  EXPECT_NE((*found)[0].what.find(std::to_string(kHuge >> 20) + " MiB"), std::string::npos)
      << (*found)[0].what;
}

TEST_F(TargetSpaceTest, AKindThatWritesNothingHasNoCheck) {
  auto found =
      Check("[[component]]\nname='api'\nkind='http'\nurl='http://127.0.0.1:1/health'\n", kHuge);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_TRUE(found->empty());
}

}  // namespace
}  // namespace ferry::phases
