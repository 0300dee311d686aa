// neo4j-admin's command lines per version and the recognition of its known
// failures: the cases a user meets when moving a store by hand.
#include "components/neo4j/admin.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "components/neo4j/testing/scripted_admin.h"
#include "platform/platform.h"

namespace ferry::components::neo4j {
namespace {

using Argv = std::vector<std::string>;

TEST(AdminSyntaxTest, VersionsFromAgentOrNumber) {
  EXPECT_EQ(*AdminSyntaxFor("Neo4j/4.4.30"), AdminSyntax::kV44);
  EXPECT_EQ(*AdminSyntaxFor("4.4.0"), AdminSyntax::kV44);
  EXPECT_EQ(*AdminSyntaxFor("Neo4j/5.26.0"), AdminSyntax::kV5);
  EXPECT_EQ(*AdminSyntaxFor("Neo4j/2025.10.1"), AdminSyntax::kV5);
  EXPECT_EQ(AdminSyntaxFor("Neo4j/4.3.9").status().code(), "X003");
  EXPECT_EQ(AdminSyntaxFor("Neo4j/3.5.0").status().code(), "X003");
  EXPECT_EQ(AdminSyntaxFor("Memgraph").status().code(), "X003");
  EXPECT_EQ(AdminSyntaxFor("").status().code(), "X003");
}

TEST(AdminArgvTest, Neo4j44) {
  EXPECT_EQ(DumpArgv(AdminSyntax::kV44, "neo4j", "/m/graph"),
            (Argv{"neo4j-admin", "dump", "--database=neo4j", "--to=/m/graph/neo4j.dump"}));
  EXPECT_EQ(
      LoadArgv(AdminSyntax::kV44, "neo4j", "/m/graph", true),
      (Argv{"neo4j-admin", "load", "--from=/m/graph/neo4j.dump", "--database=neo4j", "--force"}));
}

TEST(AdminArgvTest, Neo4j5AndCalendarVersions) {
  EXPECT_EQ(DumpArgv(AdminSyntax::kV5, "movies", "/m/graph"),
            (Argv{"neo4j-admin", "database", "dump", "movies", "--to-path=/m/graph"}));
  EXPECT_EQ(LoadArgv(AdminSyntax::kV5, "movies", "/m/graph", true),
            (Argv{"neo4j-admin", "database", "load", "movies", "--from-path=/m/graph",
                  "--overwrite-destination=true"}));
  EXPECT_EQ(DumpFileName("movies"), "movies.dump");
  EXPECT_EQ(LoadArgv(AdminSyntax::kV5, "movies", "/m/graph", false),
            (Argv{"neo4j-admin", "database", "load", "movies", "--from-path=/m/graph"}));
  EXPECT_EQ(LoadArgv(AdminSyntax::kV44, "neo4j", "/m", false),
            (Argv{"neo4j-admin", "load", "--from=/m/neo4j.dump", "--database=neo4j"}));
}

void ExpectD002(const Status& s, std::string_view part) {
  EXPECT_EQ(s.code(), "D002");
  EXPECT_NE(s.message().find(part), std::string::npos) << s.message();
}

TEST(AdminFailureTest, KnownCausesNameTheirFix) {
  ExpectD002(AdminFailure("dump", 1,
                          "org.neo4j.cli.CommandFailedException: The database is in use. Stop "
                          "database 'neo4j' and try again.\n"),
             "Stop Neo4j first");
  ExpectD002(AdminFailure("dump", 1, "Caused by: org.neo4j.io.locker.FileLockException: ..."),
             "in use");
  ExpectD002(AdminFailure("dump", 1,
                          "Active logical log detected, this might be a source of "
                          "inconsistencies.\nPlease recover database before running the dump."),
             "not shut down cleanly");
  ExpectD002(AdminFailure("load", 1,
                          "Failed to load database 'neo4j': Not possible to upgrade a store with "
                          "version 'AF4.3.0' to current store version"),
             "another Neo4j version");
  ExpectD002(AdminFailure("load", 1, "java.nio.file.AccessDeniedException: /data/databases/neo4j"),
             "chown -R neo4j:neo4j");
  ExpectD002(AdminFailure("load", 1, "java.io.IOException: Permission denied"), "permission");
  ExpectD002(AdminFailure("load", 1,
                          "Database already exists. Use --overwrite-destination to replace it."),
             "restore --force");
  ExpectD002(AdminFailure("dump", 1, "java.io.IOException: No space left on device"), "Free space");
}

// neo4j-admin 5.26 logs the cause on stdout and only a summary on stderr
// (captured from the real tool, dumping a store its server still runs); the
// cause used to be missed.
TEST(AdminFailureTest, Neo4j526CauseOnStdoutIsRecognised) {
  const char* out =
      "2026-11-25 23:56:55.354+0000 INFO  [o.n.c.d.DumpCommand] Starting dump of database "
      "'neo4j'\n"
      "2026-11-25 23:56:55.409+0000 ERROR [o.n.c.d.DumpCommand] Failed to dump database 'neo4j': "
      "The database is in use. Stop database 'neo4j' and try again.\n"
      "2026-11-25 23:56:55.410+0000 ERROR [o.n.c.d.DumpCommand] Dump failed for databases: "
      "'neo4j'\n";
  const char* err =
      "Dump failed for databases: 'neo4j'\nRun with '--verbose' for a more detailed error "
      "message.\n";
  ExpectD002(AdminFailure("dump", 1, err, out), "in use");
  // As a user who may not read the store (5.26, run as nobody on root's store).
  ExpectD002(AdminFailure("dump", 1, err,
                          "2026-11-26 00:00:04.058+0000 ERROR [o.n.c.d.DumpCommand] Failed to "
                          "dump database 'neo4j': You do not have permission to dump the "
                          "database.\n2026-11-26 ERROR [o.n.c.d.DumpCommand] Dump failed\n"),
             "permission");
  Status unknown = AdminFailure("dump", 1, err,
                                "2026-11-25 ERROR [o.n.c.d.DumpCommand] Failed to dump database "
                                "'neo4j': Something new broke\n"
                                "2026-11-25 ERROR [o.n.c.d.DumpCommand] Dump failed\n");
  EXPECT_NE(unknown.message().find("Something new broke"), std::string::npos) << unknown.ToString();
  EXPECT_EQ(unknown.message().find("[o.n.c"), std::string::npos) << unknown.ToString();
}

TEST(AdminFailureTest, UnknownFailureQuotesTheLastLineAndExitCode) {
  Status s = AdminFailure("load", 3, "some trace\n  at x.y\nThe real reason.\n\n");
  ExpectD002(s, "exit 3");
  ExpectD002(s, "The real reason.");
  ExpectD002(AdminFailure("dump", 2, ""), "no message");
}

// Runs a shell script in place of neo4j-admin: the real Run path (exit code,
// stderr) without a Neo4j install.
class ScriptedAdmin final : public ScriptedAdminExecutor {
 public:
  explicit ScriptedAdmin(std::string body)
      : dir_(std::filesystem::temp_directory_path() /
             ("ferry-admin-test-" + std::to_string(::getpid()) + "-" + std::to_string(next_++))) {
    std::filesystem::create_directories(dir_);
    const std::filesystem::path script = dir_ / "neo4j-admin";
    std::ofstream(script) << "#!/bin/sh\n" << body << "\n";
    ::chmod(script.c_str(), 0700);
    set_script(script);
  }
  ~ScriptedAdmin() override { std::filesystem::remove_all(dir_); }

 private:
  static inline int next_ = 0;  // one folder per instance: several live at once
  std::filesystem::path dir_;
};

TEST(AdminRunTest, DetectsTheSyntaxFromVersionOutput) {
  ScriptedAdmin v5("echo 5.26.0");
  EXPECT_EQ(*DetectAdminSyntax(v5), AdminSyntax::kV5);
  ScriptedAdmin v44("echo 'neo4j-admin 4.4.30'");
  EXPECT_EQ(*DetectAdminSyntax(v44), AdminSyntax::kV44);
  exec::HostExecutor host(platform::DefaultPlatform());
  if (!host.HasProgram("neo4j-admin")) {
    EXPECT_EQ(DetectAdminSyntax(host).status().code(), "X001");
  }
}

TEST(AdminRunTest, FailedRunIsRecognised) {
  ScriptedAdmin in_use(
      "echo 'The database is in use. Stop database neo4j and try again.' >&2; "
      "exit 1");
  Status s = RunAdmin(in_use, "dump", DumpArgv(AdminSyntax::kV5, "neo4j", "/tmp"));
  ExpectD002(s, "Stop Neo4j first");
  ScriptedAdmin fine("exit 0");
  EXPECT_TRUE(RunAdmin(fine, "load", LoadArgv(AdminSyntax::kV5, "neo4j", "/tmp", false)).ok());
}

}  // namespace
}  // namespace ferry::components::neo4j
