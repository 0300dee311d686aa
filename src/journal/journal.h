// The journal: crash-safe state of runs and payloads, in SQLite (WAL, full
// sync), under the state directory (platform StateDir, $FERRY_STATE_DIR).
// It is what makes every interruption resumable: a payload is "verified"
// only after it was committed under its final name and read back from the
// device; anything else is redone. The journal holds no secrets.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/status.h"

namespace ferry::journal {

struct PayloadRecord {
  std::string medium;  // absolute medium path
  std::string path;    // relative to the medium
  std::string component;
  std::string state;  // "written" or "verified"
  std::string sha256;
  uint64_t size = 0;
  int64_t mtime_ns = 0;  // of the committed file, to notice a replaced file
};

struct RunRecord {
  int64_t id = 0;
  std::string command;  // export, verify, restore, ...
  std::string stack;
  std::string medium;
  std::string root;
  std::string started_utc;
  std::string finished_utc;  // empty while running or after a crash
  std::string outcome;       // ok, problems, failed, interrupted
};

struct PhaseRecord {
  std::string phase;
  std::string state;  // started, ok, failed, skipped
  std::string detail;
  std::string at_utc;
};

class Journal {
 public:
  static Result<std::unique_ptr<Journal>> Open(const std::filesystem::path& file);
  ~Journal();

  Result<int64_t> BeginRun(const RunRecord& run);
  Status EndRun(int64_t run_id, const std::string& outcome);
  Status RecordPhase(int64_t run_id, const std::string& phase, const std::string& state,
                     const std::string& detail = "");

  Status PutPayload(const PayloadRecord& record);
  std::optional<PayloadRecord> GetPayload(const std::string& medium, const std::string& path);
  Result<std::vector<PayloadRecord>> Payloads(const std::string& medium);
  Status PutFacts(const std::string& medium, const std::string& component,
                  const std::string& facts_json);
  std::optional<std::string> GetFacts(const std::string& medium, const std::string& component);
  // Forgets everything about a medium (export --restart, or a new export).
  Status ForgetMedium(const std::string& medium);

  Result<std::vector<RunRecord>> RunsForStack(const std::string& stack, int limit);
  Result<std::vector<PhaseRecord>> Phases(int64_t run_id);

  // For tests only: the journal writes through SQLite, which the platform's
  // fault injection cannot reach, so a test reaches each write here. The
  // hook is called with the write's name ("record payload", ...) before
  // the write, and again with committed = true after it committed. An
  // error it returns before a write stops the write, which returns that
  // error; after a write, the write returns it although it committed (the
  // state a crash right after it leaves). A hook that ends the process
  // there is a crash point at that step (phases/journal_fault_test.cc).
  using WriteHook = std::function<Status(std::string_view write, bool committed)>;
  void SetWriteHook(WriteHook hook) { hook_ = std::move(hook); }

 private:
  struct Db;
  explicit Journal(std::unique_ptr<Db> db);
  // Runs one write between the hook's two calls.
  Status Write(std::string_view what, const std::function<Status()>& write);

  std::unique_ptr<Db> db_;
  WriteHook hook_;
};

std::string UtcNow();

}  // namespace ferry::journal
