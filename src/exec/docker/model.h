// What ferry needs to know about engine objects, parsed from the Docker
// Engine API's JSON. Only the fields the checks use; unknown fields are
// ignored so newer engines (and podman's compat layer) parse the same.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/status.h"

namespace ferry::exec::docker {

struct Mount {
  std::string type;         // "volume", "bind", "tmpfs"
  std::string name;         // the volume name, for type "volume"
  std::string source;       // host path
  std::string destination;  // path inside the container
  bool read_write = true;
};

struct PublishedPort {
  uint16_t container_port = 0;
  std::string protocol;  // "tcp" / "udp"
  std::string host_ip;
  uint16_t host_port = 0;
};

// One row of GET /containers/json.
struct ContainerSummary {
  std::string id;
  std::string name;  // without the leading "/"
  std::string image;
  std::string state;   // "running", "exited", "created", ...
  std::string status;  // the engine's human text ("Up 3 minutes")
};

// GET /containers/{name}/json.
struct ContainerInfo {
  std::string id;
  std::string name;
  std::string image;     // Config.Image: the name it was created from
  std::string image_id;  // Image: the exact image, even if the name moved since
  std::string status;    // State.Status: "running", "exited", "restarting", ...
  bool running = false;
  bool restarting = false;
  bool oom_killed = false;
  int exit_code = 0;
  int restart_count = 0;
  int pid = 0;
  std::string error;       // State.Error
  std::string started_at;  // RFC 3339
  std::string finished_at;
  std::string health;  // "" (no healthcheck), "starting", "healthy", "unhealthy"
  int failing_streak = 0;
  std::string last_health_output;
  bool tty = false;
  std::vector<Mount> mounts;
  std::vector<PublishedPort> ports;
};

struct VolumeInfo {
  std::string name;
  std::string driver;
  std::string mountpoint;
};

struct NetworkInfo {
  std::string id;
  std::string name;
  std::string driver;
  std::vector<std::string> subnets;
};

struct EngineVersion {
  std::string version;      // "4.3.1" (podman) or "24.0.7" (docker)
  std::string api_version;  // "1.41"
  std::string os;
  std::string arch;
};

// Parsers; a body that is not the expected JSON is an X002 error.
Result<ContainerInfo> ParseContainerInfo(std::string_view json);
Result<std::vector<ContainerSummary>> ParseContainerList(std::string_view json);
Result<VolumeInfo> ParseVolume(std::string_view json);
Result<std::vector<VolumeInfo>> ParseVolumeList(std::string_view json);
Result<NetworkInfo> ParseNetwork(std::string_view json);
Result<std::vector<NetworkInfo>> ParseNetworkList(std::string_view json);
Result<EngineVersion> ParseVersion(std::string_view json);
// The "message" of an engine error body, or the body itself when not JSON.
std::string ParseErrorMessage(std::string_view body);

}  // namespace ferry::exec::docker
