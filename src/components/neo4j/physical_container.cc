#include "components/neo4j/physical_container.h"

#include <chrono>

namespace ferry::components::neo4j {
namespace {

using exec::docker::ThrowawaySpec;

class EngineContainerOps final : public ContainerOps {
 public:
  explicit EngineContainerOps(exec::docker::DockerClient& client) : client_(client) {}
  Result<exec::docker::ContainerInfo> Inspect(const std::string& container) override {
    return client_.Inspect(container);
  }
  // Neo4j checkpoints on a clean shutdown, which can take a while on a big
  // store; a kill would leave the log ahead of the store (D002 at dump).
  Status Stop(const std::string& container) override { return client_.Stop(container, 120); }
  Status Start(const std::string& container) override {
    FERRY_RETURN_IF_ERROR(client_.Start(container));
    return client_.WaitUntil(container, exec::docker::WaitFor::kRunning, std::chrono::seconds(120))
        .status();
  }
  Result<exec::docker::ThrowawayResult> Run(const ThrowawaySpec& spec) override {
    return exec::docker::RunThrowaway(client_, spec);
  }

 private:
  exec::docker::DockerClient& client_;
};

}  // namespace

std::unique_ptr<ContainerOps> EngineOps(exec::docker::DockerClient& client) {
  return std::make_unique<EngineContainerOps>(client);
}

Result<AdminSyntax> DetectAdminSyntaxBeside(ContainerOps& ops, const std::string& container,
                                            const std::string& run_name) {
  FERRY_ASSIGN_OR_RETURN(exec::docker::ContainerInfo info, ops.Inspect(container));
  ThrowawaySpec spec;
  spec.name = run_name + "-version";
  spec.image = info.image;
  spec.argv = {"neo4j-admin", "--version"};
  spec.timeout_seconds = 300;
  FERRY_ASSIGN_OR_RETURN(exec::docker::ThrowawayResult out, ops.Run(spec));
  if (out.exit_code != 0) return AdminFailure("--version", out.exit_code, out.err, out.out);
  // The image's entrypoint may print a line of its own first; the version
  // is the last word of the last line.
  std::string_view text = out.out;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r'))
    text.remove_suffix(1);
  size_t cut = text.find_last_of(" \n");
  return AdminSyntaxFor(cut == std::string_view::npos ? text : text.substr(cut + 1));
}

Status RunAdminBeside(ContainerOps& ops, const std::string& container,
                      const std::vector<AdminStep>& steps, const std::string& run_name) {
  FERRY_ASSIGN_OR_RETURN(exec::docker::ContainerInfo info, ops.Inspect(container));
  const bool was_running = info.running;
  if (was_running) FERRY_RETURN_IF_ERROR(ops.Stop(container));
  Status result;
  for (size_t i = 0; i < steps.size() && result.ok(); ++i) {
    const AdminStep& step = steps[i];
    ThrowawaySpec spec;
    spec.name = run_name + "-" + std::to_string(i + 1);
    spec.image = info.image;
    spec.argv = step.argv;
    spec.binds = exec::docker::BindsOf(info);
    spec.binds.push_back(step.host_dir.string() + ":" + kExchangeDir +
                         (step.read_only ? ":ro" : ""));
    auto ran = ops.Run(spec);
    if (!ran.ok())
      result = ran.status();
    else if (ran->exit_code != 0)
      result = AdminFailure(step.operation, ran->exit_code, ran->err, ran->out);
  }
  if (was_running) {
    Status started = ops.Start(container);
    if (!started.ok())
      return Status::Error(
          "D001", "neo4j-admin " + std::string(result.ok() ? "succeeded" : "failed") +
                      " but container " + container + " did not start again: " + started.message() +
                      ". Start it by hand (docker start " + container + ")");
  }
  return result;
}

}  // namespace ferry::components::neo4j
