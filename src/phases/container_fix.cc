// `ferry check --fix` for containers: the seed's safe resolution for an
// unhealthy or exited container is `docker restart <name>`, wait, check
// again. That is all --fix does; removing a volume or `down -v` destroys
// data and is never a fix.
#include <chrono>

#include "phases/container_check.h"

namespace ferry::phases {
namespace {

namespace docker = exec::docker;
using std::chrono::duration_cast;
using std::chrono::seconds;

constexpr int kDefaultFixTimeoutSeconds = 120;

// Restarts each container and waits until it is healthy; a line per
// container saying what happened, as a passing finding or the D001 it ended in.
std::vector<Finding> Restart(PhaseEnv& env, docker::DockerClient& client,
                             const std::vector<std::string>& names) {
  std::vector<Finding> done;
  int timeout = env.options.fix_timeout_seconds > 0 ? env.options.fix_timeout_seconds
                                                    : kDefaultFixTimeoutSeconds;
  for (const std::string& name : names) {
    env.reporter.Note("fix: restarting container " + name);
    auto started = env.os.Monotonic();
    Status restarted = client.Restart(name);
    if (!restarted.ok()) {
      done.push_back(
          MakeFinding("D001", name, "fix: restart of " + name + " failed: " + restarted.message()));
      continue;
    }
    auto ready = client.WaitUntil(name, docker::WaitFor::kHealthy, seconds(timeout));
    auto took = duration_cast<seconds>(env.os.Monotonic() - started).count();
    if (!ready.ok()) {
      done.push_back(
          MakeFinding("D001", name, "fix: restarted " + name + " but " + ready.status().message()));
      continue;
    }
    std::string state = ready->health.empty() ? "running" : ready->health;
    std::string line =
        "fix: restarted " + name + "; " + state + " after " + std::to_string(took) + " s";
    done.push_back(PassFinding(name, line));
  }
  return done;
}

}  // namespace

std::vector<Finding> ContainerPreflight(PhaseEnv& env, const stack::StackFile& stack) {
  if (!HasEngineNeeds(stack)) return {};
  auto client = docker::DockerClient::FromEnvironment(env.os);
  if (!client.ok()) return {FindingFromStatus(client.status(), "engine")};
  if (Status ping = (*client)->Ping(); !ping.ok()) {
    return {MakeFinding(
        "D001", "engine",
        "the container engine at " + (*client)->endpoint().Describe() +
            " does not answer (is Docker running? is DOCKER_HOST right?): " + ping.message())};
  }
  ContainerCheckOutcome first = CheckContainers(env, **client, stack);
  if (!env.options.fix || first.restartable.empty()) return first.findings;

  // Re-check everything after the restarts: a restarted container may now
  // publish its ports or mount its volumes, and the report must say so.
  std::vector<Finding> findings = Restart(env, **client, first.restartable);
  ContainerCheckOutcome second = CheckContainers(env, **client, stack);
  findings.insert(findings.end(), second.findings.begin(), second.findings.end());
  return findings;
}

}  // namespace ferry::phases
