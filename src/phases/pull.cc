#include "phases/pull.h"

#include "phases/manifest_io.h"

namespace ferry::phases {
namespace {

constexpr uint64_t kMaxManifestJson = 64 << 20;  // as Medium::ReadSmallFile

// Copies rel from one medium to another through an AtomicFile; the copy's
// hash is taken on the way and must equal want. No more than max_size bytes
// are read (the manifest's size): a file that holds more is M006.
Status CopyVerified(medium::Medium& from, medium::Medium& to, const std::string& rel,
                    const std::string& want, uint64_t max_size) {
  FERRY_ASSIGN_OR_RETURN(auto source, from.Open(rel, platform::ReadMode::kFromDevice, max_size));
  FERRY_ASSIGN_OR_RETURN(auto file, to.Create(rel));
  FERRY_RETURN_IF_ERROR(stream::Pump(*source, *file));
  FERRY_RETURN_IF_ERROR(file->Commit());
  if (!want.empty() && file->sha256() != want) {
    (void)to.Remove(rel);
    return Status::Error("FS003", rel + " on the medium does not match the manifest (sha256 " +
                                      file->sha256() + ")");
  }
  FERRY_ASSIGN_OR_RETURN(medium::Medium::Digest back, to.HashFromDevice(rel, max_size));
  if (!want.empty() && back.sha256 != want) {
    return Status::Error("FS003", rel + " in staging reads back differently than it was written");
  }
  return Status::Ok();
}

}  // namespace

Result<Report> RunPull(PhaseEnv& env, const fs::path& medium_path, const fs::path& staging_path) {
  Report report;
  medium::Medium from(env.os, fs::absolute(medium_path).lexically_normal());
  FERRY_ASSIGN_OR_RETURN(LoadedManifest loaded, LoadManifest(from));
  FERRY_RETURN_IF_ERROR(env.os.CreateDirs(staging_path));
  medium::Medium to(env.os, fs::absolute(staging_path).lexically_normal());
  env.reporter.PhaseStarted("pull");
  if (!env.options.dry_run) FERRY_RETURN_IF_ERROR(RemoveManifests(to));

  uint64_t copied = 0, kept = 0;
  for (const integrity::ManifestEntry& e : loaded.manifest.entries) {
    if (Interrupted(env)) {
      report.Add(MakeFinding("I001", e.path, "interrupted before " + e.path));
      return report;
    }
    if (to.Exists(e.path)) {
      auto have = to.HashFromDevice(e.path, e.size);
      if (have.ok() && have->sha256 == e.sha256) {
        ++kept;
        continue;
      }
    }
    if (env.options.dry_run) {
      env.reporter.Note("would copy " + e.path + " (" + std::to_string(e.size) + " bytes)");
      continue;
    }
    env.reporter.OnProgress({"pull", e.path, 0, e.size});
    Status st = CopyVerified(from, to, e.path, e.sha256, e.size);
    if (!st.ok()) {
      report.Add(FindingFromStatus(st, e.path));
      continue;
    }
    ++copied;
    env.reporter.OnProgress({"pull", e.path, e.size, e.size});
  }
  if (report.ok() && !env.options.dry_run) {
    // The manifests were read whole by LoadManifest: they are small.
    FERRY_RETURN_IF_ERROR(
        CopyVerified(from, to, std::string(integrity::kManifestText), "", loaded.text.size()));
    FERRY_RETURN_IF_ERROR(
        CopyVerified(from, to, std::string(integrity::kManifestJson), "", kMaxManifestJson));
  }
  report.Add(PassFinding("staging", "copied " + std::to_string(copied) + " files, kept " +
                                        std::to_string(kept) + " that were already intact, into " +
                                        to.root().string()));
  env.reporter.PhaseFinished("pull", report.ok());
  return report;
}

}  // namespace ferry::phases
