// The shape shared by every command file: a command registers its options
// on a CLI11 subcommand and, when chosen, leaves a function that runs it.
// Exit codes are decided here and in main only:
//   0 all well, 1 problems found, 2 could not run, 130 interrupted.
#pragma once

#include <CLI/CLI.hpp>
#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "cli/output.h"
#include "journal/journal.h"
#include "phases/phase.h"

namespace ferry::cli {

constexpr int kExitOk = 0;
constexpr int kExitProblems = 1;
constexpr int kExitCannotRun = 2;
constexpr int kExitInterrupted = 130;

struct CommandEnv {
  platform::Platform& os;
  ConsoleReporter& reporter;
  journal::Journal* journal;
  const std::atomic<bool>& interrupted;
};

struct Invocation {
  std::string name;
  OutputOptions output;
  phases::Options options;
  std::function<int(CommandEnv&)> run;
};

// Registration of each command (one file each).
void AddCheck(CLI::App& app, Invocation& inv);
void AddExport(CLI::App& app, Invocation& inv);
void AddVerify(CLI::App& app, Invocation& inv);
void AddPull(CLI::App& app, Invocation& inv);
void AddRestore(CLI::App& app, Invocation& inv);
void AddValidate(CLI::App& app, Invocation& inv);
void AddRollback(CLI::App& app, Invocation& inv);
void AddResetVolume(CLI::App& app, Invocation& inv);
void AddMigrate(CLI::App& app, Invocation& inv);
void AddStatus(CLI::App& app, Invocation& inv);
void AddExplain(CLI::App& app, Invocation& inv);

// Options most commands share.
void AddOutputFlags(CLI::App* cmd, Invocation& inv);
// Options of the commands that restore (restore, migrate): --map-owner,
// --skip-space-check.
void AddRestoreFlags(CLI::App* cmd, Invocation& inv);

// Checks of path arguments, run while parsing (bad usage: exit 2, X003).
// Every path must be non-empty; a folder argument (a medium, --root, a
// staging folder) must not name an existing non-folder, and a file
// argument (--stack) must not name an existing folder.
const CLI::Validator& FolderPath();
const CLI::Validator& FilePath();
// A non-empty string (a component or volume name).
const CLI::Validator& NonEmpty();
// A count of threads: 0 (the default) up to 1024.
const CLI::Validator& ThreadCount();

// Runs a phase under a journal run record and prints its report.
int RunPhase(CommandEnv& env, Invocation& inv, const std::string& stack, const std::string& medium,
             const std::string& root,
             const std::function<Result<phases::Report>(phases::PhaseEnv&)>& phase);

}  // namespace ferry::cli
