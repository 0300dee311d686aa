// The mysql kind's full round trip with everything inside containers on a
// real engine, as the user's stack runs it: two MariaDB containers (source
// and target, named like the user's openspg-mysql), the component's clients
// started in them through MakeExecutor, as `ferry` does for
// `container = "openspg-mysql"`. The payloads land on the host.
#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "components/kinds.h"
#include "components/testing/dir_payloads.h"
#include "exec/docker/container_executor.h"
#include "exec/docker/engine_fixture.h"

namespace ferry::components {
namespace {

namespace fs = std::filesystem;
using exec::docker::testing::EngineTest;

constexpr const char* kPasswordEnv = "FERRY_TEST_MYSQL_CTR_PW";
// Distinctive, so a scan of every argv on the host cannot match by chance;
// '#' and a space also exercise the option-file quoting across the engine.
constexpr const char* kPassword = "ctr s3cr#t-9f1e7b";
constexpr const char* kSocket = "/run/mysqld/mysqld.sock";

// A foreign key (child sorting before its parent), utf8mb4 text with emoji,
// a BLOB with quote, backslash and NUL bytes, NULLs, and 1,000 rows.
constexpr const char* kFixture = R"sql(
CREATE DATABASE shop CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
USE shop;
CREATE TABLE z_customers (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, note TEXT NULL)
  ENGINE=InnoDB;
CREATE TABLE a_orders (id INT PRIMARY KEY, customer_id INT NOT NULL, total DECIMAL(10,2),
  photo BLOB NULL, FOREIGN KEY (customer_id) REFERENCES z_customers(id)) ENGINE=InnoDB;
INSERT INTO z_customers VALUES (1, 'Zoë 🚀', 'emoji 😀 and 中文'), (2, 'Bob', NULL);
INSERT INTO z_customers SELECT seq, CONCAT('customer-', seq, '-ü'), IF(seq % 5 = 0, NULL, 'ñ')
  FROM seq_3_to_1000;
INSERT INTO a_orders VALUES (10, 1, 9.99, UNHEX('00FF00FE0D0A5C2722')), (11, 2, NULL, NULL);
INSERT INTO a_orders SELECT seq, seq - 1000, seq / 100, UNHEX(MD5(seq)) FROM seq_1003_to_2000;
)sql";

bool HasFinding(const std::vector<Finding>& findings, const std::string& code) {
  for (const Finding& f : findings) {
    if (f.code == code) return true;
  }
  return false;
}

std::string Describe(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) out += (f.code.empty() ? "OK" : f.code) + ": " + f.what + "\n";
  return out;
}

// Watches every process's argv on the host (podman, conmon, runc and the
// exec'd clients, which are host processes too) while it lives.
class ArgvWatch {
 public:
  explicit ArgvWatch(std::string secret) : secret_(std::move(secret)) {
    thread_ = std::thread([this] {
      while (!stop_) Scan();
    });
  }
  ~ArgvWatch() { Stop(); }
  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  const std::string& leak() const { return leak_; }
  int clients_seen() const { return clients_seen_; }

 private:
  // Plain read(2): a process may exit mid-read (ESRCH), which just ends it.
  static std::string ReadArgv(const char* pid) {
    std::string argv;
    int fd = ::open((std::string("/proc/") + pid + "/cmdline").c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return argv;
    char buffer[4096];
    ssize_t n;
    while ((n = ::read(fd, buffer, sizeof buffer)) > 0) argv.append(buffer, static_cast<size_t>(n));
    ::close(fd);
    return argv;
  }
  void Scan() {
    DIR* proc = ::opendir("/proc");
    if (proc == nullptr) return;
    while (dirent* entry = ::readdir(proc)) {
      if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
      std::string argv = ReadArgv(entry->d_name);
      // Proves the scan is fast enough to see the short-lived clients.
      if (argv.find("--defaults-extra-file=/dev/fd/3") != std::string::npos) ++clients_seen_;
      if (argv.find(secret_) != std::string::npos && leak_.empty()) {
        for (char& c : argv) c = c == '\0' ? ' ' : c;
        leak_ = std::string(entry->d_name) + ": " + argv;
      }
    }
    ::closedir(proc);
  }

  std::string secret_;
  std::atomic<bool> stop_{false};
  std::string leak_;
  int clients_seen_ = 0;
  std::thread thread_;
};

class MysqlContainerTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    // As ferry's main does: a client gone early is an error value, not death.
    ::signal(SIGPIPE, SIG_IGN);
    auto src = RunMariadb("openspg-mysql-src", kPassword);
    ASSERT_TRUE(src.ok()) << src.status().ToString();
    src_ = *src;
    auto dst = RunMariadb("openspg-mysql-dst", kPassword);
    ASSERT_TRUE(dst.ok()) << dst.status().ToString();
    dst_ = *dst;
    // Set only now, so the engine and the servers never had it in their
    // environment: ferry alone reads it.
    ::setenv(kPasswordEnv, kPassword, 1);
    medium_ = fs::temp_directory_path() / ("ferry-mysql-ctr-" + std::to_string(::getpid()));
    fs::remove_all(medium_);
    auto loaded = Sql(src_, kFixture);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  }
  void TearDown() override {
    ::unsetenv(kPasswordEnv);
    std::error_code ec;
    if (!medium_.empty()) fs::remove_all(medium_, ec);
    EngineTest::TearDown();  // removes both containers
  }

  // Runs SQL as root inside the container: the statements on stdin, the
  // password in an option file on descriptor 3.
  Result<std::string> Sql(const std::string& container, const std::string& sql) {
    FERRY_ASSIGN_OR_RETURN(auto executor, exec::docker::MakeExecutor(engine().os(), container));
    exec::Command command;
    command.argv = {"mariadb", "--defaults-extra-file=/dev/fd/3", "-N", "-B"};
    command.inherited = {{3, std::string("[client]\nuser=root\npassword=\"") + kPassword + "\"\n"}};
    FERRY_ASSIGN_OR_RETURN(exec::CommandOutput output,
                           exec::Run(*executor, command, 16 << 20, sql));
    if (output.exit_code != 0)
      return Status::Error("X002", "mariadb in " + container + ": " + output.err);
    return output.out;
  }

  stack::ComponentSpec Spec(const std::string& container) {
    stack::ComponentSpec spec;
    spec.name = "appdb";
    spec.kind = "mysql";
    spec.container = container;
    spec.options = {{"user", "root"},
                    {"socket", kSocket},
                    {"password_env", kPasswordEnv},
                    {"databases", {"shop"}}};
    return spec;
  }

  // Exports the source container's `shop` to medium_; the facts.
  Result<nlohmann::json> ExportSource() {
    stack::ComponentSpec spec = Spec(src_);
    FERRY_ASSIGN_OR_RETURN(auto executor,
                           exec::docker::MakeExecutor(engine().os(), spec.container));
    ComponentContext ctx{engine().os(), *executor, stack_, spec, {}, {}};
    testing::DirPayloadWriter out(engine().os(), medium_);
    FERRY_ASSIGN_OR_RETURN(nlohmann::json facts, component_->Export(ctx, out));
    FERRY_RETURN_IF_ERROR(out.CloseAll());
    return facts;
  }

  std::string src_, dst_;
  fs::path medium_;
  stack::StackFile stack_;
  std::unique_ptr<Component> component_ = NewMysqlComponent();
};

TEST_F(MysqlContainerTest, RoundTripInsideContainersValidatesAndKeepsThePasswordOffArgv) {
  platform::Platform& os = engine().os();

  stack::ComponentSpec src_spec = Spec(src_);
  auto src_executor = exec::docker::MakeExecutor(os, src_spec.container);
  ASSERT_TRUE(src_executor.ok()) << src_executor.status().ToString();
  ComponentContext export_ctx{os, **src_executor, stack_, src_spec, {}, {}};
  auto findings = component_->Check(export_ctx);
  EXPECT_FALSE(HasFailures(findings)) << Describe(findings);

  ArgvWatch watch(kPassword);
  testing::DirPayloadWriter out(os, medium_);
  auto facts = component_->Export(export_ctx, out);
  watch.Stop();
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  ASSERT_TRUE(out.CloseAll().ok());
  EXPECT_EQ(watch.leak(), "") << "the password is in a process's argv";
  EXPECT_GT(watch.clients_seen(), 0) << "the scan never saw a client run";
  EXPECT_TRUE(fs::exists(medium_ / "shop.sql.zst"));
  const nlohmann::json& shop = (*facts)["databases"]["shop"];
  EXPECT_EQ(shop["tables"]["z_customers"]["rows"], 1000);
  EXPECT_EQ(shop["tables"]["a_orders"]["rows"], 1000);

  stack::ComponentSpec dst_spec = Spec(dst_);
  auto dst_executor = exec::docker::MakeExecutor(os, dst_spec.container);
  ASSERT_TRUE(dst_executor.ok()) << dst_executor.status().ToString();
  ComponentContext restore_ctx{os, **dst_executor, stack_, dst_spec, {}, {}};
  testing::DirPayloadReader in(os, medium_);
  auto record = component_->Restore(restore_ctx, in, {});
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_TRUE(record->is_null());  // the target was empty: nothing to roll back
  findings = component_->Validate(restore_ctx, *facts);
  EXPECT_FALSE(HasFailures(findings)) << Describe(findings);

  auto photo = Sql(dst_,
                   "SELECT name, HEX(photo) FROM shop.z_customers c JOIN shop.a_orders o "
                   "ON o.customer_id = c.id WHERE o.id = 10;");
  ASSERT_TRUE(photo.ok()) << photo.status().ToString();
  EXPECT_EQ(*photo, "Zoë 🚀\t00FF00FE0D0A5C2722\n");

  // Validate really looks at the target in its container.
  ASSERT_TRUE(Sql(dst_, "DELETE FROM shop.a_orders WHERE id > 1990;").ok());
  findings = component_->Validate(restore_ctx, *facts);
  EXPECT_TRUE(HasFinding(findings, "DB012")) << Describe(findings);
}

// Restore over a database the target container already has, and its
// rollback, through the same seam: the rollback dump is made by the client
// in the container and lands on the host; rollback reloads it there.
TEST_F(MysqlContainerTest, ForcedRestoreKeepsARollbackDumpAndRollbackPutsTheOldDatabaseBack) {
  auto facts = ExportSource();
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  ASSERT_TRUE(Sql(dst_,
                  "CREATE DATABASE shop; CREATE TABLE shop.old_only (v INT); "
                  "INSERT INTO shop.old_only VALUES (7);")
                  .ok());

  stack::ComponentSpec dst_spec = Spec(dst_);
  auto dst_executor = exec::docker::MakeExecutor(engine().os(), dst_spec.container);
  ASSERT_TRUE(dst_executor.ok()) << dst_executor.status().ToString();
  ComponentContext ctx{engine().os(), **dst_executor, stack_, dst_spec, {}, {}};
  testing::DirPayloadReader in(engine().os(), medium_);

  auto refused = component_->Restore(ctx, in, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), "T001") << refused.status().ToString();
  EXPECT_EQ(*Sql(dst_, "SELECT v FROM shop.old_only;"), "7\n");

  RestoreOptions forced;
  forced.force = true;
  forced.rollback_dir = medium_ / "rollback";
  auto record = component_->Restore(ctx, in, forced);
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  ASSERT_TRUE(record->contains("databases")) << record->dump();
  EXPECT_TRUE(fs::exists((*record)["databases"][0]["copy"].get<std::string>()));
  auto findings = component_->Validate(ctx, *facts);
  EXPECT_FALSE(HasFailures(findings)) << Describe(findings);
  EXPECT_FALSE(Sql(dst_, "SELECT v FROM shop.old_only;").ok());

  Status rolled = component_->Rollback(ctx, *record);
  ASSERT_TRUE(rolled.ok()) << rolled.ToString();
  EXPECT_EQ(*Sql(dst_, "SELECT v FROM shop.old_only;"), "7\n");
  EXPECT_EQ(
      *Sql(dst_, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'shop';"),
      "1\n");
}

}  // namespace
}  // namespace ferry::components
