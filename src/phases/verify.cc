#include "phases/verify.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <thread>

#include "phases/manifest_io.h"
#include "phases/medium_payloads.h"

namespace ferry::phases {
namespace {

// Hashes every manifest entry from the device, several files at once: the
// hash runs near memory speed, so one core would leave the device idle.
std::vector<Finding> CheckEntries(PhaseEnv& env, medium::Medium& medium,
                                  const std::vector<integrity::ManifestEntry>& entries,
                                  int threads) {
  std::vector<Finding> results(entries.size());
  std::atomic<size_t> next{0};
  std::atomic<uint64_t> done_bytes{0};
  uint64_t total = 0;
  for (const auto& e : entries) total += e.size;
  std::mutex report_mu;

  auto worker = [&] {
    for (size_t i = next++; i < entries.size(); i = next++) {
      const integrity::ManifestEntry& e = entries[i];
      const std::string& who = e.path;
      if (!medium.Exists(e.path)) {
        results[i] = MakeFinding("M005", who, "MISSING " + e.path);
        continue;
      }
      auto info = medium.Stat(e.path);
      if (info.ok() && info->type != platform::FileType::kRegular) {
        // A symlink, FIFO or device is refused, not read (promise 9).
        results[i] = MakeFinding("M010", who,
                                 "NOT A REGULAR FILE " + e.path + ": it is " +
                                     platform::FileTypeName(info->type) + "; refused, not read");
        continue;
      }
      if (info.ok() && info->size != e.size) {
        results[i] = MakeFinding("M006", who,
                                 "SIZE MISMATCH " + e.path + ": " + std::to_string(info->size) +
                                     " bytes, manifest says " + std::to_string(e.size));
        continue;
      }
      auto digest = medium.HashFromDevice(e.path, e.size);
      done_bytes += e.size;
      {
        std::lock_guard lock(report_mu);
        env.reporter.OnProgress({"verify", e.path, done_bytes.load(), total});
      }
      if (!digest.ok()) {
        results[i] = FindingFromStatus(digest.status(), who);
      } else if (digest->sha256 != e.sha256) {
        results[i] = MakeFinding(
            "FS003", who,
            "CORRUPT " + e.path + ": sha256 " + digest->sha256 + ", manifest says " + e.sha256);
      } else {
        results[i] = PassFinding(who, "OK " + e.path);
      }
    }
  };
  int n =
      threads > 0 ? threads : static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
  n = std::min<int>(n, static_cast<int>(std::max<size_t>(1, entries.size())));
  std::vector<std::thread> pool;
  for (int t = 1; t < n; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();
  return results;
}

// Which system leaves such a file on a drive it mounts, where it is known:
// " (written by macOS Finder)", or "".
std::string OsLitter(const std::string& path) {
  const std::string top = path.substr(0, path.find('/'));
  const std::string base = path.substr(path.rfind('/') + 1);
  if (base == ".DS_Store" || base.rfind("._", 0) == 0 || top == ".Spotlight-V100" ||
      top == ".fseventsd" || top == ".Trashes" || top == ".TemporaryItems" ||
      top == ".DocumentRevisions-V100" || base == ".VolumeIcon.icns" ||
      base == ".metadata_never_index") {
    return " (written by macOS)";
  }
  if (top == "System Volume Information" || top == "$RECYCLE.BIN" || base == "Thumbs.db" ||
      base == "desktop.ini") {
    return " (written by Windows)";
  }
  if (top.rfind(".Trash-", 0) == 0) return " (written by a Linux desktop's trash)";
  return "";
}

// Checks of the payload contents that only the component knows (of one
// component when `only` is set).
void ComponentChecks(PhaseEnv& env, medium::Medium& medium, const integrity::Manifest& manifest,
                     Report& report, const std::string& only = "") {
  auto stack = StackForMedium(env.os, medium, {});
  if (!stack.ok()) {
    report.Add(FindingFromStatus(stack.status(), "ferry.toml"));
    return;
  }
  for (const stack::ComponentSpec& spec : stack->components) {
    if (!manifest.components.contains(spec.name) || (!only.empty() && spec.name != only)) continue;
    // The payloads are files on this machine's medium: their checks run
    // here, never in the component's container (which cannot see the
    // medium, and may not even run on this machine).
    stack::ComponentSpec on_host = spec;
    on_host.container.clear();
    auto setup = SetUpComponent(env, *stack, on_host, {});
    if (!setup.ok()) {
      report.Add(FindingFromStatus(setup.status(), spec.name));
      continue;
    }
    MediumPayloadReader reader(medium, spec.name, manifest);
    report.Add(setup->component->VerifyPayload(setup->ctx, reader));
  }
}

}  // namespace

Result<Report> RunVerify(PhaseEnv& env, const fs::path& medium_path, VerifyOptions options) {
  Report report;
  medium::Medium medium(env.os, fs::absolute(medium_path).lexically_normal());
  if (!env.os.Exists(medium.root())) {
    report.Add(MakeFinding("FS001", "medium",
                           "medium " + medium.root().string() + " does not exist (not mounted?)"));
    return report;
  }
  env.reporter.PhaseStarted("verify");
  auto loaded = LoadManifest(medium);
  FERRY_ASSIGN_OR_RETURN(std::vector<medium::MediumFile> files, medium.List());
  if (!loaded.ok()) {
    report.Add(FindingFromStatus(loaded.status(), "manifest"));
    for (const medium::MediumFile& f : files) {
      if (f.path.ends_with(medium::kPartSuffix)) {
        report.Add(MakeFinding("M008", f.path,
                               "PARTIAL " + f.path + " (" + std::to_string(f.size) + " bytes)"));
      }
    }
    env.reporter.PhaseFinished("verify", false);
    return report;
  }
  const integrity::Manifest& manifest = loaded->manifest;
  report.Add(CheckEntries(env, medium, manifest.entries, options.threads));

  std::set<std::string> listed;
  for (const auto& e : manifest.entries) listed.insert(e.path);
  listed.insert(std::string(integrity::kManifestText));
  listed.insert(std::string(integrity::kManifestJson));
  // Files the manifest does not list are reported, never read, and never
  // decide the outcome: only listed payloads do.
  for (const medium::MediumFile& f : files) {
    if (listed.count(f.path)) continue;
    Finding extra =
        f.path.ends_with(medium::kPartSuffix)
            ? MakeFinding("M008", f.path, "PARTIAL " + f.path + " (not listed, ignored)")
            : MakeFinding("M007", f.path, "EXTRA " + f.path + OsLitter(f.path));
    extra.severity = Severity::kInfo;
    report.Add(std::move(extra));
  }
  if (options.component_checks && report.ok()) ComponentChecks(env, medium, manifest, report);
  env.reporter.PhaseFinished("verify", report.ok());
  return report;
}

Result<Report> RunVerifyComponent(PhaseEnv& env, const fs::path& medium_path,
                                  const std::string& component) {
  Report report;
  medium::Medium medium(env.os, fs::absolute(medium_path).lexically_normal());
  if (!env.os.Exists(medium.root())) {
    report.Add(MakeFinding("FS001", "medium",
                           "medium " + medium.root().string() + " does not exist (not mounted?)"));
    return report;
  }
  auto loaded = LoadManifest(medium);
  if (!loaded.ok()) {
    report.Add(FindingFromStatus(loaded.status(), "manifest"));
    return report;
  }
  const integrity::Manifest& manifest = loaded->manifest;
  std::vector<integrity::ManifestEntry> entries;
  for (const auto& e : manifest.entries) {
    if (e.component == component) entries.push_back(e);
  }
  if (!manifest.components.contains(component) || entries.empty()) {
    report.Add(MakeFinding("M005", component, "the medium holds no export of " + component));
    return report;
  }
  env.reporter.PhaseStarted("verify");
  report.Add(CheckEntries(env, medium, entries, 0));
  if (report.ok()) ComponentChecks(env, medium, manifest, report, component);
  env.reporter.PhaseFinished("verify", report.ok());
  return report;
}

}  // namespace ferry::phases
