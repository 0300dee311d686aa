// Runs a Command inside a named container, as the seed's
// `docker exec -i openspg-mysql mysqldump ...` does, through the Docker
// Engine API (exec_stream.h): stdin/stdout streamed, exit code and stderr
// kept, exactly like HostExecutor on the host. Command.env becomes the exec's
// environment and Command.cwd its working directory (a path in the container).
//
// Secrets (Command.inherited): a descriptor cannot cross into a container, and
// argv and env of an exec are visible to anyone who can inspect it. So each
// secret goes to the container on an exec's *stdin* into a file that only
// root can read, in a fresh private directory (mktemp -d, under /dev/shm when
// the image has it, so it stays in memory). The command then runs under a
// small `sh` wrapper that opens each file on its descriptor number, removes
// the directory, and only then execs the real program: the program finds its
// secret on /dev/fd/N exactly as on the host, and the file lives on disk only
// for the instant between the two execs. If anything fails before the wrapper
// runs, the directory is removed by a clean-up exec.
// REQUIRES for inherited data: `sh`, `cat`, `mktemp` in the container, and
// child_fd in 3..9 (the descriptors plain sh can redirect).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "exec/docker/client.h"
#include "exec/executor.h"

namespace ferry::exec::docker {

class ContainerExecutor final : public Executor {
 public:
  ContainerExecutor(std::shared_ptr<DockerClient> client, std::string container)
      : client_(std::move(client)), container_(std::move(container)) {}

  std::string Describe() const override { return "container " + container_; }
  Result<std::unique_ptr<platform::Process>> Start(const Command& command) override;
  // `command -v name` inside the container; false also when it cannot run.
  bool HasProgram(const std::string& name) override;

  const std::string& container() const { return container_; }
  DockerClient& client() { return *client_; }

 private:
  // Starts argv in the container (no secrets involved).
  Result<std::unique_ptr<platform::Process>> StartRaw(const Command& command,
                                                      std::vector<std::string> argv);
  // Creates the private directory and writes each inherited file into it.
  Result<std::string> StageSecrets(const Command& command);
  void RemoveStaged(const std::string& dir);

  std::shared_ptr<DockerClient> client_;
  std::string container_;
};

// The executor for a component: on the host when container is empty, else
// inside that container on the engine named by $DOCKER_HOST. On the host,
// the variables of env_remove are removed from its children's environment
// (a container exec gets only Command::env anyway).
Result<std::unique_ptr<Executor>> MakeExecutor(platform::Platform& os,
                                               const std::optional<std::string>& container,
                                               std::vector<std::string> env_remove = {});

}  // namespace ferry::exec::docker
