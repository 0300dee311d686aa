#include "cli/command.h"

#include <cstdio>
#include <filesystem>

namespace ferry::cli {

void AddOutputFlags(CLI::App* cmd, Invocation& inv) {
  cmd->add_flag("--json", inv.output.json, "Machine-readable output: one JSON object per line");
  cmd->add_flag("-q,--quiet", inv.output.quiet, "Print problems only");
}

void AddRestoreFlags(CLI::App* cmd, Invocation& inv) {
  cmd->add_option_function<std::vector<std::string>>(
         "--map-owner",
         [&inv](const std::vector<std::string>& pairs) {
           for (const std::string& pair : pairs) {
             unsigned long from = 0, to = 0;
             char tail = 0;
             if (std::sscanf(pair.c_str(), "%lu:%lu%c", &from, &to, &tail) != 2 || from > 0xFFFFFFFEul ||
                 to > 0xFFFFFFFEul || pair.find('-') != std::string::npos) {
               throw CLI::ValidationError("--map-owner", "expected SOURCE_UID:TARGET_UID (e.g. 1000:501), got '" +
                                                             pair + "'");
             }
             inv.options.owner_map.emplace_back(static_cast<uint32_t>(from), static_cast<uint32_t>(to));
           }
         },
         "Restore files of source uid A as uid B (A:B, repeatable; as root). Without it, an owner that has no "
         "account here becomes the restoring user")
      ->type_name("A:B");
  cmd->add_flag("--skip-space-check", inv.options.skip_space_check,
                "Do not refuse when the target's free space looks too small (a compressing file system); a "
                "restore that then fills the disk still fails cleanly");
}

int RunPhase(CommandEnv& env, Invocation& inv, const std::string& stack, const std::string& medium,
             const std::string& root, const std::function<Result<phases::Report>(phases::PhaseEnv&)>& phase) {
  phases::PhaseEnv penv{env.os, env.reporter, inv.options, env.journal, 0, &env.interrupted};
  auto abs = [](const std::string& p) {
    return p.empty() ? p : std::filesystem::absolute(p).lexically_normal().string();
  };
  if (env.journal) {
    auto run = env.journal->BeginRun({0, inv.name, abs(stack), abs(medium), abs(root), "", "", ""});
    if (run.ok()) penv.run_id = *run;
  }
  Result<phases::Report> report = phase(penv);
  int code;
  std::string outcome;
  if (!report.ok()) {
    env.reporter.PrintError(inv.name, report.status());
    code = report.status().code() == "I001" ? kExitInterrupted : kExitCannotRun;
    // A phase that could not run because of a catalog problem on disk
    // (full, read-only, corrupt) found a problem rather than a usage error.
    const std::string& c = report.status().code();
    if (c.rfind("FS", 0) == 0 || c == "M001" || c == "M002" || c == "M003" || c == "M004" || c == "P003") {
      code = kExitProblems;
    }
    outcome = "failed";
  } else {
    bool interrupted = env.interrupted.load();
    for (const Finding& f : report->findings) interrupted = interrupted || f.code == "I001";
    code = interrupted ? kExitInterrupted : (report->ok() ? kExitOk : kExitProblems);
    env.reporter.PrintReport(inv.name, *report, code);
    outcome = interrupted ? "interrupted" : (report->ok() ? "ok" : "problems");
  }
  if (env.journal && penv.run_id) (void)env.journal->EndRun(penv.run_id, outcome);
  return code;
}

}  // namespace ferry::cli
