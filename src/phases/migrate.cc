#include "phases/migrate.h"

#include "phases/check.h"
#include "phases/export.h"
#include "phases/verify.h"

namespace ferry::phases {
namespace {

// Adds a phase's report; true when the next phase may run.
bool Gate(PhaseEnv& env, Report& all, const Report& phase, const std::string& name,
          bool critical_only) {
  all.Add(phase.findings);
  bool pass = critical_only ? !HasCritical(phase.findings) : phase.ok();
  if (env.journal) (void)env.journal->RecordPhase(env.run_id, name, pass ? "ok" : "failed");
  if (!pass) {
    env.reporter.Note("migration stopped at the " + name +
                      " gate; later phases did not run. "
                      "Fix the findings above and run again: verified work is kept.");
  }
  return pass;
}

}  // namespace

Result<Report> RunMigrate(PhaseEnv& env, const stack::StackFile& stack, const fs::path& medium_path,
                          const fs::path& root) {
  Report all;
  FERRY_ASSIGN_OR_RETURN(Report check, RunCheck(env, stack, medium_path));
  if (!Gate(env, all, check, "check", /*critical_only=*/true)) return all;
  if (env.options.dry_run) {
    FERRY_ASSIGN_OR_RETURN(Report exported, RunExport(env, stack, medium_path));
    all.Add(exported.findings);
    return all;
  }
  FERRY_ASSIGN_OR_RETURN(Report exported, RunExport(env, stack, medium_path));
  if (!Gate(env, all, exported, "export", false)) return all;
  FERRY_ASSIGN_OR_RETURN(Report verified, RunVerify(env, medium_path));
  if (!Gate(env, all, verified, "verify", false)) return all;
  TargetOptions target{medium_path, stack.file, root, /*medium_verified=*/true};
  FERRY_ASSIGN_OR_RETURN(Report restored, RunRestore(env, target));
  if (!Gate(env, all, restored, "restore", false)) return all;
  FERRY_ASSIGN_OR_RETURN(Report validated, RunValidate(env, target));
  Gate(env, all, validated, "validate", false);
  return all;
}

}  // namespace ferry::phases
