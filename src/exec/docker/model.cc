#include "exec/docker/model.h"

#include <nlohmann/json.hpp>

namespace ferry::exec::docker {
namespace {

using json = nlohmann::json;

// Field readers that accept a missing key or a null (engines differ in
// which fields they omit) and never throw on a wrong type.
std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
int64_t Int(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<int64_t>() : 0;
}
bool Bool(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}
const json& Obj(const json& j, const char* key) {
  static const json kEmpty = json::object();
  auto it = j.find(key);
  return it != j.end() && it->is_object() ? *it : kEmpty;
}
const json& Arr(const json& j, const char* key) {
  static const json kEmpty = json::array();
  auto it = j.find(key);
  return it != j.end() && it->is_array() ? *it : kEmpty;
}

Result<json> Parse(std::string_view text, const char* what, bool want_array) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || (want_array ? !j.is_array() : !j.is_object())) {
    return Status::Error("X002", std::string("the engine sent an unreadable ") + what);
  }
  return j;
}

std::string TrimSlash(std::string name) {
  if (!name.empty() && name[0] == '/') name.erase(0, 1);
  return name;
}

uint16_t PortNumber(const std::string& text) {
  unsigned long v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') break;
    v = v * 10 + static_cast<unsigned long>(c - '0');
    if (v > 65535) return 0;
  }
  return static_cast<uint16_t>(v);
}

// NetworkSettings.Ports: {"3306/tcp": [{"HostIp": "", "HostPort": "13306"}] | null}.
std::vector<PublishedPort> ParsePorts(const json& ports) {
  std::vector<PublishedPort> out;
  for (const auto& [key, bindings] : ports.items()) {
    size_t slash = key.find('/');
    PublishedPort base;
    base.container_port = PortNumber(key.substr(0, slash));
    base.protocol = slash == std::string::npos ? "tcp" : key.substr(slash + 1);
    if (!bindings.is_array()) continue;  // exposed, not published
    for (const auto& b : bindings) {
      PublishedPort p = base;
      p.host_ip = Str(b, "HostIp");
      p.host_port = PortNumber(Str(b, "HostPort"));
      out.push_back(p);
    }
  }
  return out;
}

VolumeInfo VolumeFrom(const json& j) {
  return {Str(j, "Name"), Str(j, "Driver"), Str(j, "Mountpoint")};
}

NetworkInfo NetworkFrom(const json& j) {
  NetworkInfo n{Str(j, "Id"), Str(j, "Name"), Str(j, "Driver"), {}};
  for (const auto& c : Arr(Obj(j, "IPAM"), "Config")) {
    std::string subnet = Str(c, "Subnet");
    if (!subnet.empty()) n.subnets.push_back(subnet);
  }
  return n;
}

}  // namespace

Result<ContainerInfo> ParseContainerInfo(std::string_view text) {
  FERRY_ASSIGN_OR_RETURN(json j, Parse(text, "container description", false));
  ContainerInfo c;
  c.id = Str(j, "Id");
  c.name = TrimSlash(Str(j, "Name"));
  c.image = Str(Obj(j, "Config"), "Image");
  c.image_id = Str(j, "Image");
  c.tty = Bool(Obj(j, "Config"), "Tty");
  const json& state = Obj(j, "State");
  c.status = Str(state, "Status");
  c.running = Bool(state, "Running");
  c.restarting = Bool(state, "Restarting");
  c.oom_killed = Bool(state, "OOMKilled");
  c.exit_code = static_cast<int>(Int(state, "ExitCode"));
  c.pid = static_cast<int>(Int(state, "Pid"));
  c.error = Str(state, "Error");
  c.started_at = Str(state, "StartedAt");
  c.finished_at = Str(state, "FinishedAt");
  c.restart_count = static_cast<int>(Int(j, "RestartCount"));
  const json& health = Obj(state, "Health");
  c.health = Str(health, "Status");
  c.failing_streak = static_cast<int>(Int(health, "FailingStreak"));
  const json& log = Arr(health, "Log");
  if (!log.empty()) c.last_health_output = Str(log.back(), "Output");
  for (const auto& m : Arr(j, "Mounts")) {
    c.mounts.push_back(
        {Str(m, "Type"), Str(m, "Name"), Str(m, "Source"), Str(m, "Destination"), Bool(m, "RW")});
  }
  c.ports = ParsePorts(Obj(Obj(j, "NetworkSettings"), "Ports"));
  return c;
}

Result<std::vector<ContainerSummary>> ParseContainerList(std::string_view text) {
  FERRY_ASSIGN_OR_RETURN(json j, Parse(text, "container list", true));
  std::vector<ContainerSummary> out;
  for (const auto& row : j) {
    const json& names = Arr(row, "Names");
    std::string name = names.empty() || !names[0].is_string() ? "" : names[0].get<std::string>();
    out.push_back({Str(row, "Id"), TrimSlash(name), Str(row, "Image"), Str(row, "State"),
                   Str(row, "Status")});
  }
  return out;
}

Result<VolumeInfo> ParseVolume(std::string_view text) {
  FERRY_ASSIGN_OR_RETURN(json j, Parse(text, "volume description", false));
  return VolumeFrom(j);
}

Result<std::vector<VolumeInfo>> ParseVolumeList(std::string_view text) {
  FERRY_ASSIGN_OR_RETURN(json j, Parse(text, "volume list", false));
  std::vector<VolumeInfo> out;
  for (const auto& v : Arr(j, "Volumes")) out.push_back(VolumeFrom(v));
  return out;
}

Result<NetworkInfo> ParseNetwork(std::string_view text) {
  FERRY_ASSIGN_OR_RETURN(json j, Parse(text, "network description", false));
  return NetworkFrom(j);
}

Result<std::vector<NetworkInfo>> ParseNetworkList(std::string_view text) {
  FERRY_ASSIGN_OR_RETURN(json j, Parse(text, "network list", true));
  std::vector<NetworkInfo> out;
  for (const auto& n : j) out.push_back(NetworkFrom(n));
  return out;
}

Result<EngineVersion> ParseVersion(std::string_view text) {
  FERRY_ASSIGN_OR_RETURN(json j, Parse(text, "version", false));
  return EngineVersion{Str(j, "Version"), Str(j, "ApiVersion"), Str(j, "Os"), Str(j, "Arch")};
}

std::string ParseErrorMessage(std::string_view body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_object()) {
    std::string message = Str(j, "message");
    if (!message.empty()) return message;
  }
  std::string text(body.substr(0, 500));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

}  // namespace ferry::exec::docker
