// Free space before a mysql restore (issue 9 item 1, the server kinds),
// against a real MariaDB server this test starts: the datadir the server
// names is asked for its free space on this machine, and a medium whose
// payloads unpack to more than that is refused with R002 before a single
// statement reaches the server. The recorded size is raised by editing the
// manifest (and re-writing its digests, as anyone with the drive can):
// the server's disk is whatever this machine has, so a too-large payload
// is the deterministic way to be larger than it.
#include <gtest/gtest.h>

#include <fstream>

#include "archive/testing/tree_fixtures.h"
#include "components/kinds.h"
#include "components/mysql/storage.h"
#include "components/mysql/testing/mariadb_server.h"
#include "phases/export.h"
#include "phases/manifest_io.h"
#include "phases/restore.h"
#include "phases/target_space.h"

namespace ferry::phases {
namespace {

namespace fs = std::filesystem;
using components::mysql::testing::MariadbServer;

constexpr const char* kPasswordEnv = "FERRY_TEST_ROOM_PW";
constexpr const char* kPassword = "room-pw-7";
constexpr uint64_t kHuge = uint64_t{1} << 50;  // 1 PiB: more than any disk here

class RestoreSpaceMysqlTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ::setenv(kPasswordEnv, kPassword, 1);
    tmp_ = new archive::testing::TempDir();
    auto server =
        MariadbServer::Start(platform::DefaultPlatform(), tmp_->path() / "server", kPassword);
    if (!server.ok()) {
      skip_ = server.status().ToString();
      return;
    }
    server_ = server->release();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    delete tmp_;
  }

  void SetUp() override {
    if (!server_) GTEST_SKIP() << skip_;
    dir_ = tmp_->path() / ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::create_directories(dir_ / "medium");
    ASSERT_TRUE(server_
                    ->Sql("DROP DATABASE IF EXISTS room;\nCREATE DATABASE room;\n"
                          "CREATE TABLE room.t (id INT PRIMARY KEY, v VARCHAR(20));\n"
                          "INSERT INTO room.t VALUES (1, 'one'), (2, 'two');\n")
                    .ok());
    nlohmann::json options = server_->Options(kPasswordEnv);
    std::string text = "[[component]]\nname = \"db\"\nkind = \"mysql\"\ndatabases = [\"room\"]\n";
    for (const auto& [key, value] : options.items()) text += key + " = " + value.dump() + "\n";
    stack_file_ = dir_ / "ferry.toml";
    std::ofstream(stack_file_) << text;
    auto stack = stack::LoadStackFile(platform::DefaultPlatform(), stack_file_);
    ASSERT_TRUE(stack.ok()) << stack.status().ToString();
    stack_ = *stack;
  }

  PhaseEnv Env() {
    return PhaseEnv{platform::DefaultPlatform(), reporter_, Options{}, nullptr, 0, nullptr};
  }

  // Exports room, then drops it, so that a restore has somewhere to go.
  void ExportAndDrop() {
    PhaseEnv env = Env();
    Result<Report> exported = RunExport(env, stack_, dir_ / "medium");
    ASSERT_TRUE(exported.ok() && exported->ok())
        << (exported.ok() ? "" : exported.status().ToString());
    ASSERT_TRUE(server_->Sql("DROP DATABASE room;\n").ok());
  }

  // The manifest says the payloads unpack to `bytes`; digests rewritten.
  void RecordUnpackedBytes(uint64_t bytes) {
    medium::Medium medium(platform::DefaultPlatform(), dir_ / "medium");
    auto loaded = LoadManifest(medium);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    loaded->manifest.components["db"]["unpacked_bytes"] = bytes;
    ASSERT_TRUE(RemoveManifests(medium).ok());
    ASSERT_TRUE(WriteManifests(medium, loaded->manifest).ok());
  }

  bool RoomExists() {
    auto out = server_->Sql("SHOW DATABASES LIKE 'room';\n");
    return out.ok() && out->find("room") != std::string::npos;
  }

  static std::string Describe(const Report& report) {
    std::string out;
    for (const Finding& f : report.findings)
      out += (f.code.empty() ? "OK" : f.code) + ": " + f.what + "\n";
    return out;
  }

  static const Finding* Find(const Report& report, const std::string& code) {
    for (const Finding& f : report.findings) {
      if (f.code == code) return &f;
    }
    return nullptr;
  }

  static inline archive::testing::TempDir* tmp_ = nullptr;
  static inline MariadbServer* server_ = nullptr;
  static inline std::string skip_;
  fs::path dir_, stack_file_;
  stack::StackFile stack_;
  SilentReporter reporter_;
};

TEST_F(RestoreSpaceMysqlTest, TheServersOwnDatadirIsAskedOnThisMachine) {
  PhaseEnv env = Env();
  auto setup = SetUpComponent(env, stack_, stack_.components[0], {});
  ASSERT_TRUE(setup.ok()) << setup.status().ToString();
  auto storage = setup->component->RestoreStorage(setup->ctx);
  ASSERT_TRUE(storage.ok()) << storage.status().ToString();
  ASSERT_TRUE(storage->has_value());
  const fs::path datadir = tmp_->path() / "server" / "data";
  EXPECT_NE((*storage)->where.find(datadir.string()), std::string::npos) << (*storage)->where;
  ASSERT_TRUE((*storage)->available.has_value()) << (*storage)->unknown_because;
  EXPECT_LE(*(*storage)->available, fs::space(datadir).capacity);
}

TEST_F(RestoreSpaceMysqlTest,
       PayloadsLargerThanTheDatadirsFreeSpaceAreR002BeforeAnythingIsWritten) {
  ExportAndDrop();
  RecordUnpackedBytes(kHuge);
  PhaseEnv env = Env();
  TargetOptions target{dir_ / "medium", stack_file_, dir_};
  Result<Report> restored = RunRestore(env, target);
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  EXPECT_FALSE(restored->ok());
  const Finding* r002 = Find(*restored, "R002");
  ASSERT_NE(r002, nullptr) << Describe(*restored);
  // Both numbers, and where: the need (1 PiB in MiB) and the datadir's free space.
  EXPECT_NE(r002->what.find(std::to_string(kHuge >> 20) + " MiB"), std::string::npos) << r002->what;
  EXPECT_NE(r002->what.find(" free"), std::string::npos) << r002->what;
  EXPECT_NE(r002->what.find((tmp_->path() / "server" / "data").string()), std::string::npos)
      << r002->what;
  EXPECT_FALSE(RoomExists()) << "the restore wrote to the server although it was refused";

  // --skip-space-check: the restore goes ahead and the data arrives.
  env.options.skip_space_check = true;
  restored = RunRestore(env, target);
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  EXPECT_TRUE(restored->ok()) << Describe(*restored);
  auto rows = server_->Sql("SELECT v FROM room.t ORDER BY id;\n");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*rows, "one\ntwo\n");
}

TEST_F(RestoreSpaceMysqlTest, PayloadsThatFitAreRestoredWithTheCheckOn) {
  ExportAndDrop();
  PhaseEnv env = Env();
  Result<Report> restored = RunRestore(env, TargetOptions{dir_ / "medium", stack_file_, dir_});
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  EXPECT_TRUE(restored->ok()) << Describe(*restored);
  EXPECT_EQ(Find(*restored, "R004"), nullptr) << "a local server's datadir can be checked";
  EXPECT_TRUE(RoomExists());
}

}  // namespace
}  // namespace ferry::phases
