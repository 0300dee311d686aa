#include "phases/export.h"

#include <set>

#include "components/stack_review.h"
#include "diag/os_error_codes.h"
#include "integrity/manifest.h"
#include "medium/lock.h"
#include "phases/check.h"
#include "phases/manifest_io.h"
#include "phases/medium_payloads.h"
#include "phases/version.h"

namespace ferry::phases {
namespace {

constexpr uint64_t kSpaceMargin = 64ull << 20;

struct ExportState {
  PhaseEnv& env;
  const stack::StackFile& stack;
  medium::Medium& medium;
  std::string medium_key;  // absolute medium path, the journal's key
  Report& report;
  std::map<std::string, uint64_t> estimates;
  std::vector<integrity::ManifestEntry> entries;
  nlohmann::json components = nlohmann::json::object();
};

// A payload an earlier run verified is kept only if the device still holds
// exactly those bytes: size and mtime can survive an edit or a bad sector
// (a payload corrupted in place kept both, and export kept it while verify
// kept failing), so it is hashed again from the device. Reading back is
// cheaper than rewriting, and a resume must never trust what it did not
// just prove.
bool StillVerified(ExportState& s, const journal::PayloadRecord& r) {
  if (r.state != "verified") return false;
  auto info = s.medium.Stat(r.path);
  if (!info.ok() || info->size != r.size || info->mtime_ns != r.mtime_ns) return false;
  auto digest = s.medium.HashFromDevice(r.path);
  if (!digest.ok() || digest->sha256 != r.sha256 || digest->size != r.size) {
    s.env.reporter.Note(r.path +
                        " no longer matches what an earlier run verified: writing it again");
    return false;
  }
  return true;
}

// What a component's payloads unpack to: the plain bytes of compressed
// ones, the size of the others. Restore compares it with the target's free
// space before writing anything.
uint64_t UnpackedBytes(const nlohmann::json& unpacked) {
  uint64_t total = 0;
  if (!unpacked.is_object()) return 0;
  for (const auto& [name, bytes] : unpacked.items()) {
    if (bytes.is_number_unsigned()) total += bytes.get<uint64_t>();
  }
  return total;
}

// Commits one written payload and proves it by reading it back.
Status CommitAndVerify(ExportState& s, const std::string& component,
                       MediumPayloadWriter::Written& w) {
  const std::string rel = component + "/" + w.file_name;
  FERRY_RETURN_IF_ERROR(w.file->Commit().WithContext(rel));
  FERRY_ASSIGN_OR_RETURN(platform::FileInfo info, s.medium.Stat(rel));
  journal::PayloadRecord record{
      s.medium_key, rel, component, "written", w.file->sha256(), w.file->size(), info.mtime_ns};
  if (s.env.journal) FERRY_RETURN_IF_ERROR(s.env.journal->PutPayload(record));

  FERRY_ASSIGN_OR_RETURN(medium::Medium::Digest read_back, s.medium.HashFromDevice(rel));
  if (read_back.sha256 != w.file->sha256() || read_back.size != w.file->size()) {
    return Status::Error("FS003",
                         rel + ": the medium returned different bytes than were written (wrote " +
                             w.file->sha256() + ", read " + read_back.sha256 + ")");
  }
  record.state = "verified";
  if (s.env.journal) FERRY_RETURN_IF_ERROR(s.env.journal->PutPayload(record));
  return Status::Ok();
}

// Exports one component, or reuses what an earlier run verified.
Status ExportComponent(ExportState& s, const stack::ComponentSpec& spec) {
  Reporter& out = s.env.reporter;
  std::map<std::string, journal::PayloadRecord> known;  // file name -> record
  if (s.env.journal) {
    FERRY_ASSIGN_OR_RETURN(auto records, s.env.journal->Payloads(s.medium_key));
    for (const journal::PayloadRecord& r : records) {
      if (r.component == spec.name && StillVerified(s, r))
        known[r.path.substr(spec.name.size() + 1)] = r;
    }
  }
  std::optional<std::string> saved =
      s.env.journal ? s.env.journal->GetFacts(s.medium_key, spec.name) : std::nullopt;
  nlohmann::json saved_json =
      saved ? nlohmann::json::parse(*saved, nullptr, false) : nlohmann::json();

  // Every payload of the component verified by an earlier run: nothing to redo.
  bool all_known =
      saved_json.is_object() && saved_json.contains("files") && !saved_json["files"].empty();
  if (all_known) {
    for (const auto& f : saved_json["files"])
      all_known = all_known && known.count(f.get<std::string>());
  }
  if (all_known) {
    out.Note("kept " + spec.name + ": verified by an earlier run");
    for (const auto& f : saved_json["files"]) {
      const journal::PayloadRecord& r = known[f.get<std::string>()];
      s.entries.push_back({r.path, r.sha256, r.size, spec.name, true});
    }
    s.components[spec.name] = {
        {"kind", spec.kind}, {"path", spec.path}, {"facts", saved_json["facts"]}};
    if (saved_json.contains("unpacked")) {
      s.components[spec.name]["unpacked_bytes"] = UnpackedBytes(saved_json["unpacked"]);
    }
    return Status::Ok();
  }

  FERRY_ASSIGN_OR_RETURN(
      ComponentSetup setup,
      SetUpComponent(s.env, s.stack, spec, stack::ResolveComponentPath(s.stack, spec)));
  components::ComponentContext& ctx = setup.ctx;
  std::set<std::string> verified;
  for (const auto& [name, r] : known) verified.insert(name);
  // Progress counts source bytes when the adapter reports them (against its
  // estimate), else bytes written to the medium.
  const uint64_t estimate = s.estimates[spec.name];
  bool source_progress = false;
  ctx.progress = [&](uint64_t bytes) {
    source_progress = true;
    out.OnProgress({"export", spec.name, std::min(bytes, estimate), estimate});
  };
  MediumPayloadWriter writer(
      s.medium, spec.name, verified,
      [&](uint64_t bytes) {
        if (!source_progress) out.OnProgress({"export", spec.name, bytes, 0});
      },
      [&] { return Interrupted(s.env); });

  out.Note("exporting " + spec.name + " (" + spec.kind + ") from " + ctx.path.string());
  // What the medium's writer did not already classify (FS005, FS003, ...)
  // failed while reading this machine's source: FS011, not the medium's fault.
  Result<nlohmann::json> facts = setup.component->Export(ctx, writer).Classify(SourceReadCode);
  if (!facts.ok()) {
    writer.AbortAll();
    return facts.status();
  }
  nlohmann::json files = nlohmann::json::array();
  nlohmann::json unpacked = nlohmann::json::object();
  for (const MediumPayloadWriter::Written& w : writer.written()) files.push_back(w.file_name);
  for (const std::string& name : writer.reused()) files.push_back(name);
  for (const MediumPayloadWriter::Written& w : writer.written()) {
    unpacked[w.file_name] =
        writer.OpenedCompressed(w.file_name) ? writer.plain_bytes(w.file_name) : w.file->size();
  }
  for (const std::string& name : writer.reused()) {
    const nlohmann::json* earlier = saved_json.is_object() && saved_json.contains("unpacked")
                                        ? &saved_json["unpacked"]
                                        : nullptr;
    unpacked[name] =
        earlier && earlier->contains(name) ? (*earlier)[name] : nlohmann::json(known[name].size);
  }
  if (files.empty()) {
    writer.AbortAll();
    return Status::Error("X004", "component " + spec.name + " wrote no payload");
  }
  // The facts are journaled before any payload is marked verified: a run
  // killed after the last payload's verification must find them, or it
  // could neither skip the component nor redo it without redoing verified
  // work (kill -9 trials found exactly that window).
  if (s.env.journal) {
    nlohmann::json keep = {{"files", files}, {"facts", *facts}, {"unpacked", unpacked}};
    Status kept = s.env.journal->PutFacts(s.medium_key, spec.name, keep.dump());
    if (!kept.ok()) {
      writer.AbortAll();
      return kept;
    }
  }
  for (MediumPayloadWriter::Written& w : writer.written()) {
    Status committed = CommitAndVerify(s, spec.name, w);
    if (!committed.ok()) {
      writer.AbortAll();
      return committed;
    }
    s.entries.push_back(
        {spec.name + "/" + w.file_name, w.file->sha256(), w.file->size(), spec.name, true});
  }
  for (const std::string& name : writer.reused()) {
    const journal::PayloadRecord& r = known[name];
    s.entries.push_back({r.path, r.sha256, r.size, spec.name, true});
  }
  s.components[spec.name] = {{"kind", spec.kind},
                             {"path", spec.path},
                             {"facts", *facts},
                             {"unpacked_bytes", UnpackedBytes(unpacked)}};
  return Status::Ok();
}

}  // namespace

uint64_t Total(const std::map<std::string, uint64_t>& estimates) {
  uint64_t total = 0;
  for (const auto& [name, bytes] : estimates) total += bytes;
  return total;
}

Result<std::map<std::string, uint64_t>> EstimateExportBytes(PhaseEnv& env,
                                                            const stack::StackFile& stack,
                                                            Report& report) {
  std::map<std::string, uint64_t> estimates;
  for (const stack::ComponentSpec& spec : stack.components) {
    // (An unknown kind was refused by ReviewStack before.)
    auto setup = SetUpComponent(env, stack, spec, stack::ResolveComponentPath(stack, spec));
    if (!setup.ok()) {
      report.Add(FindingFromStatus(setup.status(), spec.name));
      continue;
    }
    Result<uint64_t> bytes = setup->component->EstimateBytes(setup->ctx);
    if (bytes.ok()) {
      estimates[spec.name] = *bytes;
    } else {
      report.Add(FindingFromStatus(bytes.status(), spec.name));
    }
  }
  return estimates;
}

Result<Report> RunExport(PhaseEnv& env, const stack::StackFile& stack,
                         const fs::path& medium_path) {
  Report report;
  FERRY_ASSIGN_OR_RETURN(std::vector<Finding> warnings, components::ReviewStack(stack));
  report.Add(warnings);
  report.Add(CheckMediumPlacement(env, stack, medium_path));
  if (!report.ok()) return report;
  medium::Medium medium(env.os, fs::absolute(medium_path).lexically_normal());
  Status writable = medium.CheckWritable();
  if (!writable.ok()) {
    report.Add(FindingFromStatus(writable, "medium"));
    return report;
  }

  // Enough room for what will be written, before anything is.
  FERRY_ASSIGN_OR_RETURN(auto estimates, EstimateExportBytes(env, stack, report));
  const uint64_t need = Total(estimates);
  if (!report.ok()) return report;
  FERRY_ASSIGN_OR_RETURN(platform::SpaceInfo space, medium.Space());
  if (space.available < need / 2 + kSpaceMargin && !env.options.force) {
    // Compression usually halves the estimate; below that it cannot fit.
    report.Add(MakeFinding("FS005", "medium",
                           "the medium has " + std::to_string(space.available >> 20) +
                               " MiB free; the export needs about " +
                               std::to_string((need / 2 + kSpaceMargin) >> 20) + " MiB (" +
                               std::to_string(need >> 20) + " MiB before compression)"));
    return report;
  }
  if (env.options.dry_run) {
    for (const stack::ComponentSpec& spec : stack.components) {
      env.reporter.Note("would export " + spec.name + " (" + spec.kind + ") to " +
                        medium.PathOf(spec.name).string());
    }
    env.reporter.Note("would write " + std::string(integrity::kManifestText) + " and " +
                      std::string(integrity::kManifestJson));
    return report;
  }

  FERRY_ASSIGN_OR_RETURN(
      auto lock, medium::MediumLock::Acquire(medium, "ferry export", env.options.break_lock,
                                             [&](const std::string& m) { env.reporter.Note(m); }));
  ExportState s{env,    stack,     medium, medium.root().string(),
                report, estimates, {},     nlohmann::json::object()};
  if (env.journal && env.options.restart)
    FERRY_RETURN_IF_ERROR(env.journal->ForgetMedium(s.medium_key));
  FERRY_RETURN_IF_ERROR(RemoveManifests(medium));

  env.reporter.PhaseStarted("export");
  for (const stack::ComponentSpec& spec : stack.components) {
    if (Interrupted(env)) {
      report.Add(MakeFinding("I001", spec.name, "interrupted before " + spec.name));
      env.reporter.PhaseFinished("export", false);
      return report;
    }
    Status st = ExportComponent(s, spec);
    if (!st.ok()) {
      report.Add(FindingFromStatus(st, spec.name));
      report.Add(MakeFinding(
          "M001", "medium", "no manifest was written: the medium does not hold a complete export"));
      env.reporter.PhaseFinished("export", false);
      return report;
    }
    report.Add(PassFinding(spec.name, "exported and verified from the device"));
  }

  // The stack file travels with the data, so restore needs nothing else.
  FERRY_RETURN_IF_ERROR(medium.WriteSmallFile(integrity::kStackCopy, stack.text));
  FERRY_ASSIGN_OR_RETURN(medium::Medium::Digest stack_digest,
                         medium.HashFromDevice(integrity::kStackCopy));
  s.entries.push_back(
      {std::string(integrity::kStackCopy), stack_digest.sha256, stack_digest.size, "", true});

  integrity::Manifest manifest;
  manifest.tool_version = kFerryVersion;
  manifest.source_host = env.os.HostName();
  manifest.created_utc = journal::UtcNow();
  manifest.stack_name = stack.name;
  manifest.entries = std::move(s.entries);
  std::sort(manifest.entries.begin(), manifest.entries.end(),
            [](const integrity::ManifestEntry& a, const integrity::ManifestEntry& b) {
              return a.path < b.path;
            });
  manifest.components = std::move(s.components);
  FERRY_RETURN_IF_ERROR(WriteManifests(medium, manifest));
  uint64_t bytes = 0;
  for (const auto& e : manifest.entries) bytes += e.size;
  report.Add(PassFinding("medium", "wrote " + std::to_string(manifest.entries.size()) +
                                       " payloads, " + std::to_string(bytes) +
                                       " bytes, and the manifests"));
  env.reporter.PhaseFinished("export", true);
  return report;
}

}  // namespace ferry::phases
