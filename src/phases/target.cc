#include "phases/target.h"

#include "components/stack_review.h"

namespace ferry::phases {

Result<Target> OpenTarget(PhaseEnv& env, const TargetOptions& options) {
  Target t;
  t.medium =
      std::make_unique<medium::Medium>(env.os, fs::absolute(options.medium).lexically_normal());
  FERRY_ASSIGN_OR_RETURN(t.loaded, LoadManifest(*t.medium));
  FERRY_ASSIGN_OR_RETURN(t.stack, StackForMedium(env.os, *t.medium, options.stack));
  // Nothing is written, run or connected to for a component whose path or
  // programs only the medium named.
  FERRY_RETURN_IF_ERROR(components::RefuseWithheld(t.stack, options.component));
  if (!options.root.empty()) {
    t.root = fs::absolute(options.root).lexically_normal();
  } else if (!options.stack.empty()) {
    t.root = t.stack.dir;
  } else {
    return Status::Error("X003",
                         "--root is required when the stack file comes from the medium "
                         "(component paths are relative to it)");
  }
  return t;
}

fs::path NewRollbackSet(PhaseEnv& env, const fs::path& root) {
  std::string s = journal::UtcNow();  // 2026-11-25T21:03:04Z
  std::erase(s, ':');
  return root / kRollbackFolder / (s + "-" + std::to_string(env.os.ProcessId()));
}

Status SaveRollbackRecords(PhaseEnv& env, const fs::path& set, const fs::path& root,
                           const nlohmann::json& records) {
  medium::Medium local(env.os, set);
  FERRY_RETURN_IF_ERROR(env.os.CreateDirs(set));
  nlohmann::json doc = {
      {"created_utc", journal::UtcNow()}, {"root", root.string()}, {"records", records}};
  return local.WriteSmallFile("rollback.json", doc.dump(2) + "\n");
}

const stack::ComponentSpec* FindComponent(const stack::StackFile& stack, const std::string& name) {
  for (const auto& c : stack.components) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

}  // namespace ferry::phases
