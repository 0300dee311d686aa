// Where restore, validate, rollback and reset-volume find their target:
// the medium, the stack file and the root that component paths resolve
// against. Its own header because the target-side helpers (target.h,
// volume_reset.h) need it and restore.h, which drives them, sits above them.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace ferry::phases {

struct TargetOptions {
  std::filesystem::path medium;
  std::filesystem::path stack;  // empty: the copy on the medium
  std::filesystem::path root;   // empty: the stack file's folder
  // Set by migrate, which verified the medium just before: restore then
  // does not read every payload a second time.
  bool medium_verified = false;
  std::string component = "";  // restore/validate only this one; empty: every component
};

// Under the root: one folder per restore (or reset-volume) with the
// rollback copies and rollback.json.
inline constexpr std::string_view kRollbackFolder = ".ferry-rollback";

}  // namespace ferry::phases
