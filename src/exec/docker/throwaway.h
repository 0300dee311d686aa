// A one-shot container: `docker run --rm -v VOLUME:/data IMAGE CMD...` as
// Engine API calls (create, start, wait, logs, remove). Used to run a tool
// beside a stopped container's data, from the container's own image, e.g.
// neo4j-admin dump of the store of a stopped openspg-neo4j.
#pragma once

#include <string>
#include <vector>

#include "exec/docker/client.h"

namespace ferry::exec::docker {

struct ThrowawaySpec {
  std::string name;  // unique; the container is removed at the end
  std::string image;
  std::vector<std::string> argv;   // Cmd; the image's entrypoint stays
  std::vector<std::string> binds;  // "volume:/data", "/host/dir:/in/container"
  std::vector<std::pair<std::string, std::string>> env;
  long timeout_seconds = 3600;  // for the command to finish
};

struct ThrowawayResult {
  int exit_code = 0;
  std::string out, err;  // the last lines of each stream (up to 1,000 lines)
};

// Runs spec to completion. The container is removed whatever happens
// (failed start, timeout). D001 when the engine refuses (no such image).
Result<ThrowawayResult> RunThrowaway(DockerClient& client, const ThrowawaySpec& spec);

// A container's mounts as binds for another container ("name:/dest" for a
// volume, "/src:/dest" for a bind mount; ":ro" kept), so a throwaway sees the
// same data at the same paths.
std::vector<std::string> BindsOf(const ContainerInfo& info);

}  // namespace ferry::exec::docker
