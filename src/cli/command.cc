#include "cli/command.h"

#include <cstdio>
#include <filesystem>

#include "platform/real_path.h"
#include "stack/owner_map.h"

namespace ferry::cli {

namespace {

// "" when path is usable as a folder (want_folder) or a file argument.
std::string CheckPath(const std::string& path, bool want_folder) {
  if (path.empty()) return "the path is empty";
  if (path.find('\0') != std::string::npos) return "the path holds a NUL byte";
  if (path.size() >= 4096) return "the path is longer than 4095 bytes";
  auto info = platform::DefaultPlatform().Stat(path);
  if (!info.ok()) return "";  // missing: the phase says what that means (FS001, S003, ...)
  platform::FileType type = info->type;
  if (type == platform::FileType::kSymlink) {
    // A link is what the user means by its target: judge that.
    auto real = platform::RealPath(path);
    if (!real.ok()) return "";  // dangling: the phase reports it
    auto target = platform::DefaultPlatform().Stat(*real);
    if (!target.ok()) return "";
    type = target->type;
  }
  if (want_folder && type != platform::FileType::kDirectory) {
    return path + " is " + platform::FileTypeName(type) + ", not a folder";
  }
  if (!want_folder && type == platform::FileType::kDirectory)
    return path + " is a folder, not a file";
  if (!want_folder && type != platform::FileType::kRegular &&
      type != platform::FileType::kSymlink) {
    return path + " is " + platform::FileTypeName(type) + ", not a regular file";
  }
  return "";
}

}  // namespace

const CLI::Validator& FolderPath() {
  static const CLI::Validator v([](std::string& p) { return CheckPath(p, true); }, "FOLDER",
                                "FolderPath");
  return v;
}

const CLI::Validator& FilePath() {
  static const CLI::Validator v([](std::string& p) { return CheckPath(p, false); }, "FILE",
                                "FilePath");
  return v;
}

const CLI::Validator& NonEmpty() {
  static const CLI::Validator v(
      [](std::string& s) { return s.empty() ? std::string("the value is empty") : ""; }, "TEXT",
      "NonEmpty");
  return v;
}

const CLI::Validator& ThreadCount() {
  static const CLI::Validator v = CLI::Range(0, 1024);
  return v;
}

void AddOutputFlags(CLI::App* cmd, Invocation& inv) {
  cmd->add_flag("--json", inv.output.json, "Machine-readable output: one JSON object per line");
  cmd->add_flag("-q,--quiet", inv.output.quiet, "Print problems only");
}

void AddRestoreFlags(CLI::App* cmd, Invocation& inv) {
  cmd->add_option_function<std::vector<std::string>>(
         "--map-owner",
         [&inv](const std::vector<std::string>& pairs) {
           for (const std::string& pair : pairs) {
             auto parsed = stack::ParseOwnerPair(pair);
             if (!parsed) {
               throw CLI::ValidationError(
                   "--map-owner",
                   "expected SOURCE_UID:TARGET_UID (e.g. 1000:501), got '" + pair + "'");
             }
             inv.options.owner_map.push_back(*parsed);
           }
         },
         "Restore files of source uid A as uid B (A:B, repeatable; as root). Adds to [target] "
         "map_owner of "
         "your --stack and wins over it. Without either, an owner that has no account here becomes "
         "the "
         "restoring user")
      ->type_name("A:B");
  cmd->add_flag(
      "--skip-space-check", inv.options.skip_space_check,
      "Do not refuse when the target's free space looks too small (a compressing file system); a "
      "restore that then fills the disk still fails cleanly");
}

int RunPhase(CommandEnv& env, Invocation& inv, const std::string& stack, const std::string& medium,
             const std::string& root,
             const std::function<Result<phases::Report>(phases::PhaseEnv&)>& phase) {
  phases::PhaseEnv penv{env.os, env.reporter, inv.options, env.journal, 0, &env.interrupted};
  auto abs = [](const std::string& p) {
    return p.empty() ? p : std::filesystem::absolute(p).lexically_normal().string();
  };
  if (env.journal) {
    auto run = env.journal->BeginRun({0, inv.name, abs(stack), abs(medium), abs(root), "", "", ""});
    if (run.ok()) penv.run_id = *run;
  }
  Result<phases::Report> report = phase(penv);
  int code = kExitCannotRun;  // every Outcome is set below; -O2 cannot see that
  std::string outcome;
  if (!report.ok()) {
    env.reporter.PrintError(inv.name, report.status());
    // The catalog's outcome column decides: a problem found in the data, the
    // medium or the target (1), ferry could not run (2), or interrupted.
    switch (report.status().catalog_code().outcome()) {
      case Outcome::kProblemFound:
        code = kExitProblems;
        break;
      case Outcome::kCannotRun:
        code = kExitCannotRun;
        break;
      case Outcome::kInterrupted:
        code = kExitInterrupted;
        break;
    }
    outcome = "failed";
  } else {
    bool interrupted = env.interrupted.load();
    for (const Finding& f : report->findings) interrupted = interrupted || f.Is("I001");
    code = interrupted ? kExitInterrupted : (report->ok() ? kExitOk : kExitProblems);
    env.reporter.PrintReport(inv.name, *report, code);
    outcome = interrupted ? "interrupted" : (report->ok() ? "ok" : "problems");
  }
  if (env.journal && penv.run_id) (void)env.journal->EndRun(penv.run_id, outcome);
  return code;
}

}  // namespace ferry::cli
