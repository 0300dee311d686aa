#include "phases/container_check.h"

#include <arpa/inet.h>

#include <algorithm>
#include <map>
#include <optional>

#include "exec/docker/log_match.h"
#include "platform/tcp_socket.h"

namespace ferry::phases {
namespace {

namespace docker = exec::docker;

// Kinds whose container holds a database the seed probes (N004).
constexpr const char* kDatabaseKinds[] = {"mysql", "neo4j", "qdrant"};
constexpr int kDefaultAnswerSeconds = 5;

// One container to check and what its owner declared for it.
struct Target {
  std::string container;
  std::string component;  // the finding's component: the component, else the container
  const stack::ComponentSpec* spec = nullptr;  // null for [stack] containers
  std::optional<docker::ContainerInfo> info;   // set when inspect worked
};

std::string Join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

std::string DescribeState(const docker::ContainerInfo& info) {
  std::string text;
  if (info.restarting) {
    text = "is restarting";
  } else if (!info.running) {
    text = "is " + (info.status.empty() ? std::string("not running") : info.status) +
           " with exit code " + std::to_string(info.exit_code);
  } else {
    text = "is running but unhealthy (" + std::to_string(info.failing_streak) +
           " failed health checks";
    if (!info.last_health_output.empty()) text += ", last: " + info.last_health_output;
    text += ")";
  }
  text += "; restart count " + std::to_string(info.restart_count);
  if (info.oom_killed) text += "; killed for lack of memory (OOM)";
  if (!info.error.empty()) text += "; engine error: " + info.error;
  return text;
}

bool IsDown(const docker::ContainerInfo& info) {
  return info.restarting || !info.running || info.health == "unhealthy";
}

void CheckState(docker::DockerClient& client, Target& t, ContainerCheckOutcome& out) {
  auto info = client.Inspect(t.container);
  if (!info.ok()) {
    out.findings.push_back(FindingFromStatus(info.status(), t.component));
    return;
  }
  t.info = *info;
  if (!IsDown(*info)) {
    std::string health = info->health.empty() ? "" : " (" + info->health + ")";
    out.findings.push_back(
        PassFinding(t.component, "container " + t.container + " is running" + health));
    return;
  }
  std::string what = "container " + t.container + " " + DescribeState(*info);
  // The seed's diagnosis: docker logs <name> | grep -i "error\|exception".
  if (auto logs = client.Logs(t.container, 200); logs.ok()) {
    auto lines = docker::LastErrorLines(*logs);
    if (!lines.empty()) what += "\n      log: " + Join(lines, "\n      log: ");
  }
  out.findings.push_back(MakeFinding("D001", t.component, what));
  out.restartable.push_back(t.container);
}

void CheckVolumes(docker::DockerClient& client, const std::vector<std::string>& volumes,
                  const Target* t, const std::string& component, ContainerCheckOutcome& out) {
  for (const std::string& volume : volumes) {
    auto found = client.InspectVolume(volume);
    if (!found.ok()) {
      Finding f =
          MakeFinding("D004", component,
                      "declared volume " + volume + " does not exist: " + found.status().message());
      // Missing is not "creation fails": say how it comes back.
      f.fix =
          "Check the name against the compose file; `docker compose up` creates declared volumes, "
          "`docker volume create " +
          volume + "` an empty one; then restore its data with ferry restore.";
      out.findings.push_back(std::move(f));
      continue;
    }
    if (t && t->info) {
      const auto& mounts = t->info->mounts;
      bool mounted =
          std::any_of(mounts.begin(), mounts.end(), [&](auto& m) { return m.name == volume; });
      if (!mounted) {
        Finding f = MakeFinding(
            "D004", component,
            "volume " + volume + " exists but container " + t->container + " does not mount it");
        f.fix =
            "Recreate the container with the volume mounted (check `volumes:` in the compose "
            "file).";
        out.findings.push_back(std::move(f));
        continue;
      }
    }
    out.findings.push_back(PassFinding(component, "volume " + volume + " exists"));
  }
}

void CheckNetworks(docker::DockerClient& client, const std::vector<std::string>& networks,
                   const std::string& component, ContainerCheckOutcome& out) {
  if (networks.empty()) return;
  auto all = client.ListNetworks();
  if (!all.ok()) {
    out.findings.push_back(FindingFromStatus(all.status(), component));
    return;
  }
  for (const std::string& name : networks) {
    std::vector<const docker::NetworkInfo*> same;
    for (const auto& n : *all)
      if (n.name == name) same.push_back(&n);
    if (same.size() > 1) {
      out.findings.push_back(MakeFinding(
          "D006", component,
          "network name " + name + " is used by " + std::to_string(same.size()) + " networks"));
      continue;
    }
    if (same.empty()) {
      out.findings.push_back(
          PassFinding(component, "network " + name + " does not exist yet; nothing clashes"));
      continue;
    }
    bool clash = false;
    for (const std::string& subnet : same[0]->subnets) {
      for (const auto& other : *all) {
        if (other.id == same[0]->id) continue;
        for (const std::string& theirs : other.subnets) {
          if (!SubnetsOverlap(subnet, theirs)) continue;
          clash = true;
          out.findings.push_back(MakeFinding("D006", component,
                                             "network " + name + " subnet " + subnet +
                                                 " overlaps " + theirs + " of network " +
                                                 other.name));
        }
      }
    }
    if (!clash)
      out.findings.push_back(PassFinding(component, "network " + name + " has no clashing subnet"));
  }
}

// A port is expected to be taken when one of the stack's running containers
// publishes it; otherwise whoever holds it is in the way.
const Target* Publisher(const std::vector<Target>& targets, uint16_t port) {
  for (const Target& t : targets) {
    if (!t.info || !t.info->running) continue;
    for (const auto& p : t.info->ports)
      if (p.host_port == port) return &t;
  }
  return nullptr;
}

void CheckPort(PhaseEnv& env, const std::vector<Target>& targets, uint16_t port, Code code,
               const std::string& component, ContainerCheckOutcome& out) {
  std::string name = "port " + std::to_string(port);
  if (const Target* owner = Publisher(targets, port)) {
    out.findings.push_back(
        PassFinding(component, name + " is published by container " + owner->container));
    return;
  }
  auto use = env.os.ProbeTcpPort(port);
  if (!use.ok()) {
    out.findings.push_back(FindingFromStatus(use.status(), component));
    return;
  }
  if (!use->taken) {
    out.findings.push_back(PassFinding(component, name + " is free"));
    return;
  }
  std::vector<std::string> holders;
  for (const auto& h : use->holders)
    holders.push_back("pid " + std::to_string(h.pid) + " (" + h.command + ")");
  std::string who = holders.empty()
                        ? "a process this user cannot see (another user's or another namespace's)"
                        : Join(holders, ", ");
  out.findings.push_back(MakeFinding(
      code, component, name + " is taken by " + who + ", not by the stack's containers"));
}

// N004: a database container that runs must also answer on its port.
void CheckAnswers(const Target& t, ContainerCheckOutcome& out) {
  if (!t.spec || !t.info || IsDown(*t.info) || t.spec->needs.ports.empty()) return;
  const auto& kinds = kDatabaseKinds;
  bool database = std::find(std::begin(kinds), std::end(kinds), t.spec->kind) != std::end(kinds);
  if (!database && !t.spec->options.contains("answer_timeout")) return;
  int seconds = t.spec->options.value("answer_timeout", kDefaultAnswerSeconds);
  uint16_t port = t.spec->needs.ports.front();
  auto socket = platform::TcpConnect("127.0.0.1", port, std::chrono::seconds(seconds));
  if (!socket.ok()) {
    // The code of the server that should answer: Neo4j, MySQL, or an API.
    Code code = t.spec->kind == "neo4j"   ? Code("N004")
                : t.spec->kind == "mysql" ? Code("N011")
                                          : Code("N003");
    out.findings.push_back(
        MakeFinding(code, t.component,
                    "container " + t.container +
                        " runs but does not answer on 127.0.0.1:" + std::to_string(port) +
                        " within " + std::to_string(seconds) + " s: " + socket.status().message()));
    return;
  }
  out.findings.push_back(PassFinding(
      t.component, "container " + t.container + " answers on port " + std::to_string(port)));
}

std::optional<std::pair<uint32_t, int>> ParseCidr(const std::string& text) {
  size_t slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  in_addr addr{};
  if (inet_pton(AF_INET, text.substr(0, slash).c_str(), &addr) != 1) return std::nullopt;
  int prefix = -1;
  try {
    prefix = std::stoi(text.substr(slash + 1));
  } catch (...) {
    return std::nullopt;
  }
  if (prefix < 0 || prefix > 32) return std::nullopt;
  return std::make_pair(ntohl(addr.s_addr), prefix);
}

}  // namespace

bool SubnetsOverlap(const std::string& a, const std::string& b) {
  auto x = ParseCidr(a), y = ParseCidr(b);
  if (!x || !y) return a == b;
  int prefix = std::min(x->second, y->second);
  uint32_t mask = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
  return ((x->first ^ y->first) & mask) == 0;
}

bool HasEngineNeeds(const stack::StackFile& stack) {
  auto needs = [](const stack::EngineNeeds& n) {
    return !n.ports.empty() || !n.volumes.empty() || !n.networks.empty();
  };
  if (!stack.containers.empty() || needs(stack.needs)) return true;
  return std::any_of(stack.components.begin(), stack.components.end(),
                     [&](const auto& c) { return !c.container.empty() || needs(c.needs); });
}

ContainerCheckOutcome CheckContainers(PhaseEnv& env, docker::DockerClient& client,
                                      const stack::StackFile& stack) {
  ContainerCheckOutcome out;
  std::vector<Target> targets;
  for (const auto& spec : stack.components) {
    if (!spec.container.empty())
      targets.push_back(Target{spec.container, spec.name, &spec, std::nullopt});
  }
  for (const auto& name : stack.containers)
    targets.push_back(Target{name, name, nullptr, std::nullopt});
  for (Target& t : targets) CheckState(client, t, out);
  for (const Target& t : targets) CheckAnswers(t, out);

  for (const auto& spec : stack.components) {
    auto t = std::find_if(targets.begin(), targets.end(),
                          [&](const Target& x) { return x.spec == &spec; });
    const Target* target = t == targets.end() ? nullptr : &*t;
    CheckVolumes(client, spec.needs.volumes, target, spec.name, out);
    CheckNetworks(client, spec.needs.networks, spec.name, out);
    // A container's port in other hands is D005 (the seed's Docker table);
    // a host component's is N001 (the network table).
    for (uint16_t port : spec.needs.ports)
      CheckPort(env, targets, port, target ? Code("D005") : Code("N001"), spec.name, out);
  }
  CheckVolumes(client, stack.needs.volumes, nullptr, "stack", out);
  CheckNetworks(client, stack.needs.networks, "stack", out);
  for (uint16_t port : stack.needs.ports) CheckPort(env, targets, port, "N001", "stack", out);
  return out;
}

}  // namespace ferry::phases
