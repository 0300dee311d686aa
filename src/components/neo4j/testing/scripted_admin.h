// An executor that runs a shell script in place of neo4j-admin: the real
// Run path (argv, exit code, stdout/stderr) for the syntaxes and failures a
// single installed Neo4j cannot show (4.4 argv, "store version too new").
// The real neo4j-admin 5.26 runs in neo4j_offline_test.cc.
#pragma once

#include <filesystem>
#include <string>
#include <utility>

#include "exec/executor.h"
#include "platform/platform.h"

namespace ferry::components::neo4j {

class ScriptedAdminExecutor : public exec::Executor {
 public:
  ScriptedAdminExecutor() : host_(platform::DefaultPlatform()) {}
  void set_script(std::filesystem::path script) { script_ = std::move(script); }
  std::string Describe() const override { return "host (scripted neo4j-admin)"; }
  bool HasProgram(const std::string& name) override { return name == "neo4j-admin"; }
  Result<std::unique_ptr<platform::Process>> Start(const exec::Command& command) override {
    exec::Command c = command;
    c.argv[0] = script_.string();
    return host_.Start(c);
  }

 private:
  exec::HostExecutor host_;
  std::filesystem::path script_;
};

}  // namespace ferry::components::neo4j
