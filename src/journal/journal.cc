#include "journal/journal.h"

#include <sqlite3.h>

#include <chrono>
#include <ctime>
#include <string>

namespace ferry::journal {
namespace {

constexpr const char* kSchema = R"sql(
PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
CREATE TABLE IF NOT EXISTS runs(
  id INTEGER PRIMARY KEY AUTOINCREMENT, command TEXT, stack TEXT, medium TEXT, root TEXT,
  started_utc TEXT, finished_utc TEXT, outcome TEXT);
CREATE TABLE IF NOT EXISTS phases(
  run_id INTEGER, seq INTEGER PRIMARY KEY AUTOINCREMENT, phase TEXT, state TEXT, detail TEXT, at_utc TEXT);
CREATE TABLE IF NOT EXISTS payloads(
  medium TEXT, path TEXT, component TEXT, state TEXT, sha256 TEXT, size INTEGER, mtime_ns INTEGER,
  updated_utc TEXT, PRIMARY KEY(medium, path));
CREATE TABLE IF NOT EXISTS facts(
  medium TEXT, component TEXT, facts TEXT, PRIMARY KEY(medium, component));
)sql";

// A prepared statement that finalizes itself.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt& Bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  bool Step() { return sqlite3_step(stmt_) == SQLITE_ROW; }
  int Run() { return sqlite3_step(stmt_); }
  std::string Text(int col) {
    const unsigned char* t = sqlite3_column_text(stmt_, col);
    return t ? reinterpret_cast<const char*>(t) : "";
  }
  int64_t Int(int col) { return sqlite3_column_int64(stmt_, col); }
  bool ok() const { return stmt_ != nullptr; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace

struct Journal::Db {
  sqlite3* handle = nullptr;
  ~Db() { sqlite3_close(handle); }
  Status Check(int rc, const char* what) {
    if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return Status::Ok();
    return Status::Error("X004", std::string("journal: ") + what + ": " + sqlite3_errmsg(handle));
  }
};

std::string UtcNow() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Journal::Journal(std::unique_ptr<Db> db) : db_(std::move(db)) {}
Journal::~Journal() = default;

Result<std::unique_ptr<Journal>> Journal::Open(const std::filesystem::path& file) {
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  auto db = std::make_unique<Db>();
  if (sqlite3_open(file.c_str(), &db->handle) != SQLITE_OK) {
    return Status::Error(
        "R002", "cannot open journal " + file.string() + ": " + sqlite3_errmsg(db->handle));
  }
  sqlite3_busy_timeout(db->handle, 10000);
  char* err = nullptr;
  if (sqlite3_exec(db->handle, kSchema, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "?";
    sqlite3_free(err);
    return Status::Error("X004", "cannot prepare journal " + file.string() + ": " + msg);
  }
  return std::unique_ptr<Journal>(new Journal(std::move(db)));
}

Status Journal::Write(std::string_view what, const std::function<Status()>& write) {
  if (hook_) FERRY_RETURN_IF_ERROR(hook_(what, false));
  FERRY_RETURN_IF_ERROR(write());
  return hook_ ? hook_(what, true) : Status::Ok();
}

Result<int64_t> Journal::BeginRun(const RunRecord& run) {
  int64_t id = 0;
  FERRY_RETURN_IF_ERROR(Write("begin run", [&] {
    Stmt s(db_->handle,
           "INSERT INTO runs(command, stack, medium, root, started_utc, finished_utc, outcome) "
           "VALUES(?,?,?,?,?,'','running')");
    s.Bind(1, run.command)
        .Bind(2, run.stack)
        .Bind(3, run.medium)
        .Bind(4, run.root)
        .Bind(5, UtcNow());
    FERRY_RETURN_IF_ERROR(db_->Check(s.Run(), "begin run"));
    id = static_cast<int64_t>(sqlite3_last_insert_rowid(db_->handle));
    return Status::Ok();
  }));
  return id;
}

Status Journal::EndRun(int64_t run_id, const std::string& outcome) {
  return Write("end run", [&] {
    Stmt s(db_->handle, "UPDATE runs SET finished_utc=?, outcome=? WHERE id=?");
    s.Bind(1, UtcNow()).Bind(2, outcome).Bind(3, run_id);
    return db_->Check(s.Run(), "end run");
  });
}

Status Journal::RecordPhase(int64_t run_id, const std::string& phase, const std::string& state,
                            const std::string& detail) {
  return Write("record phase", [&] {
    Stmt s(db_->handle,
           "INSERT INTO phases(run_id, phase, state, detail, at_utc) VALUES(?,?,?,?,?)");
    s.Bind(1, run_id).Bind(2, phase).Bind(3, state).Bind(4, detail).Bind(5, UtcNow());
    return db_->Check(s.Run(), "record phase");
  });
}

Status Journal::PutPayload(const PayloadRecord& r) {
  return Write("record payload " + r.path + " " + r.state, [&] {
    Stmt s(db_->handle,
           "INSERT OR REPLACE INTO payloads(medium, path, component, state, sha256, size, "
           "mtime_ns, updated_utc) "
           "VALUES(?,?,?,?,?,?,?,?)");
    s.Bind(1, r.medium).Bind(2, r.path).Bind(3, r.component).Bind(4, r.state).Bind(5, r.sha256);
    s.Bind(6, static_cast<int64_t>(r.size)).Bind(7, r.mtime_ns).Bind(8, UtcNow());
    return db_->Check(s.Run(), "record payload");
  });
}

std::optional<PayloadRecord> Journal::GetPayload(const std::string& medium,
                                                 const std::string& path) {
  Stmt s(db_->handle,
         "SELECT component, state, sha256, size, mtime_ns FROM payloads WHERE medium=? AND path=?");
  s.Bind(1, medium).Bind(2, path);
  if (!s.Step()) return std::nullopt;
  return PayloadRecord{
      medium, path, s.Text(0), s.Text(1), s.Text(2), static_cast<uint64_t>(s.Int(3)), s.Int(4)};
}

Result<std::vector<PayloadRecord>> Journal::Payloads(const std::string& medium) {
  Stmt s(db_->handle,
         "SELECT path, component, state, sha256, size, mtime_ns FROM payloads WHERE medium=? ORDER "
         "BY path");
  s.Bind(1, medium);
  std::vector<PayloadRecord> out;
  while (s.Step()) {
    out.push_back({medium, s.Text(0), s.Text(1), s.Text(2), s.Text(3),
                   static_cast<uint64_t>(s.Int(4)), s.Int(5)});
  }
  return out;
}

Status Journal::PutFacts(const std::string& medium, const std::string& component,
                         const std::string& facts) {
  return Write("record facts " + component, [&] {
    Stmt s(db_->handle, "INSERT OR REPLACE INTO facts(medium, component, facts) VALUES(?,?,?)");
    s.Bind(1, medium).Bind(2, component).Bind(3, facts);
    return db_->Check(s.Run(), "record facts");
  });
}

std::optional<std::string> Journal::GetFacts(const std::string& medium,
                                             const std::string& component) {
  Stmt s(db_->handle, "SELECT facts FROM facts WHERE medium=? AND component=?");
  s.Bind(1, medium).Bind(2, component);
  if (!s.Step()) return std::nullopt;
  return s.Text(0);
}

Status Journal::ForgetMedium(const std::string& medium) {
  return Write("forget medium", [&] {
    Stmt a(db_->handle, "DELETE FROM payloads WHERE medium=?");
    a.Bind(1, medium);
    FERRY_RETURN_IF_ERROR(db_->Check(a.Run(), "forget payloads"));
    Stmt b(db_->handle, "DELETE FROM facts WHERE medium=?");
    b.Bind(1, medium);
    return db_->Check(b.Run(), "forget facts");
  });
}

Result<std::vector<RunRecord>> Journal::RunsForStack(const std::string& stack, int limit) {
  Stmt s(db_->handle,
         "SELECT id, command, stack, medium, root, started_utc, finished_utc, outcome FROM runs "
         "WHERE stack=? ORDER BY id DESC LIMIT ?");
  s.Bind(1, stack).Bind(2, static_cast<int64_t>(limit));
  std::vector<RunRecord> out;
  while (s.Step()) {
    out.push_back(
        {s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6), s.Text(7)});
  }
  return out;
}

Result<std::vector<PhaseRecord>> Journal::Phases(int64_t run_id) {
  Stmt s(db_->handle,
         "SELECT phase, state, detail, at_utc FROM phases WHERE run_id=? ORDER BY seq");
  s.Bind(1, run_id);
  std::vector<PhaseRecord> out;
  while (s.Step()) out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3)});
  return out;
}

}  // namespace ferry::journal
