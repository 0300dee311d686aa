// Physical mode when Neo4j runs in a container (container = "openspg-neo4j"):
// neo4j-admin must run where the store is, and Community edition only dumps
// or loads a stopped DBMS, so ferry does what users do by hand,
//
//   docker stop openspg-neo4j
//   docker run --rm -v <its mounts> -v <exchange>:/ferry-exchange <its image>
//       neo4j-admin database dump neo4j --to-path=/ferry-exchange   (one line)
//   docker start openspg-neo4j
//
// as Engine API calls: the throwaway container comes from the same image
// (the same neo4j-admin version as the store) and mounts the same volumes at
// the same paths, plus a host folder for the dump file. The container is
// started again whatever happened, if it was running before.
//
// ContainerOps is the seam: the engine behind it is real (DockerClient),
// tested with a real Neo4j container (physical_container_engine_test.cc); the
// unit test replays the failure paths with a recorder.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "components/neo4j/admin.h"
#include "exec/docker/client.h"
#include "exec/docker/throwaway.h"

namespace ferry::components::neo4j {

inline constexpr const char* kExchangeDir = "/ferry-exchange";

class ContainerOps {
 public:
  virtual ~ContainerOps() = default;
  virtual Result<exec::docker::ContainerInfo> Inspect(const std::string& container) = 0;
  virtual Status Stop(const std::string& container) = 0;
  // Starts it and waits until it runs.
  virtual Status Start(const std::string& container) = 0;
  virtual Result<exec::docker::ThrowawayResult> Run(const exec::docker::ThrowawaySpec& spec) = 0;
};

std::unique_ptr<ContainerOps> EngineOps(exec::docker::DockerClient& client);

// One neo4j-admin command; its argv names files under kExchangeDir, which
// is host_dir on the host (read-only for a load).
struct AdminStep {
  std::string operation;  // "dump" or "load", for AdminFailure
  std::vector<std::string> argv;
  std::filesystem::path host_dir;
  bool read_only = false;
};

// neo4j-admin --version in a throwaway from the container's image (the
// container itself may be stopped, so it cannot exec).
Result<AdminSyntax> DetectAdminSyntaxBeside(ContainerOps& ops, const std::string& container,
                                            const std::string& run_name);

// Stops container if it runs, runs the steps in order in throwaways (the
// first failure ends them: AdminFailure's D002), then starts it again if it
// ran before, also after a failure. A failed restart is D001 and wins over
// success, because the user's database is then down.
Status RunAdminBeside(ContainerOps& ops, const std::string& container,
                      const std::vector<AdminStep>& steps, const std::string& run_name);

}  // namespace ferry::components::neo4j
