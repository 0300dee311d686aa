#include "phases/phase.h"

namespace ferry::phases {

Result<std::unique_ptr<exec::Executor>> ExecutorFor(platform::Platform& os, const stack::ComponentSpec& spec) {
  if (!spec.container.empty()) {
    return Status::Error("D001", "component '" + spec.name + "' names container '" + spec.container +
                                     "', but this build has no container support yet");
  }
  return std::unique_ptr<exec::Executor>(new exec::HostExecutor(os));
}

components::ComponentContext MakeContext(PhaseEnv& env, exec::Executor& executor, const stack::StackFile& stack,
                                         const stack::ComponentSpec& spec, const fs::path& path) {
  stream::ZstdOptions zstd;
  zstd.level = env.options.zstd_level > 0 ? env.options.zstd_level : stack.zstd_level;
  zstd.threads = env.options.threads > 0 ? env.options.threads : stack.threads;
  return components::ComponentContext{env.os, executor, stack, spec, path, zstd};
}

bool Interrupted(const PhaseEnv& env) { return env.interrupted && env.interrupted->load(); }

}  // namespace ferry::phases
