#include "components/sqlite/sqlite_db.h"

#include <algorithm>

#include "stream/sha256.h"

namespace ferry::components::sqlite {
namespace {

// Consecutive busy answers tolerated while a writer holds a lock (50 ms
// apart): a lock held for longer than this is someone else's stuck writer.
constexpr int kMaxBusyRetries = 600;
// Restarts (another connection wrote between two steps) before the backup
// copies the rest in one step: one read transaction, consistent by
// construction. In WAL mode writers go on meanwhile; in rollback-journal
// mode they wait for it, which is why batches are tried first.
constexpr int kMaxRestarts = 3;

std::string QuoteIdentifier(const std::string& name) {
  std::string quoted = "\"";
  for (char c : name) {
    quoted += c;
    if (c == '"') quoted += '"';
  }
  return quoted + "\"";
}

// SQLite's error code as a catalog code a user can act on.
Code CodeFor(int sqlite_code, Code fallback) {
  switch (sqlite_code & 0xff) {
    case SQLITE_FULL:
      return "R002";  // the temp copy or staging filled the local disk
    case SQLITE_CANTOPEN:
      return "S003";
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return "V003";
    default:
      return fallback;
  }
}

Result<sqlite3*> Open(const std::string& name, int flags) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(name.c_str(), &db, flags | SQLITE_OPEN_URI, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Status::Error(CodeFor(rc, "V003"),
                         "cannot open SQLite database " + name + ": " + message);
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_extended_result_codes(db, 1);
  return db;
}

}  // namespace

std::string FileUri(const fs::path& path, const std::string& query) {
  static const char* kHex = "0123456789ABCDEF";
  std::string uri = "file:";
  for (unsigned char c : fs::absolute(path).string()) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      uri += static_cast<char>(c);
    } else {
      uri += '%';
      uri += kHex[c >> 4];
      uri += kHex[c & 15];
    }
  }
  return query.empty() ? uri : uri + "?" + query;
}

Result<Database> Database::OpenReadOnly(const fs::path& path, bool immutable) {
  FERRY_ASSIGN_OR_RETURN(
      sqlite3 * db,
      Open(FileUri(path, immutable ? "mode=ro&immutable=1" : "mode=ro"), SQLITE_OPEN_READONLY));
  return Database(db);
}

Result<Database> Database::OpenReadWrite(const fs::path& path, bool create) {
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  FERRY_ASSIGN_OR_RETURN(sqlite3 * db, Open(FileUri(path, ""), flags));
  return Database(db);
}

Status Database::Error(Code code, const std::string& what) const {
  int rc = sqlite3_extended_errcode(db_.get());
  return Status::Error(CodeFor(rc, code), what + ": " + sqlite3_errmsg(db_.get()) + " (" +
                                              sqlite3_db_filename(db_.get(), "main") + ")");
}

Result<std::vector<std::vector<std::string>>> Database::Query(const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    return Error("V003", "query failed: " + sql);
  }
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> statement(raw, sqlite3_finalize);
  std::vector<std::vector<std::string>> rows;
  int rc;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    std::vector<std::string>& row = rows.emplace_back();
    for (int i = 0; i < sqlite3_column_count(raw); ++i) {
      const unsigned char* text = sqlite3_column_text(raw, i);
      row.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
  }
  if (rc != SQLITE_DONE) return Error("V003", "query failed: " + sql);
  return rows;
}

Result<std::string> Database::IntegrityCheck() {
  FERRY_ASSIGN_OR_RETURN(auto rows, Query("PRAGMA integrity_check(20)"));
  std::string result;
  for (const auto& row : rows) result += (result.empty() ? "" : "; ") + row.at(0);
  return result;
}

Result<DbFacts> Database::ReadFacts() {
  DbFacts facts;
  FERRY_ASSIGN_OR_RETURN(auto schema, Query("SELECT type, name, sql FROM sqlite_master"));
  std::vector<std::string> statements;
  for (const auto& row : schema) {
    if (!row[2].empty()) statements.push_back(row[2]);
    // Virtual tables need their module to be counted; their shadow tables
    // hold the data and are counted instead.
    if (row[0] == "table" && row[2].rfind("CREATE VIRTUAL", 0) != 0) {
      FERRY_ASSIGN_OR_RETURN(auto count, Query("SELECT count(*) FROM " + QuoteIdentifier(row[1])));
      facts.row_counts[row[1]] = std::stoull(count.at(0).at(0));
    }
  }
  std::sort(statements.begin(), statements.end());
  stream::Sha256 digest;
  for (const std::string& sql : statements) digest.Update(sql + "\n");
  facts.schema_sha256 = digest.HexDigest();
  FERRY_ASSIGN_OR_RETURN(auto page_size, Query("PRAGMA page_size"));
  facts.page_size = std::stoll(page_size.at(0).at(0));
  FERRY_ASSIGN_OR_RETURN(auto journal, Query("PRAGMA journal_mode"));
  facts.journal_mode = journal.at(0).at(0);
  return facts;
}

Status Database::BackupTo(Database& destination, int pages_per_step,
                          const std::function<void(uint64_t)>& progress) {
  FERRY_ASSIGN_OR_RETURN(auto page_size, Query("PRAGMA page_size"));
  const uint64_t bytes_per_page = std::stoull(page_size.at(0).at(0));
  sqlite3_backup* backup = sqlite3_backup_init(destination.get(), "main", db_.get(), "main");
  if (!backup) return destination.Error("V003", "cannot start the online backup");
  int busy = 0, restarts = 0, last_remaining = -1;
  int rc;
  while (true) {
    rc = sqlite3_backup_step(backup, pages_per_step);
    const int remaining = sqlite3_backup_remaining(backup);
    progress(static_cast<uint64_t>(sqlite3_backup_pagecount(backup) - remaining) * bytes_per_page);
    if (rc == SQLITE_DONE) break;
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
      if (++busy > kMaxBusyRetries) break;
      sqlite3_sleep(50);
      continue;
    }
    if (rc != SQLITE_OK) break;
    busy = 0;
    if (last_remaining >= 0 && remaining > last_remaining && ++restarts >= kMaxRestarts) {
      pages_per_step = -1;
    }
    last_remaining = remaining;
  }
  int finished = sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE || finished != SQLITE_OK) {
    return destination.Error("V003",
                             "online backup failed (" + std::string(sqlite3_errstr(rc)) + ")");
  }
  return Status::Ok();
}

nlohmann::json DbFacts::ToJson() const {
  return {{"tables", row_counts},
          {"schema_sha256", schema_sha256},
          {"page_size", page_size},
          {"journal_mode", journal_mode}};
}

Result<DbFacts> DbFacts::FromJson(const nlohmann::json& json) {
  try {
    DbFacts facts;
    facts.row_counts = json.at("tables").get<std::map<std::string, uint64_t>>();
    facts.schema_sha256 = json.at("schema_sha256").get<std::string>();
    facts.page_size = json.value("page_size", int64_t{0});
    facts.journal_mode = json.value("journal_mode", "");
    return facts;
  } catch (const nlohmann::json::exception& e) {
    return Status::Error("X004",
                         std::string("sqlite facts in the manifest are malformed: ") + e.what());
  }
}

}  // namespace ferry::components::sqlite
