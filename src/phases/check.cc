#include "phases/check.h"

#include <algorithm>

#include "components/stack_review.h"
#include "integrity/manifest.h"
#include "medium/mount_check.h"
#include "phases/container_check.h"
#include "phases/export.h"
#include "phases/verify.h"
#include "platform/real_path.h"

namespace ferry::phases {
namespace {

constexpr uint64_t kMiB = 1ull << 20;
constexpr uint64_t kMinMemory = 512 * kMiB;
constexpr uint64_t kMinLocalDisk = 1024 * kMiB;
constexpr uint64_t kSpaceMargin = 64 * kMiB;

std::string MiB(uint64_t bytes) { return std::to_string(bytes / kMiB) + " MiB"; }

void CheckMachine(PhaseEnv& env, Report& report) {
  if (auto mem = env.os.AvailableMemory(); mem.ok()) {
    report.Add(*mem < kMinMemory
                   ? MakeFinding("R001", "machine",
                                 MiB(*mem) + " of memory available, below " + MiB(kMinMemory))
                   : PassFinding("machine", MiB(*mem) + " of memory available"));
  }
  fs::path tmp = env.os.TempDir();
  if (auto space = env.os.DiskSpace(tmp); space.ok()) {
    report.Add(
        space->available < kMinLocalDisk
            ? MakeFinding("R002", "machine",
                          tmp.string() + " has " + MiB(space->available) + " free, below " +
                              MiB(kMinLocalDisk))
            : PassFinding("machine", tmp.string() + " has " + MiB(space->available) + " free"));
  }
}

// The real path of `path`, which may not exist yet: its nearest existing
// parent resolved, the rest appended.
fs::path RealOrPlanned(PhaseEnv& env, const fs::path& path) {
  fs::path existing = fs::absolute(path).lexically_normal();
  if (!existing.has_filename() && existing.has_relative_path()) existing = existing.parent_path();
  fs::path rest;
  while (!env.os.Exists(existing) && existing.has_relative_path()) {
    rest = rest.empty() ? existing.filename() : existing.filename() / rest;
    existing = existing.parent_path();
  }
  auto real = platform::RealPath(existing);
  fs::path base = real.ok() ? *real : existing;
  return rest.empty() ? base : (base / rest).lexically_normal();
}

bool Within(const fs::path& inner, const fs::path& outer) {
  auto i = inner.begin();
  for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

}  // namespace

std::vector<Finding> CheckMediumPlacement(PhaseEnv& env, const stack::StackFile& stack,
                                          const fs::path& medium_path) {
  std::vector<Finding> found;
  const fs::path medium = RealOrPlanned(env, medium_path);
  for (const stack::ComponentSpec& spec : stack.components) {
    if (!components::HasPath(spec) || spec.path.empty()) continue;
    const fs::path source = RealOrPlanned(env, stack::ResolveComponentPath(stack, spec));
    if (Within(medium, source)) {
      found.push_back(MakeFinding("S007", spec.name,
                                  "the medium " + medium.string() + " is inside the source of " +
                                      spec.name + " (" + source.string() +
                                      "): it would be archived into itself"));
    } else if (Within(source, medium)) {
      found.push_back(MakeFinding("S007", spec.name,
                                  "the source of " + spec.name + " (" + source.string() +
                                      ") is inside the medium " + medium.string()));
    }
  }
  // Before the first write (CheckWritable's probe): with the drive not
  // mounted, that probe and the export would land on the system disk.
  if (!env.options.medium_is_folder && env.os.Exists(medium_path)) {
    Status mounted = medium::CheckDriveMounted(medium_path);
    if (!mounted.ok()) found.push_back(FindingFromStatus(mounted, "medium"));
  }
  return found;
}

Result<Report> RunCheck(PhaseEnv& env, const stack::StackFile& stack, const fs::path& medium_path) {
  Report report;
  FERRY_ASSIGN_OR_RETURN(std::vector<Finding> warnings, components::ReviewStack(stack));
  env.reporter.PhaseStarted("check");
  report.Add(warnings);
  std::vector<Finding> placement = CheckMediumPlacement(env, stack, medium_path);
  const bool unmounted = std::any_of(placement.begin(), placement.end(),
                                     [](const Finding& f) { return f.Is("FS012"); });
  report.Add(placement);
  for (const stack::ComponentSpec& spec : stack.components) {
    auto setup = SetUpComponent(env, stack, spec, stack::ResolveComponentPath(stack, spec));
    if (!setup.ok()) {
      report.Add(FindingFromStatus(setup.status(), spec.name));
      continue;
    }
    std::vector<Finding> found = setup->component->Check(setup->ctx);
    if (!HasFailures(found))
      found.push_back(
          PassFinding(spec.name, spec.kind + " " + setup->ctx.path.string() + " is ready"));
    report.Add(found);
  }

  report.Add(ContainerPreflight(env, stack));

  medium::Medium medium(env.os, fs::absolute(medium_path).lexically_normal());
  // An unmounted drive gets no probe file: it would land on the system disk.
  Status writable = unmounted ? Status::Ok() : medium.CheckWritable();
  if (unmounted) {
    // FS012 is already reported.
  } else if (!writable.ok()) {
    report.Add(FindingFromStatus(writable, "medium"));
  } else {
    report.Add(PassFinding("medium", medium.root().string() + " is writable"));
    Report estimate_problems;
    auto need = EstimateExportBytes(env, stack, estimate_problems);
    auto space = medium.Space();
    if (need.ok() && space.ok()) {
      // Compression usually halves the estimate; the check asks for the full
      // size so that an incompressible payload still fits.
      uint64_t want = Total(*need) + kSpaceMargin;
      report.Add(space->available < want
                     ? MakeFinding("FS005", "medium",
                                   "the medium has " + MiB(space->available) +
                                       " free; the export may need up to " + MiB(want))
                     : PassFinding("medium", MiB(space->available) +
                                                 " free, the export needs at most " + MiB(want)));
    }
    // An earlier export on the medium that no longer verifies.
    if (medium.Exists(integrity::kManifestText) || medium.Exists(integrity::kManifestJson)) {
      SilentReporter silent;
      PhaseEnv verify_env{env.os, silent, env.options, env.journal, env.run_id, env.interrupted};
      auto verified = RunVerify(verify_env, medium.root(), {.component_checks = false});
      if (verified.ok()) {
        for (const Finding& f : verified->findings) {
          if (f.passed()) continue;
          Finding copy = f;
          copy.what = "existing export on the medium: " + f.what;
          report.Add(copy);
        }
        if (verified->ok())
          report.Add(PassFinding("medium", "an earlier export on the medium verifies"));
      }
    }
  }
  CheckMachine(env, report);
  env.reporter.PhaseFinished("check", !HasCritical(report.findings));
  return report;
}

}  // namespace ferry::phases
