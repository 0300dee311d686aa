// What every phase shares: the platform, the journal, the reporter and the
// options that the command line gave. A phase returns its findings (the
// report) or a Status when it could not run at all; main maps both to exit
// codes: 0 all well, 1 problems found, 2 could not run, 130 interrupted.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "components/component.h"
#include "diag/finding.h"
#include "journal/journal.h"
#include "medium/medium.h"
#include "phases/reporter.h"
#include "platform/platform.h"
#include "stack/stack_file.h"

namespace ferry::phases {

namespace fs = std::filesystem;

struct Options {
  bool dry_run = false;
  bool force = false;
  bool break_lock = false;
  bool restart = false;  // export: forget what an earlier run verified
  bool fix = false;      // check: apply safe fixes
  // check/export/migrate: the medium is a plain folder on purpose, even at
  // a drive's mount location with no drive mounted (FS012 otherwise).
  bool medium_is_folder = false;
  bool skip_space_check = false;  // restore: write even when the target looks too small
  std::vector<std::pair<uint32_t, uint32_t>> owner_map;  // restore: source uid -> target uid
  int fix_timeout_seconds = 0;  // check --fix: wait this long for a restarted container; 0: 120
  int zstd_level = 0;           // 0: the stack file's
  int threads = 0;
};

struct PhaseEnv {
  platform::Platform& os;
  Reporter& reporter;
  Options options;
  journal::Journal* journal = nullptr;  // may be null (no state dir)
  int64_t run_id = 0;
  // Set by a signal handler; phases stop at the next payload boundary.
  const std::atomic<bool>* interrupted = nullptr;
};

struct Report {
  std::vector<Finding> findings;
  bool ok() const { return !HasFailures(findings); }
  void Add(Finding f) { findings.push_back(std::move(f)); }
  void Add(const std::vector<Finding>& more) {
    findings.insert(findings.end(), more.begin(), more.end());
  }
};

// One component ready for a phase to drive: its adapter, the executor its
// programs run in (on the host, or in its container), and its context,
// which refers to that executor (owned here, so a move keeps it valid).
struct ComponentSetup {
  std::unique_ptr<components::Component> component;
  std::unique_ptr<exec::Executor> executor;
  components::ComponentContext ctx;
};

// Sets up the component of spec with path as its resolved path: S002 for
// a kind this build does not have, the executor's error when its container
// cannot be reached. REQUIRES: env, stack and spec outlive the result.
Result<ComponentSetup> SetUpComponent(PhaseEnv& env, const stack::StackFile& stack,
                                      const stack::ComponentSpec& spec, const fs::path& path);

bool Interrupted(const PhaseEnv& env);

}  // namespace ferry::phases
