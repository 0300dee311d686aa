// The contract every component kind that lives at a path (files, git,
// sqlite) must pass, run against the real adapter and real data on disk:
//   export -> restore -> validate round trip; an empty Validate;
//   a non-empty target without force is T001 and stays untouched;
//   force keeps a rollback copy that Rollback puts back;
//   dry run changes nothing; a tampered target fails Validate.
// A kind instantiates it with a PathKindFixture (see files_suite_test.cc).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "components/component.h"
#include "components/testing/dir_payloads.h"

namespace ferry::components::testing {

namespace fs = std::filesystem;

struct PathKindFixture {
  std::string kind;
  // Creates the source at path (a folder or a file, as the kind expects).
  std::function<void(const fs::path& path)> make_source;
  // A text that is equal for equal content (e.g. a listing with hashes).
  std::function<std::string(const fs::path& path)> snapshot;
  // Changes content that Validate must notice.
  std::function<void(const fs::path& path)> tamper;
};

class PathComponentSuite : public ::testing::TestWithParam<PathKindFixture> {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("ferry-suite-" + std::to_string(::getpid()) + "-" + GetParam().kind + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "medium");
    spec_.name = "thing";
    spec_.kind = GetParam().kind;
    auto made = MakeComponent(GetParam().kind);
    ASSERT_TRUE(made.ok()) << made.status().ToString();
    component_ = std::move(*made);
    GetParam().make_source(dir_ / "source");
  }
  void TearDown() override { fs::remove_all(dir_); }

  ComponentContext Ctx(const fs::path& path) {
    return ComponentContext{os_, exec_, stack_, spec_, path, {}, [](uint64_t) {}};
  }
  nlohmann::json ExportOk() {
    DirPayloadWriter writer(os_, dir_ / "medium");
    ComponentContext ctx = Ctx(dir_ / "source");
    auto facts = component_->Export(ctx, writer);
    EXPECT_TRUE(facts.ok()) << facts.status().ToString();
    EXPECT_TRUE(writer.CloseAll().ok());
    return facts.ok() ? *facts : nlohmann::json();
  }
  Result<nlohmann::json> Restore(const fs::path& target, RestoreOptions options) {
    DirPayloadReader reader(os_, dir_ / "medium");
    ComponentContext ctx = Ctx(target);
    return component_->Restore(ctx, reader, options);
  }
  std::vector<Finding> Validate(const fs::path& target, const nlohmann::json& facts) {
    ComponentContext ctx = Ctx(target);
    return component_->Validate(ctx, facts);
  }
  static bool AllPass(const std::vector<Finding>& findings) { return !HasFailures(findings); }

  platform::Platform& os_ = platform::DefaultPlatform();
  exec::HostExecutor exec_{os_};
  stack::StackFile stack_;
  stack::ComponentSpec spec_;
  std::unique_ptr<Component> component_;
  fs::path dir_;
};

TEST_P(PathComponentSuite, RoundTripValidatesAndSourceIsUntouched) {
  const std::string before = GetParam().snapshot(dir_ / "source");
  nlohmann::json facts = ExportOk();
  EXPECT_EQ(GetParam().snapshot(dir_ / "source"), before) << "export changed the source";
  fs::path target = dir_ / "target" / "thing";
  fs::create_directories(target.parent_path());
  auto record = Restore(target, {});
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_TRUE(record->is_null()) << "nothing was replaced, so there is nothing to roll back";
  EXPECT_EQ(GetParam().snapshot(target), before);
  EXPECT_TRUE(AllPass(Validate(target, facts)));
}

TEST_P(PathComponentSuite, TamperedTargetFailsValidate) {
  nlohmann::json facts = ExportOk();
  fs::path target = dir_ / "target" / "thing";
  fs::create_directories(target.parent_path());
  ASSERT_TRUE(Restore(target, {}).ok());
  GetParam().tamper(target);
  std::vector<Finding> found = Validate(target, facts);
  EXPECT_TRUE(HasFailures(found));
}

TEST_P(PathComponentSuite, NonEmptyTargetNeedsForceThenRollsBack) {
  ExportOk();
  fs::path target = dir_ / "target" / "thing";
  GetParam().make_source(target);
  GetParam().tamper(target);  // the user's own, different content
  const std::string mine = GetParam().snapshot(target);

  auto refused = Restore(target, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), "T001");
  EXPECT_EQ(GetParam().snapshot(target), mine);

  RestoreOptions dry;
  dry.force = true;
  dry.dry_run = true;
  dry.rollback_dir = dir_ / "rollback-dry";
  ASSERT_TRUE(Restore(target, dry).ok());
  EXPECT_EQ(GetParam().snapshot(target), mine) << "dry run changed the target";

  RestoreOptions force;
  force.force = true;
  force.rollback_dir = dir_ / "rollback";
  auto record = Restore(target, force);
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  ASSERT_FALSE(record->is_null());
  EXPECT_EQ(GetParam().snapshot(target), GetParam().snapshot(dir_ / "source"));

  ComponentContext ctx = Ctx(target);
  ASSERT_TRUE(component_->Rollback(ctx, *record).ok());
  EXPECT_EQ(GetParam().snapshot(target), mine);
}

}  // namespace ferry::components::testing
