#include "phases/volume_reset.h"

#include <chrono>

#include "phases/target.h"
#include "phases/verify.h"
#include "phases/volume_copy.h"

namespace ferry::phases {
namespace {

namespace docker = exec::docker;
using std::chrono::seconds;

constexpr const char* kRecordKind = "volume-reset";
constexpr int kDefaultTimeoutSeconds = 120;
constexpr int kStopGraceSeconds = 30;

int TimeoutOf(int seconds) { return seconds > 0 ? seconds : kDefaultTimeoutSeconds; }

// What the reset works on, all looked up before anything changes.
struct Plan {
  const stack::ComponentSpec* spec = nullptr;
  std::string container;
  std::string image;
  bool was_running = false;
  std::vector<std::string> volumes;
  std::vector<std::string> destinations;  // where the container mounts each volume
};

// Running containers other than `own` that mount volume: emptying it
// would pull the data from under them.
std::vector<std::string> OtherUsers(docker::DockerClient& client, const std::string& own_id,
                                    const std::string& volume, Report& report) {
  std::vector<std::string> users;
  auto running = client.ListContainers(/*include_stopped=*/false);
  if (!running.ok()) {
    report.Add(FindingFromStatus(running.status(), "engine"));
    return users;
  }
  for (const docker::ContainerSummary& c : *running) {
    if (c.id == own_id) continue;
    auto info = client.Inspect(c.id);
    if (!info.ok()) continue;  // gone meanwhile
    for (const docker::Mount& m : info->mounts) {
      if (m.type == "volume" && m.name == volume) users.push_back(c.name);
    }
  }
  return users;
}

// The container's volumes, each one existing, mounted by it and by no
// other running container (D004).
Result<Plan> MakePlan(docker::DockerClient& client, const stack::ComponentSpec& spec,
                      const VolumeResetOptions& options, Report& report) {
  Plan plan;
  plan.spec = &spec;
  plan.container = spec.container;
  plan.volumes = options.volumes.empty() ? spec.needs.volumes : options.volumes;
  if (plan.volumes.empty()) {
    return Status::Error("X003",
                         "component " + spec.name +
                             " declares no volumes: name the one to reset "
                             "with --volume, or add volumes = [...] to it in the stack file");
  }
  FERRY_ASSIGN_OR_RETURN(docker::ContainerInfo info, client.Inspect(plan.container));
  plan.image = info.image_id.empty() ? info.image : info.image_id;
  plan.was_running = info.running;
  for (const std::string& volume : plan.volumes) {
    auto inspected = client.InspectVolume(volume);
    if (!inspected.ok()) {
      report.Add(FindingFromStatus(inspected.status(), spec.name));
      continue;
    }
    std::string destination;
    for (const docker::Mount& m : info.mounts) {
      if (m.type == "volume" && m.name == volume) destination = m.destination;
    }
    if (destination.empty()) {
      report.Add(MakeFinding("D004", spec.name,
                             "volume " + volume + " is not mounted by container " + plan.container +
                                 "; reset-volume only resets its own volumes"));
    }
    for (const std::string& other : OtherUsers(client, info.id, volume, report)) {
      report.Add(MakeFinding("D004", spec.name,
                             "volume " + volume + " is also mounted by running container " + other +
                                 "; stop it first (docker stop " + other + ")"));
    }
    plan.destinations.push_back(destination);
  }
  return plan;
}

// Starts the container again and waits; a line saying how it went.
Finding Restart(PhaseEnv& env, docker::DockerClient& client, const Plan& plan, int timeout) {
  auto started = env.os.Monotonic();
  Status st = client.Start(plan.container);
  if (!st.ok()) return FindingFromStatus(st, plan.spec->name);
  auto ready = client.WaitUntil(plan.container, docker::WaitFor::kHealthy, seconds(timeout));
  if (!ready.ok()) return FindingFromStatus(ready.status(), plan.spec->name);
  auto took = std::chrono::duration_cast<seconds>(env.os.Monotonic() - started).count();
  return PassFinding(plan.spec->name, "started " + plan.container + "; " +
                                          (ready->health.empty() ? "running" : ready->health) +
                                          " after " + std::to_string(took) + " s");
}

// Stop, copy, record, empty, restart. Findings go to report; a Status only
// when the reset could not go on (report then says what state things are in).
Status Reset(PhaseEnv& env, const std::shared_ptr<docker::DockerClient>& shared, const Target& t,
             const Plan& plan, const VolumeResetOptions& options, Report& report) {
  docker::DockerClient& client = *shared;
  const std::string& name = plan.spec->name;
  const int timeout = TimeoutOf(options.timeout_seconds);
  fs::path set = NewRollbackSet(env, t.root);
  env.reporter.Note("stopping container " + plan.container);
  FERRY_RETURN_IF_ERROR(client.Stop(plan.container, std::min(timeout, kStopGraceSeconds)));
  // Back to the state before the reset: running again if it was running.
  auto restart_untouched = [&](const Status& why) {
    report.Add(FindingFromStatus(why, name));
    if (plan.was_running) report.Add(Restart(env, client, plan, timeout));
    report.Add(MakeFinding(
        "D007", name, "volume reset stopped before any volume was emptied; nothing was deleted"));
    return Status::Ok();
  };
  auto helper = VolumeHelper::Start(shared, plan.image, plan.container, plan.volumes);
  if (!helper.ok()) return restart_untouched(helper.status());
  nlohmann::json copies = nlohmann::json::array();
  stream::ZstdOptions zstd{t.stack.zstd_level, t.stack.threads};
  for (const std::string& volume : plan.volumes) {
    auto copy = KeepVolumeCopy(env, **helper, volume, set / name / (volume + ".tar.zst"), zstd);
    if (!copy.ok()) return restart_untouched(copy.status());
    report.Add(PassFinding(name, "kept a copy of volume " + volume + " (" +
                                     std::to_string((*copy)["entries"].get<uint64_t>()) +
                                     " entries, " +
                                     std::to_string((*copy)["bytes"].get<uint64_t>()) +
                                     " bytes compressed, read back from the device) in " +
                                     (*copy)["copy"].get<std::string>()));
    copies.push_back(*copy);
  }
  if (Interrupted(env))
    return restart_untouched(Status::Error("I001", "interrupted before emptying"));
  nlohmann::json record = {{"kind", kRecordKind},
                           {"container", plan.container},
                           {"image", plan.image},
                           {"timeout_seconds", timeout},
                           {"volumes", copies}};
  nlohmann::json records = nlohmann::json::array();
  records.push_back({{"component", name}, {"kind", plan.spec->kind}, {"record", record}});
  if (Status saved = SaveRollbackRecords(env, set, t.root, records); !saved.ok())
    return restart_untouched(saved);
  for (const std::string& volume : plan.volumes) {
    env.reporter.Note("emptying volume " + volume);
    if (Status emptied = (*helper)->Empty(volume); !emptied.ok()) {
      // Partly emptied: starting the database now could make things worse.
      report.Add(FindingFromStatus(emptied, name));
      report.Add(MakeFinding(
          "D007", name,
          "volume " + volume + " may be partly emptied; container " + plan.container +
              " is left stopped; ferry rollback puts the copy in " + set.string() + " back"));
      return Status::Ok();
    }
    report.Add(PassFinding(name, "emptied volume " + volume + " (the volume and its mounts stay)"));
  }
  helper->reset();  // the helper goes before the container starts again
  report.Add(Restart(env, client, plan, timeout));
  return Status::Ok();
}

}  // namespace

bool IsVolumeResetRecord(const nlohmann::json& record) {
  return record.is_object() && record.value("kind", "") == kRecordKind;
}

Result<Report> RunVolumeReset(PhaseEnv& env, const VolumeResetOptions& options) {
  // The proof comes first: without a verified export, emptying a volume may
  // destroy the only copy of the data.
  FERRY_ASSIGN_OR_RETURN(Report report,
                         RunVerifyComponent(env, options.target.medium, options.component));
  if (!report.ok()) {
    std::erase_if(report.findings, [](const Finding& f) { return f.passed(); });
    report.Add(MakeFinding(
        "T005", options.component,
        "the medium holds no verified export of " + options.component + "; no volume was touched"));
    return report;
  }
  FERRY_ASSIGN_OR_RETURN(Target t, OpenTarget(env, options.target));
  const stack::ComponentSpec* spec = FindComponent(t.stack, options.component);
  if (spec == nullptr)
    return Status::Error("X003", "component " + options.component + " is not in the stack file");
  if (spec->container.empty()) {
    return Status::Error("X003", "component " + spec->name +
                                     " has no container = \"...\": reset-volume works on "
                                     "the volumes of a component's container");
  }
  FERRY_ASSIGN_OR_RETURN(auto owned, docker::DockerClient::FromEnvironment(env.os));
  std::shared_ptr<docker::DockerClient> client(std::move(owned));
  Report plan_report;
  FERRY_ASSIGN_OR_RETURN(Plan plan, MakePlan(*client, *spec, options, plan_report));
  report.Add(plan_report.findings);
  if (!plan_report.ok()) {
    report.Add(MakeFinding("D004", spec->name, "no volume was touched"));
    return report;
  }
  env.reporter.PhaseStarted("reset-volume");
  std::string what;
  for (size_t i = 0; i < plan.volumes.size(); ++i) {
    what += (i ? ", " : "") + plan.volumes[i] + " (at " + plan.destinations[i] + ")";
  }
  std::string steps = "stop container " + plan.container + ", keep a copy of volume " + what +
                      " under " + (t.root / kRollbackFolder).string() + ", empty it and start " +
                      plan.container + " again";
  if (env.options.dry_run) {
    report.Add(PassFinding(spec->name, "dry run: would " + steps + "; nothing changed"));
  } else if (!options.confirmed) {
    report.Add(MakeFinding("T004", spec->name,
                           "would " + steps +
                               "; run again with --yes-delete-volume-contents "
                               "to do it; nothing changed"));
  } else {
    FERRY_RETURN_IF_ERROR(Reset(env, client, t, plan, options, report));
    if (report.ok()) {
      std::string where = "--from " + t.medium->root().string() +
                          (options.target.stack.empty()
                               ? ""
                               : " --stack " + fs::absolute(options.target.stack).string()) +
                          (options.target.root.empty() ? "" : " --root " + t.root.string());
      env.reporter.Note(
          "next: ferry restore " + where + " --component " + spec->name +
          " (into the fresh volume), then ferry validate the same way; ferry rollback " + where +
          " puts the old content back");
    }
  }
  env.reporter.PhaseFinished("reset-volume", report.ok());
  return report;
}

Status RollbackVolumeReset(PhaseEnv& env, components::ComponentContext& ctx,
                           const nlohmann::json& record) {
  const nlohmann::json& volumes = record["volumes"];
  for (const auto& entry : volumes) FERRY_RETURN_IF_ERROR(CheckVolumeCopy(env, entry));
  FERRY_ASSIGN_OR_RETURN(auto owned, docker::DockerClient::FromEnvironment(env.os));
  std::shared_ptr<docker::DockerClient> client(std::move(owned));
  Plan plan;
  plan.spec = &ctx.spec;
  plan.container = record.value("container", "");
  std::vector<std::string> names;
  for (const auto& entry : volumes) names.push_back(entry.value("name", ""));
  const int timeout = TimeoutOf(record.value("timeout_seconds", 0));
  env.reporter.Note("stopping container " + plan.container);
  FERRY_RETURN_IF_ERROR(client->Stop(plan.container, std::min(timeout, kStopGraceSeconds)));
  {
    FERRY_ASSIGN_OR_RETURN(
        auto helper, VolumeHelper::Start(client, record.value("image", ""), plan.container, names));
    for (const auto& entry : volumes) {
      // What the restore wrote is kept too: a rollback deletes nothing uncopied.
      fs::path copy = entry.value("copy", "");
      fs::path undone = copy.parent_path() / (entry.value("name", "") + ".undone.tar.zst");
      FERRY_RETURN_IF_ERROR(
          KeepVolumeCopy(env, *helper, entry.value("name", ""), undone, ctx.zstd).status());
      FERRY_RETURN_IF_ERROR(RefillVolume(env, *helper, entry));
    }
  }
  Finding started = Restart(env, *client, plan, timeout);
  if (!started.passed()) return Status::Error(*Code::Parse(started.code), started.what);
  env.reporter.Note(started.what);
  return Status::Ok();
}

}  // namespace ferry::phases
