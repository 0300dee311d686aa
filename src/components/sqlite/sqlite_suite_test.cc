// The sqlite kind against the component contract (components/testing/component_suite.h):
// a database file whose content is every row of every table, in rowid order.
#include <fstream>

#include "components/sqlite/sqlite_db.h"
#include "components/testing/path_kind_fixture.h"

namespace ferry::components::testing {
namespace {

Status Exec(const fs::path& path, const std::string& sql) {
  FERRY_ASSIGN_OR_RETURN(sqlite::Database db,
                         sqlite::Database::OpenReadWrite(path, /*create=*/true));
  char* error = nullptr;
  if (sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, &error) == SQLITE_OK)
    return Status::Ok();
  Status failed = Status::Error("X004", sql.substr(0, 40) + ": " + (error ? error : "?"));
  sqlite3_free(error);
  return failed;
}

class SqliteFixture final : public PathKindFixture {
 public:
  std::string kind() const override { return "sqlite"; }
  Capabilities capabilities() const override { return {}; }

  // A file that is not a database where the database should be.
  Status BreakSource() override {
    source_ = scratch_ / "source" / "garbage.db";
    std::ofstream(source_) << std::string(4096, 'x');
    return Status::Ok();
  }
  ExpectedFinding BrokenSourceFinding() const override { return {"DB015", "not a database"}; }
  ExpectedFinding PlantedDifferenceFinding() const override {
    return {"V003", "table notes: exported 300 rows, restored 301"};
  }

 protected:
  Status Make(const fs::path& path) override {
    fs::create_directories(path.parent_path());
    return Exec(path,
                "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT);"
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"
                "  INSERT INTO notes SELECT i, 'note ' || i FROM n;");
  }
  Result<std::string> Describe(const fs::path& path) override {
    // Read-only: describing the source must not change it.
    FERRY_ASSIGN_OR_RETURN(sqlite::Database db,
                           sqlite::Database::OpenReadOnly(path, /*immutable=*/false));
    std::string text;
    FERRY_ASSIGN_OR_RETURN(
        auto tables, db.Query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"));
    for (const auto& table : tables) {
      text += "table " + table[0] + "\n";
      FERRY_ASSIGN_OR_RETURN(auto rows,
                             db.Query("SELECT * FROM \"" + table[0] + "\" ORDER BY rowid"));
      for (const auto& row : rows) {
        for (const std::string& cell : row) text += cell + "|";
        text += "\n";
      }
    }
    return text;
  }
  // A row the export does not hold.
  Status Change(const fs::path& path) override {
    return Exec(path, "INSERT INTO notes(body) VALUES('not exported')");
  }
};

INSTANTIATE_TEST_SUITE_P(Sqlite, ComponentSuite, ::testing::Values(&Shared<SqliteFixture>));

}  // namespace
}  // namespace ferry::components::testing
