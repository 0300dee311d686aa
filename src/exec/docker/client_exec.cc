// The exec calls of DockerClient: create an exec and read its status. The
// stream itself is exec_stream.cc.
#include <nlohmann/json.hpp>

#include "exec/docker/client.h"

namespace ferry::exec::docker {

Result<std::string> DockerClient::CreateExec(const std::string& container, const ExecSpec& spec) {
  nlohmann::json body = {{"AttachStdin", spec.attach_stdin},
                         {"AttachStdout", true},
                         {"AttachStderr", true},
                         {"Tty", false},
                         {"Cmd", spec.argv}};
  if (!spec.env.empty()) {
    std::vector<std::string> env;
    for (const auto& [k, v] : spec.env) env.push_back(k + "=" + v);
    body["Env"] = env;
  }
  if (!spec.working_dir.empty()) body["WorkingDir"] = spec.working_dir;
  FERRY_ASSIGN_OR_RETURN(HttpResponse r,
                         Call("D001", "exec in container " + container, "POST",
                              "/containers/" + UrlEscape(container) + "/exec", body.dump()));
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (!j.is_object() || !j.contains("Id") || !j["Id"].is_string()) {
    return Status::Error("X002", "the engine sent no exec id for " + container);
  }
  return j["Id"].get<std::string>();
}

Result<ExecStatus> DockerClient::InspectExec(const std::string& exec_id) {
  FERRY_ASSIGN_OR_RETURN(HttpResponse r, Call("D001", "inspect exec " + exec_id, "GET",
                                              "/exec/" + UrlEscape(exec_id) + "/json"));
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (!j.is_object()) return Status::Error("X002", "the engine sent an unreadable exec status");
  ExecStatus s;
  s.running = j.value("Running", false);
  s.exit_code = j.contains("ExitCode") && j["ExitCode"].is_number() ? j["ExitCode"].get<int>() : 0;
  s.pid = j.contains("Pid") && j["Pid"].is_number() ? j["Pid"].get<int>() : 0;
  return s;
}

}  // namespace ferry::exec::docker
