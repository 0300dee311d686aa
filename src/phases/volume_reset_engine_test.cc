// `ferry reset-volume` (seed Scenario 3) on a real engine: a MariaDB
// container named like the user's openspg-mysql, its datadir on a named
// volume. Refusals (no flag, no verified export) change nothing; a reset
// after a verified export empties the volume in place and the container
// comes back with a fresh database; restore of the component then
// validates; rollback puts the old datadir back, owners included, and the
// server runs on it again.
#include <errno.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "components/testing/findings_text.h"
#include "exec/docker/container_executor.h"
#include "exec/docker/engine_fixture.h"
#include "phases/export.h"
#include "phases/restore.h"
#include "phases/volume_reset.h"
#include "platform/fault_injection.h"

namespace ferry::phases {
namespace {

using components::testing::FindingsText;
using components::testing::HasCode;
using exec::docker::testing::EngineTest;

constexpr const char* kPasswordEnv = "FERRY_TEST_VOLRESET_PW";
constexpr const char* kPassword = "volreset pw#1";

constexpr const char* kFixture = R"sql(
CREATE DATABASE shop;
USE shop;
CREATE TABLE shop.customers (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL) ENGINE=InnoDB;
CREATE TABLE shop.orders (id INT PRIMARY KEY, customer_id INT NOT NULL,
  FOREIGN KEY (customer_id) REFERENCES shop.customers(id)) ENGINE=InnoDB;
INSERT INTO shop.customers SELECT seq, CONCAT('customer-', seq) FROM seq_1_to_500;
INSERT INTO shop.orders SELECT seq, seq FROM seq_1_to_500;
)sql";

class VolumeResetTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    ::setenv(kPasswordEnv, kPassword, 1);
    dir_ = fs::temp_directory_path() / Unique("ferry-volreset");
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "target");
    fs::create_directories(dir_ / "medium");
    volume_ = Unique("openspg-mysql-data");
    (void)engine().Host({"podman", "volume", "rm", "-f", volume_});
    ASSERT_TRUE(engine().Host({"podman", "volume", "create", volume_}).ok());
    RemoveVolumeLater(volume_);
    auto name = RunMariadb("openspg-mysql", kPassword, {"-v", volume_ + ":/var/lib/mysql"});
    ASSERT_TRUE(name.ok()) << name.status().ToString();
    container_ = *name;
    auto loaded = Sql(kFixture);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    stack_file_ = dir_ / "target" / "ferry.toml";
    std::ofstream(stack_file_)
        << "[[component]]\nname = \"appdb\"\nkind = \"mysql\"\ncontainer = \"" << container_
        << "\"\nvolumes = [\"" << volume_ << "\"]\nuser = \"root\"\n"
        << "socket = \"/run/mysqld/mysqld.sock\"\npassword_env = \"" << kPasswordEnv
        << "\"\ndatabases = [\"shop\"]\n";
  }
  void TearDown() override {
    ::unsetenv(kPasswordEnv);
    EngineTest::TearDown();
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }

  Result<std::string> Sql(const std::string& sql) {
    FERRY_ASSIGN_OR_RETURN(auto executor, exec::docker::MakeExecutor(engine().os(), container_));
    exec::Command command;
    command.argv = {"mariadb", "--defaults-extra-file=/dev/fd/3", "-N", "-B"};
    command.inherited = {{3, std::string("[client]\nuser=root\npassword=\"") + kPassword + "\"\n"}};
    FERRY_ASSIGN_OR_RETURN(exec::CommandOutput output, exec::Run(*executor, command, 1 << 20, sql));
    if (output.exit_code != 0) return Status::Error("X002", "mariadb: " + output.err);
    return output.out;
  }

  // The server may still be starting after a restart.
  Result<std::string> SqlWhenUp(const std::string& sql) {
    auto deadline = platform::DefaultPlatform().Monotonic() + std::chrono::seconds(60);
    while (true) {
      auto out = Sql(sql);
      if (out.ok() || platform::DefaultPlatform().Monotonic() > deadline) return out;
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
  }

  PhaseEnv Env(Options options = {}) { return PhaseEnv{engine().os(), silent_, options}; }

  // True when the export ran and found nothing wrong; else says why.
  bool Export() {
    auto stack = stack::LoadStackFile(engine().os(), stack_file_);
    EXPECT_TRUE(stack.ok()) << stack.status().ToString();
    if (!stack.ok()) return false;
    PhaseEnv env = Env();
    auto report = RunExport(env, *stack, dir_ / "medium");
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    if (!report.ok()) return false;
    EXPECT_TRUE(report->ok()) << FindingsText(report->findings);
    return report->ok();
  }

  VolumeResetOptions Reset(bool confirmed) {
    VolumeResetOptions options;
    options.target = {dir_ / "medium", stack_file_, {}};
    options.component = "appdb";
    options.confirmed = confirmed;
    options.timeout_seconds = 60;
    return options;
  }

  std::string Customers() {
    auto out = Sql("SELECT COUNT(*) FROM shop.customers;");
    return out.ok() ? *out : out.status().ToString();
  }

  bool Running() {
    auto info = client().Inspect(container_);
    return info.ok() && info->running;
  }

  std::vector<fs::path> RollbackCopies() {
    std::vector<fs::path> out;
    fs::path base = dir_ / "target" / kRollbackFolder;
    if (!fs::exists(base)) return out;
    for (const auto& e : fs::recursive_directory_iterator(base)) {
      if (e.path().string().ends_with(".tar.zst")) out.push_back(e.path());
    }
    return out;
  }

  SilentReporter silent_;
  fs::path dir_, stack_file_;
  std::string volume_, container_;
};

TEST_F(VolumeResetTest, RefusesWithoutAVerifiedExportAndChangesNothing) {
  PhaseEnv env = Env();
  // No export at all.
  auto none = RunVolumeReset(env, Reset(true));
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_TRUE(HasCode(none->findings, "T005")) << FindingsText(none->findings);

  // An export whose dump no longer matches its hash.
  ASSERT_TRUE(Export());
  fs::path dump = dir_ / "medium" / "appdb" / "shop.sql.zst";
  ASSERT_TRUE(fs::exists(dump));
  {
    std::fstream f(dump, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(20);
    f.put('\x5a');
  }
  auto damaged = RunVolumeReset(env, Reset(true));
  ASSERT_TRUE(damaged.ok()) << damaged.status().ToString();
  EXPECT_TRUE(HasCode(damaged->findings, "FS003")) << FindingsText(damaged->findings);
  EXPECT_TRUE(HasCode(damaged->findings, "T005")) << FindingsText(damaged->findings);

  EXPECT_TRUE(Running());
  EXPECT_EQ(Customers(), "500\n");
  EXPECT_TRUE(RollbackCopies().empty());
}

TEST_F(VolumeResetTest, RefusesWithoutTheFlagOrWhileAnotherContainerUsesTheVolume) {
  ASSERT_TRUE(Export());
  exec::HostExecutor host(platform::DefaultPlatform());
  exec::Command command;
  command.argv = {FERRY_CLI_PATH, "reset-volume",       "--from",      (dir_ / "medium").string(),
                  "--stack",      stack_file_.string(), "--component", "appdb",
                  "--json"};
  command.env = {{"DOCKER_HOST", engine().endpoint().Describe()}, {kPasswordEnv, kPassword}};
  auto run = exec::Run(host, command);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->exit_code, 1) << run->out << run->err;
  EXPECT_NE(run->out.find("\"T004\""), std::string::npos) << run->out;
  EXPECT_NE(run->out.find("--yes-delete-volume-contents"), std::string::npos) << run->out;

  // --dry-run with the flag: says what it would do, does nothing.
  command.argv.push_back("--yes-delete-volume-contents");
  command.argv.push_back("--dry-run");
  run = exec::Run(host, command);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->exit_code, 0) << run->out << run->err;
  EXPECT_NE(run->out.find("dry run: would stop container " + container_), std::string::npos)
      << run->out;

  // Another running container uses the volume: emptying it would pull the
  // data from under that one too.
  std::string sidecar = RunContainer("openspg-sidecar", {"-v", volume_ + ":/shared"});
  PhaseEnv env = Env();
  auto shared = RunVolumeReset(env, Reset(true));
  ASSERT_TRUE(shared.ok()) << shared.status().ToString();
  EXPECT_TRUE(HasCode(shared->findings, "D004")) << FindingsText(shared->findings);
  EXPECT_NE(FindingsText(shared->findings).find("mounted by running container " + sidecar),
            std::string::npos)
      << FindingsText(shared->findings);

  EXPECT_TRUE(Running());
  EXPECT_EQ(Customers(), "500\n");
  EXPECT_TRUE(RollbackCopies().empty());
}

// The rollback copy cannot be written (the target's disk fills up): the
// reset stops before emptying anything and starts the container again.
TEST_F(VolumeResetTest, ACopyThatCannotBeWrittenDeletesNothingAndRestartsTheContainer) {
  ASSERT_TRUE(Export());
  platform::FaultInjectingPlatform full(engine().os());
  full.FailWritesAfter(64 * 1024, ENOSPC);
  PhaseEnv env{full, silent_, {}};
  auto reset = RunVolumeReset(env, Reset(true));
  ASSERT_TRUE(reset.ok()) << reset.status().ToString();
  EXPECT_TRUE(HasCode(reset->findings, "D007")) << FindingsText(reset->findings);
  EXPECT_NE(FindingsText(reset->findings).find("No space left on device"), std::string::npos)
      << FindingsText(reset->findings);
  EXPECT_NE(FindingsText(reset->findings).find("nothing was deleted"), std::string::npos)
      << FindingsText(reset->findings);
  EXPECT_TRUE(Running());
  auto customers = SqlWhenUp("SELECT COUNT(*) FROM shop.customers;");
  ASSERT_TRUE(customers.ok()) << customers.status().ToString();
  EXPECT_EQ(*customers, "500\n");
  // No rollback set was recorded: there is nothing to undo.
  PhaseEnv plain = Env();
  auto rolled = RunRollback(plain, {dir_ / "medium", stack_file_, {}});
  ASSERT_TRUE(rolled.ok()) << rolled.status().ToString();
  EXPECT_TRUE(HasCode(rolled->findings, "T002")) << FindingsText(rolled->findings);
}

TEST_F(VolumeResetTest, ResetThenRestoreValidatesAndRollbackPutsTheOldDatadirBack) {
  ASSERT_TRUE(Export());
  // Written after the export: only the old volume holds it, so seeing it
  // again proves the rollback brought back that volume, not the export.
  ASSERT_TRUE(
      Sql("CREATE TABLE shop.after_export (id INT); INSERT INTO shop.after_export VALUES (42);")
          .ok());

  PhaseEnv env = Env();
  auto reset = RunVolumeReset(env, Reset(true));
  ASSERT_TRUE(reset.ok()) << reset.status().ToString();
  ASSERT_TRUE(reset->ok()) << FindingsText(reset->findings);
  EXPECT_TRUE(Running());
  ASSERT_EQ(RollbackCopies().size(), 1u);

  // The volume is the same one, now holding only a fresh server's datadir.
  auto info = client().Inspect(container_);
  ASSERT_TRUE(info.ok());
  ASSERT_EQ(info->mounts.size(), 1u);
  EXPECT_EQ(info->mounts[0].name, volume_);
  ASSERT_TRUE(AwaitFreshMariadb(container_, kPassword).ok());
  EXPECT_EQ(*Sql("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'shop';"),
            "0\n");

  TargetOptions target{dir_ / "medium", stack_file_, {}};
  target.component = "appdb";
  auto restored = RunRestore(env, target);
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  ASSERT_TRUE(restored->ok()) << FindingsText(restored->findings);
  auto validated = RunValidate(env, target);
  ASSERT_TRUE(validated.ok()) << validated.status().ToString();
  EXPECT_TRUE(validated->ok()) << FindingsText(validated->findings);
  EXPECT_EQ(Customers(), "500\n");
  EXPECT_FALSE(Sql("SELECT id FROM shop.after_export;").ok());

  auto rolled = RunRollback(env, {dir_ / "medium", stack_file_, {}});
  ASSERT_TRUE(rolled.ok()) << rolled.status().ToString();
  ASSERT_TRUE(rolled->ok()) << FindingsText(rolled->findings);
  auto marker = SqlWhenUp("SELECT id FROM shop.after_export;");
  ASSERT_TRUE(marker.ok()) << marker.status().ToString();
  EXPECT_EQ(*marker, "42\n");
  EXPECT_EQ(Customers(), "500\n");
  // The datadir came back owned by mysql, not root: the server writes to it.
  EXPECT_TRUE(Sql("INSERT INTO shop.after_export VALUES (43);").ok());
  // What the restore had written is kept beside the copy, not deleted.
  EXPECT_EQ(RollbackCopies().size(), 2u);
}

}  // namespace
}  // namespace ferry::phases
