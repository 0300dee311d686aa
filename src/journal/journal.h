// The journal: crash-safe state of runs and payloads, in SQLite (WAL, full
// sync), under the state directory (platform StateDir, $FERRY_STATE_DIR).
// It is what makes every interruption resumable: a payload is "verified"
// only after it was committed under its final name and read back from the
// device; anything else is redone. The journal holds no secrets.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "diag/status.h"

namespace ferry::journal {

struct PayloadRecord {
  std::string medium;     // absolute medium path
  std::string path;       // relative to the medium
  std::string component;
  std::string state;      // "written" or "verified"
  std::string sha256;
  uint64_t size = 0;
  int64_t mtime_ns = 0;   // of the committed file, to notice a replaced file
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
  Status PutFacts(const std::string& medium, const std::string& component, const std::string& facts_json);
  std::optional<std::string> GetFacts(const std::string& medium, const std::string& component);
  // Forgets everything about a medium (export --restart, or a new export).
  Status ForgetMedium(const std::string& medium);

  Result<std::vector<RunRecord>> RunsForStack(const std::string& stack, int limit);
  Result<std::vector<PhaseRecord>> Phases(int64_t run_id);

 private:
  struct Db;
  explicit Journal(std::unique_ptr<Db> db);
  std::unique_ptr<Db> db_;
};

std::string UtcNow();

}  // namespace ferry::journal
