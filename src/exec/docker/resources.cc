// Volumes (D004) and networks (D006) of DockerClient.
#include <nlohmann/json.hpp>

#include "exec/docker/client.h"

namespace ferry::exec::docker {

Result<std::vector<VolumeInfo>> DockerClient::ListVolumes() {
  FERRY_ASSIGN_OR_RETURN(HttpResponse r, Call("D004", "list volumes", "GET", "/volumes"));
  return ParseVolumeList(r.body);
}

Result<VolumeInfo> DockerClient::InspectVolume(const std::string& name) {
  FERRY_ASSIGN_OR_RETURN(
      HttpResponse r, Call("D004", "inspect volume " + name, "GET", "/volumes/" + UrlEscape(name)));
  return ParseVolume(r.body);
}

Result<VolumeInfo> DockerClient::CreateVolume(const std::string& name) {
  nlohmann::json body = {{"Name", name}};
  FERRY_ASSIGN_OR_RETURN(HttpResponse r, Call("D004", "create volume " + name, "POST",
                                              "/volumes/create", body.dump()));
  return ParseVolume(r.body);
}

Status DockerClient::RemoveVolume(const std::string& name, bool force) {
  FERRY_ASSIGN_OR_RETURN(HttpResponse r,
                         Call("D004", "remove volume " + name, "DELETE",
                              "/volumes/" + UrlEscape(name) + (force ? "?force=1" : "")));
  (void)r;
  return Status::Ok();
}

Result<std::vector<NetworkInfo>> DockerClient::ListNetworks() {
  FERRY_ASSIGN_OR_RETURN(HttpResponse r, Call("D006", "list networks", "GET", "/networks"));
  return ParseNetworkList(r.body);
}

Result<NetworkInfo> DockerClient::InspectNetwork(const std::string& name) {
  FERRY_ASSIGN_OR_RETURN(HttpResponse r, Call("D006", "inspect network " + name, "GET",
                                              "/networks/" + UrlEscape(name)));
  return ParseNetwork(r.body);
}

Result<NetworkInfo> DockerClient::CreateNetwork(const std::string& name) {
  // CheckDuplicate: a second network of the same name is the seed's N002 /
  // D006 conflict, so refuse it here rather than create an ambiguous twin.
  nlohmann::json body = {{"Name", name}, {"CheckDuplicate", true}};
  FERRY_ASSIGN_OR_RETURN(HttpResponse r, Call("D006", "create network " + name, "POST",
                                              "/networks/create", body.dump()));
  (void)r;
  return InspectNetwork(name);
}

Status DockerClient::RemoveNetwork(const std::string& name) {
  FERRY_ASSIGN_OR_RETURN(HttpResponse r, Call("D006", "remove network " + name, "DELETE",
                                              "/networks/" + UrlEscape(name)));
  (void)r;
  return Status::Ok();
}

}  // namespace ferry::exec::docker
