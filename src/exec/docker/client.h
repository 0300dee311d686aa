// A Docker Engine API client: what the seed runbook does with `docker ps`,
// `docker inspect`, `docker logs`, `docker restart`, `docker volume`,
// `docker network` and `docker exec`, as typed calls on the engine's socket
// (Docker, or podman's compatible service). No CLI text is parsed.
//
// Errors carry the catalog code of what the user must look at: the engine
// unreachable or a container missing / not running -> D001, volumes -> D004,
// networks -> D006; the message holds the HTTP status and the engine's text.
// Thread-safety: calls may come from several threads (EngineHttp locks).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exec/docker/http.h"
#include "exec/docker/model.h"
#include "platform/platform.h"

namespace ferry::exec::docker {

struct LogLine {
  bool is_stderr = false;
  std::string text;  // without the trailing newline
};

enum class WaitFor { kRunning, kHealthy };

struct ExecSpec {
  std::vector<std::string> argv;
  std::vector<std::pair<std::string, std::string>> env;
  std::string working_dir;  // empty: the container's
  bool attach_stdin = false;
};

// A container ferry creates for its own work (volume_helper in phases):
// never published, never on a network, removed by whoever made it.
struct NewContainer {
  std::string name;
  std::string image;
  std::vector<std::string> entrypoint;  // replaces the image's (a database's init script)
  std::vector<std::string> cmd;
  std::string user;  // "0": root, whatever USER the image sets
  std::vector<std::pair<std::string, std::string>> volumes;  // volume name, path inside
  std::vector<std::string> binds;  // "volume:/data", "/host/dir:/in/container[:ro]"
  std::vector<std::pair<std::string, std::string>> env;
  std::map<std::string, std::string> labels;
  // "none": no network (ferry's helpers need none); empty: the engine's default.
  std::string network_mode = "none";
};

struct ExecStatus {
  bool running = false;
  int exit_code = 0;
  int pid = 0;
};

class DockerClient {
 public:
  DockerClient(platform::Platform& os, Endpoint endpoint);
  // The engine named by $DOCKER_HOST (else /var/run/docker.sock).
  static Result<std::unique_ptr<DockerClient>> FromEnvironment(platform::Platform& os);

  const Endpoint& endpoint() const { return http_.endpoint(); }
  platform::Platform& os() { return os_; }

  // Engine.
  Status Ping();
  Result<EngineVersion> Version();

  // Containers. `name` is a name or an id.
  Result<std::vector<ContainerSummary>> ListContainers(bool include_stopped = true);
  Result<ContainerInfo> Inspect(const std::string& name);
  // The last `tail` lines of stdout and stderr, in the order written.
  Result<std::vector<LogLine>> Logs(const std::string& name, int tail = 100);
  Status Start(const std::string& name);
  Status Stop(const std::string& name, int grace_seconds = 10);
  Status Restart(const std::string& name, int grace_seconds = 10);
  // Polls until the container runs (and, for kHealthy, its healthcheck says
  // healthy; a container without a healthcheck counts as healthy once
  // running). D001 on timeout or when it exits meanwhile, with its state.
  Result<ContainerInfo> WaitUntil(const std::string& name, WaitFor what,
                                  std::chrono::milliseconds timeout);
  // POST /containers/create with network mode "none"; returns the id.
  // D001 on an engine error (an unknown image included).
  Result<std::string> CreateContainer(const NewContainer& spec);
  // DELETE /containers/{name}?force=1: stops it first. Named volumes it
  // mounted are never removed (no v=1).
  Status RemoveContainer(const std::string& name);

  // Volumes (D004).
  Result<std::vector<VolumeInfo>> ListVolumes();
  Result<VolumeInfo> InspectVolume(const std::string& name);
  Result<VolumeInfo> CreateVolume(const std::string& name);
  Status RemoveVolume(const std::string& name, bool force = false);

  // Networks (D006).
  Result<std::vector<NetworkInfo>> ListNetworks();
  Result<NetworkInfo> InspectNetwork(const std::string& name);
  Result<NetworkInfo> CreateNetwork(const std::string& name);
  Status RemoveNetwork(const std::string& name);

  // Exec: create (returns the exec id), then stream it with
  // StartExecStream (exec_stream.h), then read its exit status here.
  Result<std::string> CreateExec(const std::string& container, const ExecSpec& spec);
  Result<ExecStatus> InspectExec(const std::string& exec_id);

  // One request; HTTP statuses >= 400 become `code` errors quoting the
  // engine's message ("what": e.g. "inspect container openspg-mysql").
  Result<HttpResponse> Call(Code code, const std::string& what, const std::string& method,
                            const std::string& path, const std::string& body = "",
                            long timeout_seconds = 120);

 private:
  // grace_seconds < 0: no ?t= parameter.
  Status Act(const std::string& name, const std::string& action, int grace_seconds);

  platform::Platform& os_;
  EngineHttp http_;
};

// Percent-encodes a name for use in a URL path or query.
std::string UrlEscape(const std::string& text);

}  // namespace ferry::exec::docker
