// Rollback for components that live at a path (files, git, sqlite): the old
// target is moved aside, never deleted, before a restore replaces it; rollback
// moves it back. A rename keeps it cheap and atomic on one file system.
#pragma once

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "diag/status.h"
#include "platform/platform.h"

namespace ferry::components {

// A failed file operation on this machine's restore target, with the
// target's code: the platform reports the errno, and ENOSPC here means
// "free space on this machine" (R002), not "use a larger drive" (FS005),
// and EIO a local disk (T006), not "reseat the USB drive" (FS003).
Status AsTargetError(Status status);

// True when path does not exist, or is an empty directory.
Result<bool> IsEmptyTarget(platform::Platform& os, const std::filesystem::path& path);

// The checks every path kind makes before a restore: T001 when target holds
// something and --force was not given, X004 when it would be replaced but no
// rollback folder was provided. Returns true when target is empty.
Result<bool> CheckReplaceable(platform::Platform& os, const std::filesystem::path& target,
                              bool force, const std::filesystem::path& rollback_dir);

// "<target>.ferry-staging": where a restore builds its result before the
// target is touched. A leftover one, from an interrupted restore, was never
// committed and is removed (say() tells the user).
std::filesystem::path StagingOf(const std::filesystem::path& target);
Status ClearLeftoverStaging(platform::Platform& os, const std::filesystem::path& staging,
                            const std::function<void(const std::string&)>& say);

// Moves target to rollback_dir/<name> and returns the record that
// RollbackPath needs. REQUIRES: target exists.
Result<nlohmann::json> MoveAsideForRollback(platform::Platform& os,
                                            const std::filesystem::path& target,
                                            const std::filesystem::path& rollback_dir);

// Clears the place of a restore's staged result: a non-empty target is
// moved aside (MoveAsideForRollback; its record is returned), an empty
// folder is removed (nothing to keep; null), and where nothing stands
// nothing happens (null). REQUIRES: target_empty is what IsEmptyTarget or
// CheckReplaceable said of target.
Result<nlohmann::json> SetTargetAside(platform::Platform& os, const std::filesystem::path& target,
                                      bool target_empty, const std::filesystem::path& rollback_dir);

// Puts the kept copy back; what the restore wrote is moved to
// "<kept>.undone" beside it rather than deleted, so nothing is lost.
Status RollbackPath(platform::Platform& os, const nlohmann::json& record);

// Moves a staged (fully written) result into place: staging -> target, then
// syncs the parent directory.
Status CommitStaged(platform::Platform& os, const std::filesystem::path& staging,
                    const std::filesystem::path& target);

}  // namespace ferry::components
