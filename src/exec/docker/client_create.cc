// Creating and removing containers of ferry's own (DockerClient).
#include <nlohmann/json.hpp>

#include "exec/docker/client.h"

namespace ferry::exec::docker {

Result<std::string> DockerClient::CreateContainer(const NewContainer& spec) {
  nlohmann::json mounts = nlohmann::json::array();
  for (const auto& [volume, target] : spec.volumes) {
    mounts.push_back({{"Type", "volume"}, {"Source", volume}, {"Target", target}});
  }
  nlohmann::json host = {{"Mounts", mounts}};
  if (!spec.binds.empty()) host["Binds"] = spec.binds;
  if (!spec.network_mode.empty()) host["NetworkMode"] = spec.network_mode;
  nlohmann::json body = {{"Image", spec.image},
                         {"Cmd", spec.cmd},
                         {"Tty", false},
                         {"Labels", spec.labels},
                         {"HostConfig", host}};
  if (!spec.entrypoint.empty()) body["Entrypoint"] = spec.entrypoint;
  if (!spec.user.empty()) body["User"] = spec.user;
  if (!spec.env.empty()) {
    std::vector<std::string> env;
    for (const auto& [k, v] : spec.env) env.push_back(k + "=" + v);
    body["Env"] = env;
  }
  FERRY_ASSIGN_OR_RETURN(HttpResponse r,
                         Call("D001", "create container " + spec.name, "POST",
                              "/containers/create?name=" + UrlEscape(spec.name), body.dump()));
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (!j.is_object() || !j.contains("Id") || !j["Id"].is_string()) {
    return Status::Error("X002", "the engine sent no id for the new container " + spec.name);
  }
  return j["Id"].get<std::string>();
}

Status DockerClient::RemoveContainer(const std::string& name) {
  FERRY_ASSIGN_OR_RETURN(HttpResponse r, Call("D001", "remove container " + name, "DELETE",
                                              "/containers/" + UrlEscape(name) + "?force=1"));
  (void)r;
  return Status::Ok();
}

}  // namespace ferry::exec::docker
