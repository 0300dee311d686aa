// Physical mode through the component, with a scripted neo4j-admin (5.x
// syntax) standing in for a Neo4j install: the dump reaches the medium, the
// load gets the medium's folder, --force dumps the old database first, and a
// component in a container needs the container engine.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "components/kinds.h"
#include "components/neo4j/testing/scripted_admin.h"
#include "components/testing/dir_payloads.h"
#include "exec/executor.h"
#include "platform/platform.h"

namespace ferry::components::neo4j {
namespace {

namespace fs = std::filesystem;

// Writes "DUMP" for a dump, checks the dump exists for a load, and records
// every argv in calls.log.
constexpr const char* kScript = R"(#!/bin/sh
here=$(dirname "$0")
echo "$*" >> "$here/calls.log"
[ "$1" = "--version" ] && { echo 5.26.0; exit 0; }
for a; do
  case $a in
    --to-path=*) printf DUMP > "${a#--to-path=}/neo4j.dump" ;;
    --from-path=*) [ -f "${a#--from-path=}/neo4j.dump" ] || { echo "no dump" >&2; exit 7; } ;;
  esac
done
)";

using ScriptExecutor = ScriptedAdminExecutor;

class PhysicalModeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/ferry-neo4j-physical-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    std::ofstream(dir_ / "neo4j-admin") << kScript;
    ::chmod((dir_ / "neo4j-admin").c_str(), 0700);
    exec_.set_script(dir_ / "neo4j-admin");
    spec_.name = "graph";
    spec_.kind = "neo4j";
    spec_.options = {{"uri", "bolt://127.0.0.1:1"}, {"mode", "physical"}};
  }
  void TearDown() override { fs::remove_all(dir_); }
  ComponentContext Ctx() {
    return ComponentContext{.os = os_,
                            .executor = exec_,
                            .stack = stack_,
                            .spec = spec_,
                            .path = {},
                            .zstd = {},
                            .progress = [](uint64_t) {}};
  }
  std::string Calls() {
    std::stringstream s;
    s << std::ifstream(dir_ / "calls.log").rdbuf();
    return s.str();
  }

  platform::Platform& os_ = platform::DefaultPlatform();
  fs::path dir_;
  ScriptExecutor exec_;
  stack::StackFile stack_;
  stack::ComponentSpec spec_;
};

TEST_F(PhysicalModeTest, DumpToMediumThenLoadFromIt) {
  auto component = NewNeo4jComponent();
  ComponentContext ctx = Ctx();
  testing::DirPayloadWriter writer(os_, dir_ / "medium");
  auto facts = component->Export(ctx, writer);
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  ASSERT_TRUE(writer.CloseAll().ok());
  EXPECT_EQ((*facts)["mode"], "physical");
  EXPECT_EQ((*facts)["payload"], "neo4j.dump");
  std::stringstream dumped;
  dumped << std::ifstream(dir_ / "medium" / "neo4j.dump").rdbuf();
  EXPECT_EQ(dumped.str(), "DUMP");

  testing::DirPayloadReader reader(os_, dir_ / "medium");
  RestoreOptions plain;
  ASSERT_TRUE(component->Restore(ctx, reader, plain).ok());
  EXPECT_NE(Calls().find("database load neo4j --from-path=" + (dir_ / "medium").string() + "\n"),
            std::string::npos)
      << Calls();

  RestoreOptions force;
  force.force = true;
  force.rollback_dir = dir_ / "rollback";
  auto record = component->Restore(ctx, reader, force);
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_EQ((*record)["file"], (dir_ / "rollback" / "neo4j.dump").string());
  EXPECT_TRUE(fs::exists(dir_ / "rollback" / "neo4j.dump"));
  EXPECT_NE(Calls().find("--overwrite-destination=true"), std::string::npos) << Calls();
}

// A container is reached through the engine (physical_container.h); an
// executor that is not a container's cannot stop it.
TEST_F(PhysicalModeTest, ContainerWithoutTheEngineIsX003) {
  spec_.container = "openspg-neo4j";
  auto component = NewNeo4jComponent();
  ComponentContext ctx = Ctx();
  testing::DirPayloadWriter writer(os_, dir_ / "medium");
  EXPECT_EQ(component->Export(ctx, writer).status().code(), "X003");
}

}  // namespace
}  // namespace ferry::components::neo4j
