// The mysql kind (default engine: mariadb-dump and the client) against
// real MariaDB servers; the fixture is in testing/mysql_test_fixture.h.
#include "components/mysql/testing/mysql_test_fixture.h"

namespace ferry::components {
namespace {

TEST_F(MysqlComponentTest, ExportRecordsFactsAndLeavesTheSourceUnchanged) {
  stack::ComponentSpec spec = Spec(*a_);
  auto before = a_->Sql("CHECKSUM TABLE shop.big, shop.a_orders, shop.z_customers, tiny.t;");
  const nlohmann::json& facts = SharedExport();
  ASSERT_FALSE(facts.is_null());
  EXPECT_EQ(a_->Sql("CHECKSUM TABLE shop.big, shop.a_orders, shop.z_customers, tiny.t;")->c_str(),
            *before);
  EXPECT_TRUE(fs::exists(root_ / "medium" / "shop.sql.zst"));
  EXPECT_TRUE(fs::exists(root_ / "medium" / "tiny.sql.zst"));
  EXPECT_EQ(facts["server"]["vendor"], "MariaDB");
  const nlohmann::json& shop = facts["databases"]["shop"];
  EXPECT_EQ(shop["charset"], "utf8mb4");
  EXPECT_EQ(shop["collation"], "utf8mb4_unicode_ci");
  EXPECT_EQ(shop["tables"]["big"]["rows"], 100000);
  EXPECT_EQ(shop["tables"]["a_orders"]["rows"], 3);
  EXPECT_EQ(shop["tables"]["audit"]["rows"], 1);
  EXPECT_FALSE(shop["tables"]["big"]["checksum"].is_null());
  EXPECT_EQ(shop["views"], nlohmann::json({"order_totals"}));
  EXPECT_EQ(shop["triggers"], nlohmann::json({"a_orders_ai"}));
  EXPECT_EQ(shop["routines"], nlohmann::json({"FUNCTION twice", "PROCEDURE touch_audit"}));
  EXPECT_EQ(shop["events"], nlohmann::json({"nightly"}));
  EXPECT_EQ(facts["databases"]["tiny"]["charset"], "latin1");
  EXPECT_EQ(
      facts["definers"]["accounts"],
      nlohmann::json::parse(R"([{"user":"app","host":"%"},{"user":"root","host":"localhost"}])"));
  EXPECT_TRUE(fs::exists(root_ / "medium" / "accounts.grants.zst"));
  // Names in the facts, never the password hash.
  EXPECT_EQ(facts.dump().find(a_->Sql("SELECT PASSWORD('app-pw-1');")->substr(0, 41)),
            std::string::npos);

  stack::ComponentSpec check_spec = Spec(*a_);
  ComponentContext ctx{os(), host_, stack_, check_spec, {}, {}};
  auto findings = component_->Check(ctx);
  EXPECT_FALSE(HasFailures(findings)) << Describe(findings);
  auto estimate = component_->EstimateBytes(ctx);
  ASSERT_TRUE(estimate.ok());
  EXPECT_GT(*estimate, fs::file_size(root_ / "medium" / "shop.sql.zst"));
  testing::DirPayloadReader in(os(), root_ / "medium");
  auto verified = component_->VerifyPayload(ctx, in);
  EXPECT_FALSE(HasFailures(verified)) << Describe(verified);
}

TEST_F(MysqlComponentTest, RoundTripIntoAnEmptyServerValidates) {
  const nlohmann::json& facts = SharedExport();
  EmptyB();
  std::string said;
  RestoreOptions dry;
  dry.dry_run = true;
  dry.say = [&](const std::string& line) { said += line + "\n"; };
  ASSERT_TRUE(RestoreB(dry).ok());
  // USAGE ON *.*, EXECUTE ON tiny.*, SELECT ON tiny.t
  EXPECT_NE(said.find("would create account 'app'@'%' with 3 grants"), std::string::npos) << said;
  EXPECT_NE(said.find("account 'root'@'localhost' already exists"), std::string::npos) << said;
  EXPECT_EQ(*b_->Sql("SELECT COUNT(*) FROM mysql.user WHERE User = 'app';"), "0\n");

  auto record = RestoreB({});
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  // Nothing replaced; the one account it created is recorded for rollback.
  EXPECT_FALSE(record->contains("databases"));
  EXPECT_EQ((*record)["accounts"], nlohmann::json::parse(R"([{"user":"app","host":"%"}])"));
  // The account came as CREATE USER/GRANT, with its table grant applied
  // after the table existed; its objects work.
  EXPECT_EQ(*b_->Sql("SELECT COUNT(*) FROM mysql.user WHERE User = 'app' AND Host = '%';"), "1\n");
  EXPECT_NE(b_->Sql("SHOW GRANTS FOR 'app'@'%';")->find("ON `tiny`.`t` TO"), std::string::npos);
  EXPECT_EQ(*b_->Sql("SELECT GROUP_CONCAT(k ORDER BY k) FROM tiny.app_view;"), "a,b\n");
  EXPECT_EQ(*b_->Sql("SELECT tiny.app_fn();"), "7\n");
  auto findings = ValidateB(facts);
  EXPECT_FALSE(HasFailures(findings)) << Describe(findings);
  EXPECT_EQ(*b_->Sql("SELECT name, HEX(photo) FROM shop.z_customers c JOIN shop.a_orders o ON "
                     "o.customer_id = c.id WHERE o.id = 10;"),
            "Zoë 🚀\t00FF00FE0D0A5C2722\n");
  EXPECT_EQ(*b_->Sql("SELECT shop.twice(21);"), "42\n");

  // A changed target is named, table and both numbers.
  ASSERT_TRUE(b_->Sql("DELETE FROM shop.big WHERE id <= 5; UPDATE tiny.t SET v = 2.5 WHERE k = 'a';"
                      "DROP VIEW shop.order_totals; DROP USER 'app'@'%';")
                  .ok());
  findings = ValidateB(facts);
  EXPECT_TRUE(HasFinding(findings, "DB012", "table 'big' has 99995 rows, exported 100000"))
      << Describe(findings);
  EXPECT_TRUE(HasFinding(findings, "DB012", "table 't' content digest")) << Describe(findings);
  EXPECT_TRUE(HasFinding(findings, "DB002", "view 'order_totals' is missing"))
      << Describe(findings);
  EXPECT_TRUE(HasFinding(findings, "DB002", "account 'app'@'%'")) << Describe(findings);
}

TEST_F(MysqlComponentTest, NonEmptyTargetIsRefusedWithoutForceAndKeptForRollbackWithIt) {
  const nlohmann::json& facts = SharedExport();
  EmptyB();
  ASSERT_TRUE(b_->Sql("CREATE DATABASE shop; CREATE TABLE shop.keepme (x INT); "
                      "INSERT INTO shop.keepme VALUES (1), (2), (3);")
                  .ok());
  const std::string state =
      "SELECT GROUP_CONCAT(TABLE_SCHEMA, '.', TABLE_NAME) FROM "
      "information_schema.TABLES WHERE TABLE_SCHEMA IN ('shop', 'tiny');";
  auto refused = RestoreB({});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), "T001");
  EXPECT_NE(refused.status().message().find("'shop'"), std::string::npos);
  EXPECT_EQ(*b_->Sql(state), "shop.keepme\n");  // nothing changed, not even tiny

  RestoreOptions force;
  force.force = true;
  force.rollback_dir = root_ / "rollback";
  auto record = RestoreB(force);
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  ASSERT_FALSE(record->is_null());
  EXPECT_TRUE(fs::exists(root_ / "rollback" / "shop.sql.zst"));
  auto findings = ValidateB(facts);
  EXPECT_FALSE(HasFailures(findings)) << Describe(findings);

  stack::ComponentSpec spec = Spec(*b_);
  ComponentContext ctx{os(), host_, stack_, spec, {}, {}};
  ASSERT_TRUE(component_->Rollback(ctx, *record).ok());
  EXPECT_EQ(*b_->Sql("SELECT GROUP_CONCAT(x ORDER BY x) FROM shop.keepme;"), "1,2,3\n");
}

TEST_F(MysqlComponentTest, RollbackDropsExactlyTheAccountsTheRestoreCreated) {
  SharedExport();
  EmptyB();
  // 'root'@'localhost' (a DEFINER too) is on B before: never dropped.
  const std::string accounts =
      "SELECT GROUP_CONCAT(CONCAT(User, '@', Host) ORDER BY User, Host) FROM "
      "mysql.user;";
  const std::string before = *b_->Sql(accounts);
  ASSERT_NE(before.find("root@localhost"), std::string::npos);
  ASSERT_EQ(before.find("app@"), std::string::npos);
  auto record = RestoreB({});
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_EQ((*record)["accounts"], nlohmann::json::parse(R"([{"user":"app","host":"%"}])"));
  EXPECT_EQ(*b_->Sql(accounts), "app@%," + before);
  stack::ComponentSpec spec = Spec(*b_);
  ComponentContext ctx{os(), host_, stack_, spec, {}, {}};
  ASSERT_TRUE(component_->Rollback(ctx, *record).ok());
  EXPECT_EQ(*b_->Sql(accounts), before);
  // A second rollback (a rerun after a crash) finds nothing left to drop.
  EXPECT_TRUE(component_->Rollback(ctx, *record).ok());
}

TEST_F(MysqlComponentTest, FailedImportDropsTheAccountsItCreated) {
  SharedExport();
  EmptyB();
  // The accounts payload intact, the shop dump cut in half: the import
  // fails after 'app'@'%' was created for it.
  fs::create_directories(root_ / "cut");
  fs::copy_file(root_ / "medium" / "accounts.grants.zst", root_ / "cut" / "accounts.grants.zst",
                fs::copy_options::overwrite_existing);
  fs::copy_file(root_ / "medium" / "shop.sql.zst", root_ / "cut" / "shop.sql.zst",
                fs::copy_options::overwrite_existing);
  fs::resize_file(root_ / "cut" / "shop.sql.zst",
                  fs::file_size(root_ / "cut" / "shop.sql.zst") / 2);
  stack::ComponentSpec spec = Spec(*b_);
  ComponentContext ctx{os(), host_, stack_, spec, {}, {}};
  testing::DirPayloadReader in(os(), root_ / "cut");
  auto record = component_->Restore(ctx, in, {});
  ASSERT_FALSE(record.ok());
  EXPECT_NE(record.status().message().find("accounts it created dropped"), std::string::npos)
      << record.status().ToString();
  EXPECT_EQ(*b_->Sql("SELECT COUNT(*) FROM mysql.user WHERE User = 'app';"), "0\n");
}

TEST_F(MysqlComponentTest, BlobRowLargerThanTheTargetsPacketLimitImports) { LargeBlobRoundTrip(); }

TEST_F(MysqlComponentTest, DumpKilledMidwayIsIncompleteAndNotCounted) {
  KillDumpExecutor killing(os());
  auto facts = ExportA(root_ / "killed", killing);
  ASSERT_FALSE(facts.ok());
  EXPECT_EQ(facts.status().code(), "DB011") << facts.status().ToString();
  EXPECT_NE(facts.status().message().find("killed by signal 9"), std::string::npos)
      << facts.status().ToString();
}

// Writes to the source while its dump runs: a real concurrent writer.
class WriteDuringDumpExecutor final : public WatchingExecutor {
 public:
  WriteDuringDumpExecutor(platform::Platform& os, MariadbServer& server)
      : WatchingExecutor(os, "source written during the dump"), server_(server) {}
  bool wrote = false;

 protected:
  std::unique_ptr<platform::Process> Started(const exec::Command& command,
                                             std::unique_ptr<platform::Process> process) override {
    if (command.argv[0].find("dump") != std::string::npos && !wrote) {
      wrote = server_.Sql("INSERT INTO tiny.t VALUES ('during', 9);").ok();
    }
    return process;
  }

 private:
  MariadbServer& server_;
};

TEST_F(MysqlComponentTest, SourceWrittenDuringTheDumpIsReportedNotRecorded) {
  spec_options_["databases"] = {"tiny"};
  WriteDuringDumpExecutor writing(os(), *a_);
  auto facts = ExportA(root_ / "moving", writing);
  ASSERT_TRUE(a_->Sql("DELETE FROM tiny.t WHERE k = 'during';").ok());
  ASSERT_TRUE(writing.wrote);
  ASSERT_FALSE(facts.ok());
  EXPECT_EQ(facts.status().code(), "DB014") << facts.status().ToString();
  EXPECT_NE(facts.status().message().find("table 't' CHECKSUM TABLE"), std::string::npos)
      << facts.status().ToString();
}

TEST_F(MysqlComponentTest, VerifiedPayloadOfAnInterruptedRunIsNotDumpedAgain) {
  testing::DirPayloadWriter writer(os(), root_ / "resumed");
  writer.MarkVerified("shop.sql.zst");
  auto facts = ExportA(root_ / "resumed", host_, &writer);
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  EXPECT_FALSE(fs::exists(root_ / "resumed" / "shop.sql.zst"));
  EXPECT_TRUE(fs::exists(root_ / "resumed" / "tiny.sql.zst"));
  EXPECT_EQ((*facts)["databases"]["shop"]["tables"]["big"]["rows"], 100000);
}

TEST_F(MysqlComponentTest, WrongPasswordNamesTheCause) {
  ::setenv("FERRY_TEST_MYSQL_WRONG", "not-the-password", 1);
  stack::ComponentSpec spec = Spec(*a_);
  spec.options["password_env"] = "FERRY_TEST_MYSQL_WRONG";
  ComponentContext ctx{os(), host_, stack_, spec, {}, {}};
  auto findings = component_->Check(ctx);
  EXPECT_TRUE(HasFinding(findings, "N011", "refused the user or password")) << Describe(findings);
  EXPECT_TRUE(HasFinding(findings, "N011", "Access denied")) << Describe(findings);
  testing::DirPayloadWriter out(os(), root_ / "wrong");
  auto facts = component_->Export(ctx, out);
  ASSERT_FALSE(facts.ok());
  EXPECT_EQ(facts.status().code(), "N011");

  spec.options["port"] = 1;  // nothing listens there
  spec.options["password_env"] = kPasswordEnv;
  findings = component_->Check(ctx);
  EXPECT_TRUE(HasFinding(findings, "N011", "no MySQL/MariaDB server answers"))
      << Describe(findings);
}

// Reads every process's command line and environment while an export runs.
TEST_F(MysqlComponentTest, PasswordIsNeverOnAChildsCommandLineOrEnvironment) {
  Result<nlohmann::json> facts = Status::Error("X004", "the export did not run");
  ProcessScan scan =
      ScanProcessesWhile("mariadb-dump", [&] { facts = ExportA(root_ / "watched", host_); });
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  EXPECT_GT(scan.program_seen, 0) << "the scan never saw a dump running (" << scan.scans
                                  << " scans)";
  EXPECT_EQ(scan.leaks, 0) << "e.g. in the environment of: " << scan.leaked_in;
  // Nor in what ferry writes: the facts.
  EXPECT_EQ(facts->dump().find(kPassword), std::string::npos);
}

}  // namespace
}  // namespace ferry::components
