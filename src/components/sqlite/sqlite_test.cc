// The sqlite kind against real SQLite files in temp folders, including an
// export while another connection keeps inserting. Nothing mocked.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "archive/testing/tree_fixtures.h"
#include "components/kinds.h"
#include "components/sqlite/sqlite_db.h"
#include "components/testing/adapter_test.h"
#include "components/testing/findings_text.h"

namespace ferry::components {
namespace {

namespace fs = std::filesystem;
using archive::testing::ReadFile;
using sqlite::Database;

using testing::FindingsText;
using testing::HasCode;

void Exec(Database& db, const std::string& sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, &error);
  ASSERT_EQ(rc, SQLITE_OK) << (error ? error : "") << " in " << sql;
}

uint64_t Count(Database& db, const std::string& table) {
  auto rows = db.Query("SELECT count(*) FROM " + table);
  return rows.ok() ? std::stoull(rows->at(0).at(0)) : 0;
}

class SqliteComponentTest : public testing::AdapterTest {
 protected:
  SqliteComponentTest() : AdapterTest("sqlite", "db", NewSqliteComponent()) {
    src_ = tmp_.path() / "src" / "app.db";
    target_ = tmp_.path() / "restore" / "app.db";
  }

  // Three tables (10,000 rows in all), an index, a view; pairs "a" and "b"
  // always gain rows in the same transaction.
  void MakeDatabase(bool wal) {
    auto db = Database::OpenReadWrite(src_, /*create=*/true);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    if (wal) Exec(*db, "PRAGMA journal_mode=WAL");
    Exec(*db,
         "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, bio TEXT);"
         "CREATE TABLE a(id INTEGER PRIMARY KEY, v TEXT);"
         "CREATE TABLE b(id INTEGER PRIMARY KEY, v TEXT);"
         "CREATE INDEX users_name ON users(name);"
         "CREATE VIEW named AS SELECT name FROM users;"
         "BEGIN;"
         "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000)"
         "  INSERT INTO users SELECT i, 'user ' || i, hex(randomblob(40)) FROM n;"
         "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
         "  INSERT INTO a SELECT i, hex(randomblob(20)) FROM n;"
         "INSERT INTO b SELECT id, v FROM a;"
         "COMMIT;");
  }
};

TEST_F(SqliteComponentTest, RoundTripValidatesAndLeavesSourceAlone) {
  fs::create_directories(src_.parent_path());
  MakeDatabase(/*wal=*/false);
  const std::string before = ReadFile(src_);
  ComponentContext ctx = Ctx(src_);
  EXPECT_FALSE(HasFailures(Check(src_)));
  auto facts = Export();
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  EXPECT_EQ(ReadFile(src_), before) << "export changed the source";
  EXPECT_EQ(std::distance(fs::directory_iterator(src_.parent_path()), fs::directory_iterator()), 1)
      << "export left files beside the source";
  EXPECT_EQ((*facts)["tables"]["users"], 6000);
  EXPECT_EQ((*facts)["tables"]["a"], 2000);
  EXPECT_EQ((*facts)["journal_mode"], "delete");
  EXPECT_EQ((*facts)["schema_sha256"].get<std::string>().size(), 64u);
  auto estimate = adapter_->EstimateBytes(ctx);
  ASSERT_TRUE(estimate.ok());
  EXPECT_GE(*estimate, fs::file_size(medium_ / "db.sqlite.zst"));

  auto record = Restore();
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_TRUE(record->is_null());
  auto findings = Validate(*facts);
  EXPECT_FALSE(HasFailures(findings)) << FindingsText(findings);
  EXPECT_FALSE(fs::exists(target_.string() + ".ferry-staging"));
}

TEST_F(SqliteComponentTest, ExportWhileAnotherConnectionInsertsIsConsistent) {
  fs::create_directories(src_.parent_path());
  MakeDatabase(/*wal=*/true);
  std::atomic<bool> stop{false};
  std::atomic<int> commits{0};
  std::thread writer([&] {
    auto db = Database::OpenReadWrite(src_, /*create=*/false);
    ASSERT_TRUE(db.ok());
    for (int i = 0; !stop; ++i) {
      // a and b grow together: a torn copy would show them unequal.
      std::string v = "'" + std::to_string(i) + "'";
      if (sqlite3_exec(
              db->get(),
              ("BEGIN IMMEDIATE; INSERT INTO a(v) VALUES(" + v + "); INSERT INTO b(v) VALUES(" + v +
               "); INSERT INTO users(name, bio) VALUES('late', hex(randomblob(500))); COMMIT;")
                  .c_str(),
              nullptr, nullptr, nullptr) == SQLITE_OK) {
        ++commits;
      } else {
        sqlite3_exec(db->get(), "ROLLBACK", nullptr, nullptr, nullptr);
      }
    }
  });
  while (commits < 50) std::this_thread::yield();
  const int commits_before = commits;
  auto facts = Export();
  const int commits_after = commits;
  stop = true;
  writer.join();
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  EXPECT_GT(commits_after, commits_before) << "the writer did not run during the export";
  EXPECT_EQ((*facts)["journal_mode"], "wal");
  EXPECT_EQ((*facts)["tables"]["a"], (*facts)["tables"]["b"]) << "the copy is torn";
  EXPECT_GE((*facts)["tables"]["a"].get<int>(), 2000 + commits_before);

  ASSERT_TRUE(Restore().ok());
  auto findings = Validate(*facts);
  EXPECT_FALSE(HasFailures(findings)) << FindingsText(findings);
}

TEST_F(SqliteComponentTest, IdleWalDatabaseGetsNoSideFilesFromCheckOrExport) {
  fs::create_directories(src_.parent_path());
  MakeDatabase(/*wal=*/true);  // closed again: no -wal or -shm now
  const std::string before = ReadFile(src_);
  auto files_beside = [&] {
    return std::distance(fs::directory_iterator(src_.parent_path()), fs::directory_iterator());
  };
  ASSERT_EQ(files_beside(), 1);
  EXPECT_FALSE(HasFailures(Check(src_)));
  auto facts = Export();
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  EXPECT_EQ(files_beside(), 1) << "check or export left -wal/-shm beside the source";
  EXPECT_EQ(ReadFile(src_), before);
  EXPECT_EQ((*facts)["journal_mode"], "wal");
  EXPECT_EQ((*facts)["tables"]["users"], 6000);
}

TEST_F(SqliteComponentTest, DamagedPayloadFailsRestoreAndLeavesNothing) {
  fs::create_directories(src_.parent_path());
  MakeDatabase(/*wal=*/false);
  ASSERT_TRUE(Export().ok());
  const fs::path payload = medium_ / "db.sqlite.zst";
  {
    std::fstream file(payload, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(fs::file_size(payload) / 2));
    for (int i = 0; i < 16; ++i) file.put(static_cast<char>(0x5a + i));
  }
  auto restored = Restore();
  ASSERT_FALSE(restored.ok());
  EXPECT_FALSE(fs::exists(target_));
  EXPECT_FALSE(fs::exists(target_.string() + ".ferry-staging"));
}

TEST_F(SqliteComponentTest, DamagedRestoredDatabaseIsV003) {
  fs::create_directories(src_.parent_path());
  MakeDatabase(/*wal=*/false);
  auto facts = Export();
  ASSERT_TRUE(facts.ok());
  ASSERT_TRUE(Restore().ok());
  {
    // Scribble over the b-tree header of page 3 and a stretch of page 5.
    std::fstream file(target_, std::ios::in | std::ios::out | std::ios::binary);
    const int64_t page = (*facts)["page_size"];
    file.seekp(page * 2);
    for (int i = 0; i < 64; ++i) file.put(static_cast<char>(0xA5));
    file.seekp(page * 4 + 100);
    for (int i = 0; i < 512; ++i) file.put(static_cast<char>(i * 7));
  }
  auto findings = Validate(*facts);
  EXPECT_TRUE(HasCode(findings, "V003")) << FindingsText(findings);
}

TEST_F(SqliteComponentTest, ValidateNamesATableWithBothCounts) {
  fs::create_directories(src_.parent_path());
  MakeDatabase(/*wal=*/false);
  auto facts = Export();
  ASSERT_TRUE(facts.ok());
  ASSERT_TRUE(Restore().ok());
  {
    auto db = Database::OpenReadWrite(target_, false);
    ASSERT_TRUE(db.ok());
    Exec(*db, "DELETE FROM a WHERE id <= 10");
  }
  std::string text = FindingsText(Validate(*facts));
  EXPECT_NE(text.find("V003 table a: exported 2000 rows, restored 1990"), std::string::npos)
      << text;
}

TEST_F(SqliteComponentTest, ExistingTargetNeedsForceAndRollsBack) {
  fs::create_directories(src_.parent_path());
  MakeDatabase(/*wal=*/false);
  ASSERT_TRUE(Export().ok());
  archive::testing::WriteFile(target_, "the previous database\n");
  auto refused = Restore();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), "T001");

  ASSERT_TRUE(Restore(Forced(/*dry_run=*/true)).ok());
  EXPECT_EQ(ReadFile(target_), "the previous database\n") << "dry run changed the target";

  auto record = Restore(Forced());
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  {
    auto db = Database::OpenReadWrite(target_, false);
    ASSERT_TRUE(db.ok());
    EXPECT_EQ(Count(*db, "users"), 6000u);
  }
  ASSERT_TRUE(Rollback(*record).ok());
  EXPECT_EQ(ReadFile(target_), "the previous database\n");
}

TEST_F(SqliteComponentTest, MissingSourceIsS003) {
  EXPECT_TRUE(HasCode(Check(src_), "S003"));
  auto facts = Export();
  ASSERT_FALSE(facts.ok());
  EXPECT_EQ(facts.status().code(), "S003");
}

TEST_F(SqliteComponentTest, NotADatabaseIsReportedAtCheck) {
  archive::testing::WriteFile(src_, std::string(8192, 'x'));
  auto findings = Check(src_);
  EXPECT_TRUE(HasFailures(findings)) << FindingsText(findings);
}

}  // namespace
}  // namespace ferry::components
