// The stack file checked against the keys its kinds declare (Component::
// Keys()), and the medium's copy of a stack file made safe to use: it is
// data, not authority (docs/stack-file.md, "What the medium may not decide").
#pragma once

#include <string>
#include <vector>

#include "diag/finding.h"
#include "stack/stack_file.h"

namespace ferry::components {

// S002 for an unknown kind; S001 for a key of the wrong type or out of its
// range, a missing required key (a files component without path), or two
// components whose paths are the same or one inside the other. Returns the
// warnings: S006 for each unknown key, with the closest known one.
Result<std::vector<Finding>> ReviewStack(const stack::StackFile& stack);

// For a stack file read from the medium: moves every key that only the
// user's own stack file may decide (KeyAuthority::kLocal, and any *_env or
// *_file key) out of each component's options into spec.withheld, clears
// the container and engine needs they stood for, and adds "path" to
// spec.withheld when the path is absolute or has a ".." part. [stack]'s
// containers, ports, volumes and networks and the whole [target] table
// (map_owner: who owns the restored files) are dropped and named in
// stack.withheld.
void WithholdLocalKeys(stack::StackFile& stack);

// S005 naming every component with withheld keys (only `only`, when set):
// a target phase must not act on them without the user's own --stack.
Status RefuseWithheld(const stack::StackFile& stack, const std::string& only = "");

// The components whose kind has a `path` (files, git, sqlite): their sources.
bool HasPath(const stack::ComponentSpec& spec);

}  // namespace ferry::components
