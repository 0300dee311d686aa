// A thin owner of an sqlite3 connection for the sqlite kind, with the few
// queries the kind needs: facts, integrity check and the online backup.
// Library calls, not OS calls, so they live here and not in platform/.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "diag/status.h"

namespace ferry::components::sqlite {

namespace fs = std::filesystem;

// What export records and validate compares.
struct DbFacts {
  std::map<std::string, uint64_t> row_counts;  // per table
  std::string schema_sha256;                   // of every sqlite_master.sql, sorted, one per line
  int64_t page_size = 0;
  std::string journal_mode;  // of the source: "wal", "delete"...

  nlohmann::json ToJson() const;
  static Result<DbFacts> FromJson(const nlohmann::json& json);
};

class Database {
 public:
  // The source: read-only through a file: URI with mode=ro, so SQLite itself
  // refuses any write. Errors are S003 (missing) or V003 (not a database).
  // immutable: no locks and no -wal/-shm files; only safe while nobody else
  // uses the file (snapshot.h checks that around the copy).
  static Result<Database> OpenReadOnly(const fs::path& path, bool immutable = false);
  // A file ferry owns (a copy, a staged or restored database).
  static Result<Database> OpenReadWrite(const fs::path& path, bool create);

  Database(Database&& other) noexcept : db_(std::move(other.db_)) {}
  Database& operator=(Database&&) = default;

  sqlite3* get() const { return db_.get(); }

  // Rows of a query, every column as text (NULL as "").
  Result<std::vector<std::vector<std::string>>> Query(const std::string& sql);
  // "ok", or the problems PRAGMA integrity_check lists.
  Result<std::string> IntegrityCheck();
  // Row counts, schema digest and page size; journal_mode as the file says.
  Result<DbFacts> ReadFacts();

  // Copies this database into destination with the online backup API,
  // `pages_per_step` pages per step, calling progress(bytes copied).
  Status BackupTo(Database& destination, int pages_per_step,
                  const std::function<void(uint64_t)>& progress);

 private:
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  explicit Database(sqlite3* db) : db_(db) {}
  Status Error(Code code, const std::string& what) const;

  std::unique_ptr<sqlite3, Closer> db_;
};

// The file: URI of path, with the characters URIs reserve escaped.
std::string FileUri(const fs::path& path, const std::string& query);

}  // namespace ferry::components::sqlite
