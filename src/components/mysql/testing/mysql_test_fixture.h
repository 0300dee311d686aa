// The shared fixture of the mysql kind's integration tests: server A holds
// the fixture, server B is the restore target, both real MariaDB servers
// started per test program. One export of A is shared by a program's tests;
// each test puts B in the state it needs. spec_options_ is merged into every
// spec (engine = "mydumper" for the parallel engine's tests).
#pragma once

#include <dirent.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <atomic>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

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

bool HasFinding(const std::vector<Finding>& findings, const std::string& code,
                const std::string& text = "") {
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

// Runs commands on the host and lets a test act on each process it starts
// (kill it, inspect it, write to the source meanwhile): real processes,
// real interference.
class WatchingExecutor : public exec::Executor {
 public:
  WatchingExecutor(platform::Platform& os, std::string what) : host_(os), what_(std::move(what)) {}
  std::string Describe() const override { return "host (" + what_ + ")"; }
  bool HasProgram(const std::string& name) override { return host_.HasProgram(name); }
  Result<std::unique_ptr<platform::Process>> Start(const exec::Command& command) override {
    FERRY_ASSIGN_OR_RETURN(auto process, host_.Start(command));
    return Started(command, std::move(process));
  }

 protected:
  virtual std::unique_ptr<platform::Process> Started(
      const exec::Command& command, std::unique_ptr<platform::Process> process) = 0;

 private:
  exec::HostExecutor host_;
  std::string what_;
};

class KillDumpExecutor final : public WatchingExecutor {
 public:
  explicit KillDumpExecutor(platform::Platform& os) : WatchingExecutor(os, "dump killed midway") {}

 protected:
  std::unique_ptr<platform::Process> Started(const exec::Command& command,
                                             std::unique_ptr<platform::Process> process) override {
    if (command.argv[0].find("dump") == std::string::npos) return process;
    return std::make_unique<KillingProcess>(std::move(process));
  }
};

inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// What a scan of /proc saw while a body ran: processes holding kPassword
// in their command line (any process) or environment (children of this
// test: ferry itself holds it, as password_env is how it was given), and
// where descriptor 3 of the watched program pointed.
struct ProcessScan {
  int program_seen = 0, leaks = 0, scans = 0;
  std::string leaked_in, fd3_target;
};

inline ProcessScan ScanProcessesWhile(const std::string& program,
                                      const std::function<void()>& body) {
  std::atomic<bool> done{false};
  ProcessScan scan;
  std::thread scanner([&] {
    while (!done) {
      DIR* proc = ::opendir("/proc");
      while (dirent* e = proc ? ::readdir(proc) : nullptr) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        std::string base = std::string("/proc/") + e->d_name;
        std::string cmdline = ReadWholeFile(base + "/cmdline");
        if (cmdline.find(kPassword) != std::string::npos) {
          ++scan.leaks;
          scan.leaked_in = cmdline;
        }
        std::string stat = ReadWholeFile(base + "/stat");
        size_t paren = stat.rfind(')');
        int ppid = paren == std::string::npos ? 0 : std::atoi(stat.c_str() + paren + 4);
        if (ppid != ::getpid()) continue;  // other test processes are not ours to judge
        if (cmdline.starts_with(program + std::string(1, '\0'))) {
          ++scan.program_seen;
          std::error_code ec;
          fs::path target = fs::read_symlink(base + "/fd/3", ec);
          if (!ec) scan.fd3_target = target.string();
        }
        if (ReadWholeFile(base + "/environ").find(kPassword) != std::string::npos) {
          ++scan.leaks;
          scan.leaked_in = cmdline;
        }
      }
      if (proc) ::closedir(proc);
      ++scan.scans;
    }
  });
  body();
  done = true;
  scanner.join();
  return scan;
}

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
    for (const auto& [key, value] : spec_options_.items()) spec.options[key] = value;
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
                        "DROP USER IF EXISTS 'app'@'%';")
                    .ok());
  }

  // A row is one INSERT in a dump (hex doubles a BLOB in mariadb-dump's):
  // a 20 MB BLOB is a statement larger than the target's 16 MiB default
  // limit, which the restore must raise and put back.
  void LargeBlobRoundTrip() {
    ASSERT_TRUE(
        a_->Sql("CREATE DATABASE large; CREATE TABLE large.b (id INT PRIMARY KEY, data LONGBLOB);"
                "INSERT INTO large.b VALUES (1, REPEAT(UNHEX(MD5('x')), 1250000));")
            .ok());
    const std::string probe = "SELECT LENGTH(data), MD5(data) FROM large.b;";
    const std::string expected = *a_->Sql(probe);
    ASSERT_EQ(expected.substr(0, 9), "20000000\t");
    ASSERT_TRUE(
        b_->Sql("DROP DATABASE IF EXISTS large; SET GLOBAL max_allowed_packet = 16777216;").ok());
    spec_options_["databases"] = {"large"};
    auto facts = ExportA(root_ / "large", host_);
    ASSERT_TRUE(facts.ok()) << facts.status().ToString();
    stack::ComponentSpec spec = Spec(*b_);
    ComponentContext ctx{os(), host_, stack_, spec, {}, {}};
    testing::DirPayloadReader in(os(), root_ / "large");
    auto record = component_->Restore(ctx, in, {});
    EXPECT_TRUE(record.ok()) << record.status().ToString();
    EXPECT_EQ(*b_->Sql(probe), expected);
    // The target's own setting is put back.
    EXPECT_EQ(*b_->Sql("SELECT @@GLOBAL.max_allowed_packet;"), "16777216\n");
    ASSERT_TRUE(a_->Sql("DROP DATABASE large;").ok());
    ASSERT_TRUE(
        b_->Sql("DROP DATABASE IF EXISTS large; SET GLOBAL max_allowed_packet = 67108864;").ok());
  }

  static inline fs::path root_;
  // Owned statically as well: a failed set-up still stops the servers at exit.
  static inline std::unique_ptr<MariadbServer> a_;
  static inline std::unique_ptr<MariadbServer> b_;
  static inline nlohmann::json shared_facts_;
  nlohmann::json spec_options_ = nlohmann::json::object();
  exec::HostExecutor host_{os()};
  stack::StackFile stack_;
  std::unique_ptr<Component> component_ = NewMysqlComponent();
};

}  // namespace
}  // namespace ferry::components
