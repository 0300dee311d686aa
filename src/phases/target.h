// What restore, validate, rollback and reset-volume share on the target
// side: the medium with its manifest, the stack file, the root that
// component paths resolve against, and where rollback copies go.
#pragma once

#include "phases/manifest_io.h"
#include "phases/phase.h"
#include "phases/target_options.h"

namespace ferry::phases {

struct Target {
  std::unique_ptr<medium::Medium> medium;
  LoadedManifest loaded;
  stack::StackFile stack;
  fs::path root;
};

// X003 when the stack comes from the medium and no root was given; S005
// when, with no --stack, a component (the one of options.component, when
// set) has keys or a path that the medium may not decide.
Result<Target> OpenTarget(PhaseEnv& env, const TargetOptions& options);

// A new rollback set's folder: <root>/.ferry-rollback/<UTC time>-<pid>
// (names sort by time; rollback undoes the newest).
fs::path NewRollbackSet(PhaseEnv& env, const fs::path& root);

// Writes <set>/rollback.json naming what to undo, atomically.
Status SaveRollbackRecords(PhaseEnv& env, const fs::path& set, const fs::path& root,
                           const nlohmann::json& records);

// The component of that name in the stack file, or null.
const stack::ComponentSpec* FindComponent(const stack::StackFile& stack, const std::string& name);

}  // namespace ferry::phases
