#include "phases/restore.h"

#include "diag/os_error_codes.h"
#include "phases/medium_payloads.h"
#include "phases/target.h"
#include "phases/target_space.h"
#include "phases/verify.h"
#include "phases/volume_reset.h"

namespace ferry::phases {

Result<Report> RunRestore(PhaseEnv& env, const TargetOptions& options) {
  Report report;
  // Never restore from a medium that does not verify.
  Report verified;
  if (!options.medium_verified) {
    FERRY_ASSIGN_OR_RETURN(verified, RunVerify(env, options.medium));
  }
  if (!verified.ok()) {
    for (const Finding& f : verified.findings) {
      if (!f.passed()) report.Add(f);
    }
    report.Add(MakeFinding("FS003", "medium", "the medium does not verify; nothing was restored"));
    return report;
  }
  FERRY_ASSIGN_OR_RETURN(Target t, OpenTarget(env, options));
  fs::path rollback_dir = NewRollbackSet(env, t.root);
  // The user's own [target] map_owner, with --map-owner added and winning.
  const stack::OwnerMap owner_map = stack::MergeOwnerMaps(t.stack.owner_map, env.options.owner_map);
  for (const std::string& key : t.stack.withheld) {
    if (key.rfind("[target]", 0) != 0) continue;
    env.reporter.Note("the medium's ferry.toml names " + key +
                      "; it is not used: who owns the restored files "
                      "is decided by --map-owner or your own --stack, never by the medium");
  }
  nlohmann::json records = nlohmann::json::array();
  env.reporter.PhaseStarted("restore");

  auto save_records = [&]() -> Status {
    if (records.empty() || env.options.dry_run) return Status::Ok();
    return SaveRollbackRecords(env, rollback_dir, t.root, records);
  };

  if (!options.component.empty() && !FindComponent(t.stack, options.component)) {
    return Status::Error("X003", "component " + options.component + " is not in the stack file");
  }
  for (const stack::ComponentSpec& spec : t.stack.components) {
    if (!options.component.empty() && spec.name != options.component) continue;
    if (!t.loaded.manifest.components.contains(spec.name)) {
      report.Add(
          MakeFinding("M005", spec.name, "component " + spec.name + " is not on the medium"));
      continue;
    }
    if (Interrupted(env)) {
      report.Add(MakeFinding("I001", spec.name, "interrupted before " + spec.name));
      break;
    }
    FERRY_ASSIGN_OR_RETURN(
        ComponentSetup setup,
        SetUpComponent(env, t.stack, spec, stack::ResolveComponentPath(t.stack, spec, t.root)));
    components::ComponentContext& ctx = setup.ctx;
    ctx.progress = [&](uint64_t bytes) {
      env.reporter.OnProgress({"restore", spec.name, bytes, 0});
    };
    // Refuse before writing when the target (this machine's disk, or the
    // server's storage) cannot hold the result.
    if (!env.options.skip_space_check) {
      Result<std::vector<Finding>> room =
          CheckRestoreSpace(*setup.component, ctx, RestoreNeedBytes(t.loaded.manifest, spec.name));
      if (!room.ok()) {
        report.Add(FindingFromStatus(room.status(), spec.name));
        break;
      }
      report.Add(*room);
    }
    MediumPayloadReader reader(*t.medium, spec.name, t.loaded.manifest);
    components::RestoreOptions ro;
    ro.force = env.options.force;
    ro.dry_run = env.options.dry_run;
    ro.rollback_dir = rollback_dir / spec.name;
    ro.owner_map = owner_map;
    ro.say = [&](const std::string& m) { env.reporter.Note(spec.name + ": " + m); };
    // The medium's reader classified its own errors (M0xx, FS003); any other
    // OS error happened writing this machine's target: R002 or T006.
    Result<nlohmann::json> record =
        setup.component->Restore(ctx, reader, ro).Classify(TargetWriteCode);
    if (!record.ok()) {
      Finding f = FindingFromStatus(record.status(), spec.name);
      report.Add(f);
      if (!record.status().Is("T001")) {
        report.Add(MakeFinding("T003", spec.name, "restore of " + spec.name + " failed"));
      }
      break;
    }
    if (!record->is_null()) {
      records.push_back({{"component", spec.name}, {"kind", spec.kind}, {"record", *record}});
      FERRY_RETURN_IF_ERROR(save_records());  // after each component: a crash keeps what to undo
    }
    report.Add(PassFinding(spec.name, env.options.dry_run ? "dry run: nothing changed"
                                                          : "restored into " + ctx.path.string()));
  }
  env.reporter.PhaseFinished("restore", report.ok());
  return report;
}

Result<Report> RunValidate(PhaseEnv& env, const TargetOptions& options) {
  Report report;
  FERRY_ASSIGN_OR_RETURN(Target t, OpenTarget(env, options));
  env.reporter.PhaseStarted("validate");
  if (!options.component.empty() && !FindComponent(t.stack, options.component)) {
    return Status::Error("X003", "component " + options.component + " is not in the stack file");
  }
  // Every component of the stack is compared or reported: "all good" must
  // never stand for components nobody looked at.
  const nlohmann::json& on_medium = t.loaded.manifest.components;
  if (t.stack.components.empty()) {
    report.Add(MakeFinding("S001", "stack",
                           "the stack file names no component: there is nothing to validate"));
  }
  size_t validated = 0;
  for (const stack::ComponentSpec& spec : t.stack.components) {
    if (!options.component.empty() && spec.name != options.component) continue;
    if (!on_medium.contains(spec.name)) {
      report.Add(MakeFinding(
          "M005", spec.name,
          "component " + spec.name + " is in the stack file but not on the medium: not validated"));
      continue;
    }
    const nlohmann::json& entry = on_medium[spec.name];
    if (!entry.is_object() || !entry.contains("facts") || !entry["facts"].is_object()) {
      report.Add(MakeFinding(
          "M002", spec.name,
          "the manifest records no facts for " + spec.name + ": it cannot be validated"));
      continue;
    }
    FERRY_ASSIGN_OR_RETURN(
        ComponentSetup setup,
        SetUpComponent(env, t.stack, spec, stack::ResolveComponentPath(t.stack, spec, t.root)));
    components::ComponentContext& ctx = setup.ctx;
    const nlohmann::json& facts = entry["facts"];
    std::vector<Finding> found;
    try {
      found = setup.component->Validate(ctx, facts);
    } catch (const nlohmann::json::exception& e) {
      // The facts come from the medium: a wrong type in them is damage (M002).
      found = {MakeFinding(
          "M002", spec.name,
          "the facts of " + spec.name + " in MIGRATION_MANIFEST.json are malformed: " + e.what())};
    }
    if (found.empty()) found.push_back(PassFinding(spec.name, "matches the export"));
    report.Add(found);
    ++validated;
  }
  if (options.component.empty()) {
    for (const auto& [name, entry] : on_medium.items()) {
      if (!FindComponent(t.stack, name)) {
        report.Add(PassFinding(name, "on the medium but not in the stack file: not validated"));
      }
    }
  }
  if (validated == 0 && report.ok()) {
    report.Add(MakeFinding("M005", "medium",
                           "no component of the stack was found on the medium to validate"));
  }
  env.reporter.PhaseFinished("validate", report.ok());
  return report;
}

Result<Report> RunRollback(PhaseEnv& env, const TargetOptions& options) {
  Report report;
  FERRY_ASSIGN_OR_RETURN(Target t, OpenTarget(env, options));
  fs::path base = t.root / kRollbackFolder;
  std::vector<std::string> sets;
  if (env.os.Exists(base)) {
    FERRY_ASSIGN_OR_RETURN(sets, env.os.ListDir(base));
  }
  std::erase_if(sets, [&](const std::string& s) {
    return s.ends_with(".done") || !env.os.Exists(base / s / "rollback.json");
  });
  if (sets.empty()) {
    report.Add(MakeFinding("T002", "target", "no restore to undo under " + base.string()));
    return report;
  }
  fs::path set = base / sets.back();  // names sort by time
  medium::Medium local(env.os, set);
  FERRY_ASSIGN_OR_RETURN(std::string text, local.ReadSmallFile("rollback.json"));
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (!doc.is_object() || !doc.contains("records")) {
    return Status::Error("T002", set.string() + "/rollback.json cannot be read");
  }
  env.reporter.PhaseStarted("rollback");
  const nlohmann::json& records = doc["records"];
  for (auto it = records.rbegin(); it != records.rend(); ++it) {
    std::string name = it->value("component", "");
    const stack::ComponentSpec* spec = FindComponent(t.stack, name);
    if (!spec) {
      report.Add(MakeFinding("T002", name, "component " + name + " is not in the stack file"));
      continue;
    }
    if (env.options.dry_run) {
      env.reporter.Note("would roll back " + name + " from " + set.string());
      continue;
    }
    FERRY_ASSIGN_OR_RETURN(
        ComponentSetup setup,
        SetUpComponent(env, t.stack, *spec, stack::ResolveComponentPath(t.stack, *spec, t.root)));
    components::ComponentContext& ctx = setup.ctx;
    // A volume reset is undone by the phase that made it, not by the kind.
    const nlohmann::json& record = (*it)["record"];
    Status st = IsVolumeResetRecord(record)
                    ? RollbackVolumeReset(env, ctx, record)
                    : setup.component->Rollback(ctx, record).Classify(TargetWriteCode);
    report.Add(st.ok() ? PassFinding(name, IsVolumeResetRecord(record)
                                               ? "volume content put back as before reset-volume"
                                               : "rolled back to the content before the restore")
                       : FindingFromStatus(st, name));
  }
  if (!env.options.dry_run && report.ok())
    FERRY_RETURN_IF_ERROR(env.os.Rename(set, set.string() + ".done"));
  env.reporter.PhaseFinished("rollback", report.ok());
  return report;
}

}  // namespace ferry::phases
