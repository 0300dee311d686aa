// The sqlite kind against the shared path-component suite: a database file
// whose "content" is every row of every table, in rowid order.
#include "components/sqlite/sqlite_db.h"
#include "components/testing/path_component_suite.h"

namespace ferry::components::testing {
namespace {

void Exec(const fs::path& path, const std::string& sql) {
  auto db = sqlite::Database::OpenReadWrite(path, /*create=*/true);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  ASSERT_EQ(sqlite3_exec(db->get(), sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
}

void MakeDatabase(const fs::path& path) {
  fs::create_directories(path.parent_path());
  Exec(path,
       "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT);"
       "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"
       "  INSERT INTO notes SELECT i, 'note ' || i FROM n;");
}

std::string Rows(const fs::path& path) {
  auto db = sqlite::Database::OpenReadWrite(path, /*create=*/false);
  if (!db.ok()) return db.status().ToString();
  std::string text;
  auto tables = db->Query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  if (!tables.ok()) return tables.status().ToString();
  for (const auto& table : *tables) {
    text += "table " + table[0] + "\n";
    auto rows = db->Query("SELECT * FROM \"" + table[0] + "\" ORDER BY rowid");
    if (!rows.ok()) return rows.status().ToString();
    for (const auto& row : *rows) {
      for (const std::string& cell : row) text += cell + "|";
      text += "\n";
    }
  }
  return text;
}

void AddRow(const fs::path& path) { Exec(path, "INSERT INTO notes(body) VALUES('not exported')"); }

INSTANTIATE_TEST_SUITE_P(Sqlite, PathComponentSuite,
                         ::testing::Values(PathKindFixture{"sqlite", MakeDatabase, Rows, AddRow}));

}  // namespace
}  // namespace ferry::components::testing
