// A GoogleTest fixture for one component adapter: a temp folder, the real
// platform and host executor, and the calls a phase makes (Export into a
// payload folder, VerifyPayload, Restore, Validate, Rollback) with the
// source at src_ and the target at target_. Tests of a kind derive from it
// and set src_ / target_ to what their kind needs.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "archive/testing/tree_fixtures.h"
#include "components/component.h"
#include "components/testing/dir_payloads.h"

namespace ferry::components::testing {

class AdapterTest : public ::testing::Test {
 protected:
  AdapterTest(const std::string& kind, const std::string& name, std::unique_ptr<Component> adapter)
      : adapter_(std::move(adapter)) {
    spec_.kind = kind;
    spec_.name = name;
    medium_ = tmp_.path() / "medium" / name;
    src_ = tmp_.path() / "src" / name;
    target_ = tmp_.path() / "restore" / name;
  }

  ComponentContext Ctx(const std::filesystem::path& path) {
    return ComponentContext{.os = os_,
                            .executor = exec_,
                            .stack = stack_,
                            .spec = spec_,
                            .path = path,
                            .zstd = {},
                            .progress = [](uint64_t) {}};
  }
  std::vector<Finding> Check(const std::filesystem::path& path) {
    ComponentContext ctx = Ctx(path);
    return adapter_->Check(ctx);
  }
  // Exports src_ into medium_ and closes the payloads as the phase would.
  Result<nlohmann::json> Export() {
    DirPayloadWriter writer(os_, medium_);
    ComponentContext ctx = Ctx(src_);
    auto facts = adapter_->Export(ctx, writer);
    if (facts.ok()) FERRY_RETURN_IF_ERROR(writer.CloseAll());
    return facts;
  }
  std::vector<Finding> VerifyPayload() {
    DirPayloadReader reader(os_, medium_);
    ComponentContext ctx = Ctx(target_);
    return adapter_->VerifyPayload(ctx, reader);
  }
  Result<nlohmann::json> Restore(RestoreOptions options = {}) {
    DirPayloadReader reader(os_, medium_);
    ComponentContext ctx = Ctx(target_);
    return adapter_->Restore(ctx, reader, options);
  }
  std::vector<Finding> Validate(const nlohmann::json& facts) {
    ComponentContext ctx = Ctx(target_);
    return adapter_->Validate(ctx, facts);
  }
  Status Rollback(const nlohmann::json& record) {
    ComponentContext ctx = Ctx(target_);
    return adapter_->Rollback(ctx, record);
  }
  // Options of a forced restore that keeps its rollback copy in rollback_.
  RestoreOptions Forced(bool dry_run = false) {
    return RestoreOptions{.force = true,
                          .dry_run = dry_run,
                          .rollback_dir = rollback_,
                          .say = [](const std::string&) {}};
  }

  archive::testing::TempDir tmp_;
  platform::Platform& os_ = platform::DefaultPlatform();
  exec::HostExecutor exec_{os_};
  stack::StackFile stack_;
  stack::ComponentSpec spec_;
  std::unique_ptr<Component> adapter_;
  std::filesystem::path medium_;
  std::filesystem::path src_;
  std::filesystem::path target_;
  std::filesystem::path rollback_ = tmp_.path() / "rollback";
};

}  // namespace ferry::components::testing
