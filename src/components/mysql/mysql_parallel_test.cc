// The parallel engine (engine = "mydumper", parallel.h) against real MariaDB
// servers and the real mydumper/myloader from Debian: the same fixture,
// facts and validation as the default engine.
#include "components/mysql/testing/mysql_test_fixture.h"
#include "platform/testing/eventually.h"

namespace ferry::components {
namespace {

class MysqlParallelTest : public MysqlComponentTest {
 protected:
  MysqlParallelTest() {
    // Small chunks, so the 100,000-row table is split across the threads.
    spec_options_ = {{"engine", "mydumper"}, {"threads", 2}, {"chunk_rows", 20000}};
  }
};

// Kills mydumper with SIGKILL once it has started writing its folder (its
// metadata.partial exists): a real dump, interrupted midway for real.
class KillMydumperExecutor final : public WatchingExecutor {
 public:
  explicit KillMydumperExecutor(platform::Platform& os)
      : WatchingExecutor(os, "mydumper killed midway") {}
  bool saw_partial = false;

 protected:
  std::unique_ptr<platform::Process> Started(const exec::Command& command,
                                             std::unique_ptr<platform::Process> process) override {
    if (command.argv[0] != "mydumper") return process;
    fs::path dir;
    for (size_t i = 0; i + 1 < command.argv.size(); ++i) {
      if (command.argv[i] == "--outputdir") dir = command.argv[i + 1];
    }
    saw_partial = platform::testing::Eventually(
        [&] { return fs::exists(dir / "metadata.partial"); }, std::chrono::milliseconds(5));
    process->Kill(SIGKILL);
    return process;
  }
};

TEST_F(MysqlParallelTest, RoundTripWithMydumperValidates) {
  const nlohmann::json& facts = SharedExport();
  ASSERT_FALSE(facts.is_null());
  EXPECT_EQ(facts["dump_program"], "mydumper");
  EXPECT_TRUE(fs::exists(root_ / "medium" / "shop.mydumper.tar.zst"));
  EXPECT_TRUE(fs::exists(root_ / "medium" / "tiny.mydumper.tar.zst"));
  EXPECT_FALSE(fs::exists(root_ / "medium" / "shop.sql.zst"));
  EXPECT_EQ(facts["databases"]["shop"]["tables"]["big"]["rows"], 100000);
  EXPECT_EQ(facts["databases"]["shop"]["routines"],
            nlohmann::json({"FUNCTION twice", "PROCEDURE touch_audit"}));
  // No staging folder is left behind.
  for (const auto& entry : fs::directory_iterator(os().TempDir())) {
    EXPECT_EQ(entry.path().filename().string().find("ferry-mydumper-"), std::string::npos)
        << entry.path();
  }

  stack::ComponentSpec spec = Spec(*a_);
  ComponentContext ctx{os(), host_, stack_, spec, {}, {}};
  testing::DirPayloadReader medium(os(), root_ / "medium");
  auto verified = component_->VerifyPayload(ctx, medium);
  EXPECT_FALSE(HasFailures(verified)) << Describe(verified);
  EXPECT_TRUE(HasFinding(verified, "", "shop.mydumper.tar.zst complete")) << Describe(verified);
  EXPECT_TRUE(HasFinding(verified, "", "accounts.grants.zst readable, 2 accounts"))
      << Describe(verified);

  EmptyB();
  auto record = RestoreB({});
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  auto findings = ValidateB(facts);
  EXPECT_FALSE(HasFailures(findings)) << Describe(findings);
  EXPECT_TRUE(HasFinding(findings, "", "database 'shop': 4 tables, 100006 rows"))
      << Describe(findings);
  EXPECT_EQ(*b_->Sql("SELECT name, HEX(photo) FROM shop.z_customers c JOIN shop.a_orders o ON "
                     "o.customer_id = c.id WHERE o.id = 10;"),
            "Zoë 🚀\t00FF00FE0D0A5C2722\n");
  EXPECT_EQ(*b_->Sql("SELECT DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA WHERE "
                     "SCHEMA_NAME = 'tiny';"),
            "latin1\n");
  EXPECT_EQ(*b_->Sql("SELECT shop.twice(21);"), "42\n");
  EXPECT_EQ(*b_->Sql("SELECT GROUP_CONCAT(k ORDER BY k) FROM tiny.app_view;"), "a,b\n");
  for (const auto& entry : fs::directory_iterator(os().TempDir())) {
    EXPECT_EQ(entry.path().filename().string().find("ferry-myloader-"), std::string::npos)
        << entry.path();
  }
}

// Looks at each mydumper it starts, right after the exec and while it
// runs: its command line, environment and what its descriptor 3 is.
class InspectMydumperExecutor final : public WatchingExecutor {
 public:
  explicit InspectMydumperExecutor(platform::Platform& os)
      : WatchingExecutor(os, "mydumper inspected") {}
  std::string fd3_target, cmdline, environ_text;

 protected:
  std::unique_ptr<platform::Process> Started(const exec::Command& command,
                                             std::unique_ptr<platform::Process> process) override {
    if (command.argv[0] != "mydumper") return process;
    const std::string base = "/proc/" + std::to_string(process->pid());
    (void)platform::testing::Eventually(
        [&] { return ReadWholeFile(base + "/comm") == "mydumper\n"; },
        std::chrono::milliseconds(1));
    std::error_code ec;
    fd3_target = fs::read_symlink(base + "/fd/3", ec).string();
    cmdline = ReadWholeFile(base + "/cmdline");
    environ_text = ReadWholeFile(base + "/environ");
    return process;
  }
};

// mydumper's threads each reopen the option file: it is a memfd, so the
// password is neither on a command line nor in any file on disk.
TEST_F(MysqlParallelTest, PasswordIsOnNoCommandLineAndInNoFile) {
  InspectMydumperExecutor inspect(os());
  Result<nlohmann::json> facts = Status::Error("X004", "the export did not run");
  ProcessScan scan =
      ScanProcessesWhile("mydumper", [&] { facts = ExportA(root_ / "watched", inspect); });
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  EXPECT_NE(inspect.cmdline.find("--defaults-file=/dev/fd/3"), std::string::npos)
      << inspect.cmdline;
  EXPECT_EQ(inspect.cmdline.find(kPassword), std::string::npos);
  EXPECT_FALSE(inspect.environ_text.empty());
  EXPECT_EQ(inspect.environ_text.find(kPassword), std::string::npos);
  EXPECT_TRUE(inspect.fd3_target.starts_with("/memfd:")) << inspect.fd3_target;
  // And no other process showed it meanwhile.
  EXPECT_EQ(scan.leaks, 0) << "e.g. in: " << scan.leaked_in;
}

TEST_F(MysqlParallelTest, BlobRowLargerThanTheTargetsPacketLimitImports) { LargeBlobRoundTrip(); }

// An empty database is not "occupied" (T001 is for tables): the restore
// goes into it, as the default engine's CREATE DATABASE IF NOT EXISTS does.
TEST_F(MysqlParallelTest, RestoresIntoAnExistingEmptyDatabase) {
  const nlohmann::json& facts = SharedExport();
  EmptyB();
  ASSERT_TRUE(b_->Sql("CREATE DATABASE tiny CHARACTER SET latin1;").ok());
  auto record = RestoreB({});
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  auto findings = ValidateB(facts);
  EXPECT_FALSE(HasFailures(findings)) << Describe(findings);
}

TEST_F(MysqlParallelTest, KilledMydumperIsIncompleteAndNotCounted) {
  KillMydumperExecutor killing(os());
  auto facts = ExportA(root_ / "killed", killing);
  ASSERT_FALSE(facts.ok());
  EXPECT_TRUE(killing.saw_partial) << "mydumper never started writing";
  EXPECT_EQ(facts.status().code(), "DB011") << facts.status().ToString();
  EXPECT_NE(facts.status().message().find("killed by signal 9"), std::string::npos)
      << facts.status().ToString();
  EXPECT_FALSE(fs::exists(root_ / "killed" / "shop.mydumper.tar.zst"));
}

// Writes files into dir/src, packs them as dir/<db>.mydumper.tar.zst with
// the plain tar and zstd programs, as a user could, and removes src.
void PackByHand(const fs::path& dir, const std::string& db,
                const std::vector<std::pair<std::string, std::string>>& files) {
  fs::create_directories(dir / "src");
  for (const auto& [name, text] : files) std::ofstream(dir / "src" / name) << text;
  ASSERT_EQ(std::system(("tar -C " + (dir / "src").string() + " -cf - . | zstd -q -f -o " +
                         (dir / (db + ".mydumper.tar.zst")).string())
                            .c_str()),
            0);
  fs::remove_all(dir / "src");
}

TEST_F(MysqlParallelTest, PayloadWithoutMetadataIsRefused) {
  // What a packed, unfinished dump would look like: no `metadata`.
  PackByHand(root_ / "fake", "shop", {{"shop-schema-create.sql", "CREATE DATABASE shop;\n"}});
  stack::ComponentSpec spec = Spec(*b_);
  ComponentContext ctx{os(), host_, stack_, spec, {}, {}};
  testing::DirPayloadReader in(os(), root_ / "fake");
  auto verified = component_->VerifyPayload(ctx, in);
  EXPECT_TRUE(HasFinding(verified, "DB011", "not a finished mydumper dump")) << Describe(verified);
  EmptyB();
  auto restored = component_->Restore(ctx, in, {});
  ASSERT_FALSE(restored.ok());
  EXPECT_EQ(restored.status().code(), "DB011") << restored.status().ToString();
  EXPECT_EQ(
      *b_->Sql("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'shop';"),
      "0\n");
}

// The temp folder cannot be made small here without mounting a file
// system, so only its free space is reported small (1 MiB) by a wrapper;
// the server, its sizes and the mydumper lookup are real.
class SmallTempPlatform final : public platform::PlatformWrapper {
 public:
  using PlatformWrapper::PlatformWrapper;
  Result<platform::SpaceInfo> DiskSpace(const fs::path&) override {
    return platform::SpaceInfo{uint64_t{1} << 30, uint64_t{1} << 20};
  }
};

TEST_F(MysqlParallelTest, CheckNamesTheStagingSpaceNeeded) {
  stack::ComponentSpec spec = Spec(*a_);
  ComponentContext roomy{os(), host_, stack_, spec, {}, {}};
  auto findings = component_->Check(roomy);
  EXPECT_FALSE(HasFailures(findings)) << Describe(findings);
  EXPECT_TRUE(HasFinding(findings, "", "dump with mydumper")) << Describe(findings);
  SmallTempPlatform small(os());
  ComponentContext cramped{small, host_, stack_, spec, {}, {}};
  findings = component_->Check(cramped);
  EXPECT_TRUE(HasFinding(findings, "FS005", "MiB free there; point TMPDIR at a larger disk"))
      << Describe(findings);
}

TEST_F(MysqlParallelTest, FailedLoadIsD003WithMyloadersMessage) {
  PackByHand(root_ / "broken", "dup",
             {{"dup-schema-create.sql", "CREATE DATABASE `dup`;\n"},
              {"dup.t-schema.sql", "CREATE TABLE `t` (id INT PRIMARY KEY);\n"},
              {"dup.t.sql", "INSERT INTO `t` VALUES (1),(1);\n"},
              {"metadata", "Started dump at: x\nFinished dump at: x\n"}});
  stack::ComponentSpec spec = Spec(*b_);
  ComponentContext ctx{os(), host_, stack_, spec, {}, {}};
  testing::DirPayloadReader in(os(), root_ / "broken");
  auto restored = component_->Restore(ctx, in, {});
  ASSERT_FALSE(restored.ok());
  EXPECT_EQ(restored.status().code(), "D003") << restored.status().ToString();
  EXPECT_NE(restored.status().message().find("Duplicate entry"), std::string::npos)
      << restored.status().ToString();
  ASSERT_TRUE(b_->Sql("DROP DATABASE IF EXISTS dup;").ok());
}

TEST_F(MysqlParallelTest, CheckNamesTheGlobalLockPrivilege) {
  ASSERT_TRUE(a_->Sql("CREATE USER 'lim'@'%' IDENTIFIED BY 'lim-pw'; CREATE USER 'lim'@'localhost' "
                      "IDENTIFIED BY 'lim-pw'; GRANT SELECT, SHOW VIEW, TRIGGER, EVENT ON *.* TO "
                      "'lim'@'%', 'lim'@'localhost';")
                  .ok());
  ::setenv("FERRY_TEST_MYSQL_LIM", "lim-pw", 1);
  stack::ComponentSpec spec = Spec(*a_);
  spec.options["user"] = "lim";
  spec.options["password_env"] = "FERRY_TEST_MYSQL_LIM";
  ComponentContext ctx{os(), host_, stack_, spec, {}, {}};
  auto findings = component_->Check(ctx);
  EXPECT_TRUE(HasFinding(findings, "DB013", "lacks RELOAD on database 'shop'"))
      << Describe(findings);
  spec.options.erase("engine");  // mariadb-dump --single-transaction needs no global lock
  findings = component_->Check(ctx);
  EXPECT_FALSE(HasFinding(findings, "DB013")) << Describe(findings);
  ASSERT_TRUE(a_->Sql("DROP USER 'lim'@'%', 'lim'@'localhost';").ok());
}

TEST_F(MysqlParallelTest, MydumperInsideAContainerIsRefusedWithTheReason) {
  stack::ComponentSpec spec = Spec(*a_);
  spec.container = "openspg-mysql";
  ComponentContext ctx{os(), host_, stack_, spec, {}, {}};
  testing::DirPayloadWriter out(os(), root_ / "container");
  auto facts = component_->Export(ctx, out);
  ASSERT_FALSE(facts.ok());
  EXPECT_EQ(facts.status().code(), "X003");
  EXPECT_NE(facts.status().message().find("host only"), std::string::npos)
      << facts.status().ToString();
}

}  // namespace
}  // namespace ferry::components
