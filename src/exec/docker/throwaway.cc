#include "exec/docker/throwaway.h"

#include <nlohmann/json.hpp>

namespace ferry::exec::docker {

std::vector<std::string> BindsOf(const ContainerInfo& info) {
  std::vector<std::string> binds;
  for (const Mount& m : info.mounts) {
    std::string from = m.type == "volume" ? m.name : m.source;
    if (from.empty() || m.destination.empty() || m.type == "tmpfs") continue;
    binds.push_back(from + ":" + m.destination + (m.read_write ? "" : ":ro"));
  }
  return binds;
}

Result<ThrowawayResult> RunThrowaway(DockerClient& client, const ThrowawaySpec& spec) {
  NewContainer create;
  create.name = spec.name;
  create.image = spec.image;
  create.cmd = spec.argv;
  create.binds = spec.binds;
  create.env = spec.env;
  create.network_mode = "";  // as `docker run` would: the engine's default network
  FERRY_ASSIGN_OR_RETURN(std::string id, client.CreateContainer(create));
  (void)id;
  // Removed on every path from here: a throwaway must not outlive its run.
  auto run = [&]() -> Result<ThrowawayResult> {
    FERRY_RETURN_IF_ERROR(client.Start(spec.name));
    FERRY_ASSIGN_OR_RETURN(
        HttpResponse waited,
        client.Call("D001", "wait for container " + spec.name, "POST",
                    "/containers/" + UrlEscape(spec.name) + "/wait", "", spec.timeout_seconds));
    auto j = nlohmann::json::parse(waited.body, nullptr, false);
    if (!j.is_object() || !j.contains("StatusCode") || !j["StatusCode"].is_number_integer())
      return Status::Error("X002", "the engine sent no exit status for " + spec.name);
    ThrowawayResult result;
    result.exit_code = j["StatusCode"].get<int>();
    FERRY_ASSIGN_OR_RETURN(std::vector<LogLine> lines, client.Logs(spec.name, 1000));
    for (const LogLine& line : lines)
      (line.is_stderr ? result.err : result.out) += line.text + "\n";
    return result;
  };
  Result<ThrowawayResult> result = run();
  Status removed = client.RemoveContainer(spec.name);
  if (result.ok() && !removed.ok()) return removed;
  return result;
}

}  // namespace ferry::exec::docker
