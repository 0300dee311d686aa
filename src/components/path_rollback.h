// Rollback for components that live at a path (files, git, sqlite): the old
// target is moved aside, never deleted, before a restore replaces it; rollback
// moves it back. A rename keeps it cheap and atomic on one file system.
#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

#include "diag/status.h"
#include "platform/platform.h"

namespace ferry::components {

// True when path does not exist, or is an empty directory.
Result<bool> IsEmptyTarget(platform::Platform& os, const std::filesystem::path& path);

// Moves target to rollback_dir/<name> and returns the record that
// RollbackPath needs. REQUIRES: target exists.
Result<nlohmann::json> MoveAsideForRollback(platform::Platform& os, const std::filesystem::path& target,
                                            const std::filesystem::path& rollback_dir);

// Puts the kept copy back; what the restore wrote is moved to
// "<kept>.undone" beside it rather than deleted, so nothing is lost.
Status RollbackPath(platform::Platform& os, const nlohmann::json& record);

// Moves a staged (fully written) result into place: staging -> target, then
// syncs the parent directory.
Status CommitStaged(platform::Platform& os, const std::filesystem::path& staging,
                    const std::filesystem::path& target);

}  // namespace ferry::components
