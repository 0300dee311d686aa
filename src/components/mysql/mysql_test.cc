// The mysql kind against real MariaDB servers started by the test: server A
// holds the fixture, server B is the restore target. One export of A is
// shared by the tests; each test puts B in the state it needs.
#include <dirent.h>
#include <signal.h>
#include <stdlib.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "components/kinds.h"
#include "components/mysql/testing/mariadb_server.h"
#include "components/testing/dir_payloads.h"

namespace ferry::components {
namespace {

using mysql::testing::MariadbServer;
namespace fs = std::filesystem;

constexpr const char* kPasswordEnv = "FERRY_TEST_MYSQL_PW";
// Unusual characters on purpose: the option-file quoting must carry them.
constexpr const char* kPassword = "s3cr#t \"pw\" ünïq-5a7f";

// Foreign keys in a cycle and a child that sorts before its parent (no
// import order works with checks on), a trigger, a view, routines, an
// event, emoji, binary blobs with quote/backslash/NUL bytes, NULLs, and a
// table of 100,000 rows. Account `app` (database and table grants) is the
// DEFINER of a view and a function that must work after the move.
constexpr const char* kFixture = R"sql(
CREATE DATABASE shop CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
USE shop;
CREATE TABLE z_customers (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, note TEXT NULL,
  best_order INT NULL) ENGINE=InnoDB;
CREATE TABLE a_orders (id INT PRIMARY KEY, customer_id INT NOT NULL, total DECIMAL(10,2),
  photo BLOB NULL, FOREIGN KEY (customer_id) REFERENCES z_customers(id)) ENGINE=InnoDB;
ALTER TABLE z_customers ADD CONSTRAINT best FOREIGN KEY (best_order) REFERENCES a_orders(id);
INSERT INTO z_customers VALUES (1, 'Zoë 🚀', 'emoji 😀 and 中文', NULL), (2, 'Bob', NULL, NULL);
INSERT INTO a_orders VALUES (10, 1, 9.99, UNHEX('00FF00FE0D0A5C2722')), (11, 2, NULL, NULL);
UPDATE z_customers SET best_order = 10 WHERE id = 1;
CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, order_id INT NULL, at DATETIME(6) NULL);
CREATE TRIGGER a_orders_ai AFTER INSERT ON a_orders FOR EACH ROW
  INSERT INTO audit (order_id, at) VALUES (NEW.id, '2026-01-01 00:00:00.123456');
INSERT INTO a_orders VALUES (12, 1, 1.50, NULL);
CREATE VIEW order_totals AS SELECT c.name, SUM(o.total) AS total FROM z_customers c
  JOIN a_orders o ON o.customer_id = c.id GROUP BY c.name;
CREATE FUNCTION twice(x INT) RETURNS INT DETERMINISTIC RETURN x * 2;
CREATE PROCEDURE touch_audit() INSERT INTO audit (order_id) VALUES (NULL);
CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY DO DELETE FROM audit WHERE at < '2000-01-01';
CREATE TABLE big (id INT PRIMARY KEY, label VARCHAR(64), hash VARBINARY(16), maybe INT NULL);
INSERT INTO big SELECT seq, CONCAT('row-', seq, '-ü'), UNHEX(MD5(seq)), IF(seq % 7 = 0, NULL, seq)
  FROM seq_1_to_100000;
CREATE DATABASE tiny CHARACTER SET latin1;
CREATE TABLE tiny.t (k VARCHAR(10) PRIMARY KEY, v DOUBLE NULL);
INSERT INTO tiny.t VALUES ('a', 1.5), ('b', NULL);
CREATE USER 'app'@'%' IDENTIFIED BY 'app-pw-1';
GRANT EXECUTE ON tiny.* TO 'app'@'%';
GRANT SELECT ON tiny.t TO 'app'@'%';
CREATE DEFINER='app'@'%' SQL SECURITY DEFINER VIEW tiny.app_view AS SELECT k FROM tiny.t;
CREATE DEFINER='app'@'%' FUNCTION tiny.app_fn() RETURNS INT DETERMINISTIC RETURN 7;
)sql";

bool HasFinding(const std::vector<Finding>& findings, const std::string& code, const std::string& text = "") {
  for (const Finding& f : findings) {
    if (f.code == code && f.what.find(text) != std::string::npos) return true;
  }
  return false;
}

std::string Describe(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) out += (f.code.empty() ? "OK" : f.code) + ": " + f.what + "\n";
  return out;
}

// Kills the dump program with SIGKILL after its first chunk of output: a
// real dump, interrupted midway for real.
class KillingProcess final : public platform::Process {
 public:
  explicit KillingProcess(std::unique_ptr<platform::Process> inner) : inner_(std::move(inner)) {}
  int pid() const override { return inner_->pid(); }
  Result<size_t> ReadStdout(std::span<std::byte> buffer) override {
    auto n = inner_->ReadStdout(buffer);
    if (n.ok() && *n > 0 && !killed_) {
      inner_->Kill(SIGKILL);
      killed_ = true;
    }
    return n;
  }
  Status WriteStdin(std::span<const std::byte> data) override { return inner_->WriteStdin(data); }
  void CloseStdin() override { inner_->CloseStdin(); }
  Result<int> Wait() override { return inner_->Wait(); }
  std::string Stderr() override { return inner_->Stderr(); }
  void Kill(int signal) override { inner_->Kill(signal); }

 private:
  std::unique_ptr<platform::Process> inner_;
  bool killed_ = false;
};

class KillDumpExecutor final : public exec::Executor {
 public:
  explicit KillDumpExecutor(platform::Platform& os) : host_(os) {}
  std::string Describe() const override { return "host (dump killed midway)"; }
  bool HasProgram(const std::string& name) override { return host_.HasProgram(name); }
  Result<std::unique_ptr<platform::Process>> Start(const exec::Command& command) override {
    FERRY_ASSIGN_OR_RETURN(auto process, host_.Start(command));
    if (command.argv[0].find("dump") == std::string::npos) return process;
    return std::unique_ptr<platform::Process>(new KillingProcess(std::move(process)));
  }

 private:
  exec::HostExecutor host_;
};

class MysqlComponentTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // As ferry's main does: a client that exits before reading its stdin
    // (server still starting) is an error value, not the test's death.
    ::signal(SIGPIPE, SIG_IGN);
    root_ = fs::temp_directory_path() / ("ferry-mysql-test-" + std::to_string(::getpid()));
    fs::create_directories(root_);
    auto a = MariadbServer::Start(os(), root_ / "a", kPassword);
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    a_ = std::move(*a);
    auto b = MariadbServer::Start(os(), root_ / "b", kPassword);
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    b_ = std::move(*b);
    // Set after the servers started, so only ferry and its children could
    // hold it in their environment.
    ::setenv(kPasswordEnv, kPassword, 1);
    ASSERT_TRUE(a_->Sql(kFixture).ok()) << a_->Sql(kFixture).status().ToString();
  }
  static void TearDownTestSuite() {
    a_.reset();
    b_.reset();
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  static platform::Platform& os() { return platform::DefaultPlatform(); }

  stack::ComponentSpec Spec(const MariadbServer& server) {
    stack::ComponentSpec spec;
    spec.name = "appdb";
    spec.kind = "mysql";
    spec.options = server.Options(kPasswordEnv);
    return spec;
  }

  // Exports server A into dir; returns the facts.
  Result<nlohmann::json> ExportA(const fs::path& dir, exec::Executor& executor,
                                 testing::DirPayloadWriter* writer = nullptr) {
    stack::ComponentSpec spec = Spec(*a_);
    ComponentContext ctx{os(), executor, stack_, spec, {}, {}};
    testing::DirPayloadWriter own(os(), dir);
    testing::DirPayloadWriter& out = writer ? *writer : own;
    FERRY_ASSIGN_OR_RETURN(nlohmann::json facts, component_->Export(ctx, out));
    FERRY_RETURN_IF_ERROR(out.CloseAll());
    return facts;
  }

  // The shared export of A, made once.
  const nlohmann::json& SharedExport() {
    if (shared_facts_.is_null()) {
      auto facts = ExportA(root_ / "medium", host_);
      EXPECT_TRUE(facts.ok()) << facts.status().ToString();
      if (facts.ok()) shared_facts_ = *facts;
    }
    return shared_facts_;
  }

  Result<nlohmann::json> RestoreB(const RestoreOptions& options) {
    stack::ComponentSpec spec = Spec(*b_);
    ComponentContext ctx{os(), host_, stack_, spec, {}, {}};
    testing::DirPayloadReader in(os(), root_ / "medium");
    return component_->Restore(ctx, in, options);
  }

  std::vector<Finding> ValidateB(const nlohmann::json& facts) {
    stack::ComponentSpec spec = Spec(*b_);
    ComponentContext ctx{os(), host_, stack_, spec, {}, {}};
    return component_->Validate(ctx, facts);
  }

  void EmptyB() {
    ASSERT_TRUE(b_->Sql("DROP DATABASE IF EXISTS shop; DROP DATABASE IF EXISTS tiny; "
                        "DROP USER IF EXISTS 'app'@'%';").ok());
  }

  static inline fs::path root_;
  // Owned statically as well: a failed set-up still stops the servers at exit.
  static inline std::unique_ptr<MariadbServer> a_;
  static inline std::unique_ptr<MariadbServer> b_;
  static inline nlohmann::json shared_facts_;
  exec::HostExecutor host_{os()};
  stack::StackFile stack_;
  std::unique_ptr<Component> component_ = NewMysqlComponent();
};

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
  EXPECT_EQ(facts["definers"]["accounts"],
            nlohmann::json::parse(R"([{"user":"app","host":"%"},{"user":"root","host":"localhost"}])"));
  EXPECT_TRUE(fs::exists(root_ / "medium" / "accounts.grants.zst"));
  // Names in the facts, never the password hash.
  EXPECT_EQ(facts.dump().find(a_->Sql("SELECT PASSWORD('app-pw-1');")->substr(0, 41)), std::string::npos);

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
  EXPECT_TRUE(record->is_null());
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
                      "DROP VIEW shop.order_totals; DROP USER 'app'@'%';").ok());
  findings = ValidateB(facts);
  EXPECT_TRUE(HasFinding(findings, "DB012", "table 'big' has 99995 rows, exported 100000")) << Describe(findings);
  EXPECT_TRUE(HasFinding(findings, "DB012", "table 't' content digest")) << Describe(findings);
  EXPECT_TRUE(HasFinding(findings, "DB002", "view 'order_totals' is missing")) << Describe(findings);
  EXPECT_TRUE(HasFinding(findings, "DB002", "account 'app'@'%'")) << Describe(findings);
}

TEST_F(MysqlComponentTest, NonEmptyTargetIsRefusedWithoutForceAndKeptForRollbackWithIt) {
  const nlohmann::json& facts = SharedExport();
  EmptyB();
  ASSERT_TRUE(b_->Sql("CREATE DATABASE shop; CREATE TABLE shop.keepme (x INT); "
                      "INSERT INTO shop.keepme VALUES (1), (2), (3);").ok());
  const std::string state = "SELECT GROUP_CONCAT(TABLE_SCHEMA, '.', TABLE_NAME) FROM "
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

TEST_F(MysqlComponentTest, DumpKilledMidwayIsIncompleteAndNotCounted) {
  KillDumpExecutor killing(os());
  auto facts = ExportA(root_ / "killed", killing);
  ASSERT_FALSE(facts.ok());
  EXPECT_EQ(facts.status().code(), "DB011") << facts.status().ToString();
  EXPECT_NE(facts.status().message().find("killed by signal 9"), std::string::npos)
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
  EXPECT_TRUE(HasFinding(findings, "N011", "no MySQL/MariaDB server answers")) << Describe(findings);
}

// Reads every process's command line and environment while an export runs.
TEST_F(MysqlComponentTest, PasswordIsNeverOnAChildsCommandLineOrEnvironment) {
  std::atomic<bool> done{false};
  std::atomic<int> dumps_seen{0}, leaks{0}, scans{0};
  std::string leaked_in;
  auto read_all = [](const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
  };
  std::thread scanner([&] {
    while (!done) {
      DIR* proc = ::opendir("/proc");
      while (dirent* e = proc ? ::readdir(proc) : nullptr) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        std::string base = std::string("/proc/") + e->d_name;
        std::string cmdline = read_all(base + "/cmdline");
        if (cmdline.find(kPassword) != std::string::npos) ++leaks;  // any process at all
        // The environment: ferry itself holds the password (password_env is
        // how it was given); its children must not. Other test processes
        // running in parallel are not ours to judge.
        std::string stat = read_all(base + "/stat");
        size_t paren = stat.rfind(')');
        int ppid = paren == std::string::npos ? 0 : std::atoi(stat.c_str() + paren + 4);
        if (ppid != ::getpid()) continue;
        if (cmdline.find("mariadb-dump") != std::string::npos) ++dumps_seen;
        if (read_all(base + "/environ").find(kPassword) != std::string::npos) {
          ++leaks;
          leaked_in = cmdline;
        }
      }
      if (proc) ::closedir(proc);
      ++scans;
    }
  });
  auto facts = ExportA(root_ / "watched", host_);
  done = true;
  scanner.join();
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  EXPECT_GT(dumps_seen.load(), 0) << "the scan never saw a dump running (" << scans << " scans)";
  EXPECT_EQ(leaks.load(), 0) << "e.g. in the environment of: " << leaked_in;
  // Nor in what ferry writes: the facts.
  EXPECT_EQ(facts->dump().find(kPassword), std::string::npos);
}

}  // namespace
}  // namespace ferry::components
