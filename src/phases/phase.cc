#include "phases/phase.h"

#include "exec/docker/container_executor.h"

namespace ferry::phases {

namespace {

Result<std::unique_ptr<exec::Executor>> ExecutorFor(platform::Platform& os,
                                                    const stack::ComponentSpec& spec) {
  std::optional<std::string> container;
  if (!spec.container.empty()) container = spec.container;
  // A child sees its own component's secret variable at most, never another's.
  return exec::docker::MakeExecutor(os, container, spec.foreign_secret_env);
}

}  // namespace

Result<ComponentSetup> SetUpComponent(PhaseEnv& env, const stack::StackFile& stack,
                                      const stack::ComponentSpec& spec, const fs::path& path) {
  FERRY_ASSIGN_OR_RETURN(auto component, components::MakeComponent(spec.kind));
  FERRY_ASSIGN_OR_RETURN(auto executor, ExecutorFor(env.os, spec));
  stream::ZstdOptions zstd;
  zstd.level = env.options.zstd_level > 0 ? env.options.zstd_level : stack.zstd_level;
  zstd.threads = env.options.threads > 0 ? env.options.threads : stack.threads;
  components::ComponentContext ctx{env.os, *executor, stack, spec, path, zstd};
  return ComponentSetup{std::move(component), std::move(executor), std::move(ctx)};
}

bool Interrupted(const PhaseEnv& env) { return env.interrupted && env.interrupted->load(); }

}  // namespace ferry::phases
