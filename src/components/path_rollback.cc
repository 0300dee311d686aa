#include "components/path_rollback.h"

#include "diag/os_error_codes.h"

namespace ferry::components {

namespace fs = std::filesystem;

Status AsTargetError(Status status) {
  if (status.ok() || status.sys_errno() == 0) return status;
  const int err = status.sys_errno();
  const std::string hint = WriteErrorHint(err);
  return Status::Error(TargetWriteCode(err),
                       status.message() + (hint.empty() ? "" : " (" + hint + ")"), err);
}

Result<bool> IsEmptyTarget(platform::Platform& os, const fs::path& path) {
  if (!os.Exists(path)) return true;
  FERRY_ASSIGN_OR_RETURN(platform::FileInfo info, os.Stat(path));
  if (info.type != platform::FileType::kDirectory) return false;
  FERRY_ASSIGN_OR_RETURN(auto names, os.ListDir(path));
  return names.empty();
}

Result<bool> CheckReplaceable(platform::Platform& os, const fs::path& target, bool force,
                              const fs::path& rollback_dir) {
  FERRY_ASSIGN_OR_RETURN(bool empty, IsEmptyTarget(os, target));
  if (!empty && !force) {
    return Status::Error("T001",
                         "target " + target.string() +
                             " is not empty; restore with --force to replace it (a rollback "
                             "copy is kept)");
  }
  if (!empty && rollback_dir.empty()) {
    return Status::Error("X004", "no rollback folder to keep " + target.string() + " in");
  }
  return empty;
}

fs::path StagingOf(const fs::path& target) { return target.string() + ".ferry-staging"; }

Status ClearLeftoverStaging(platform::Platform& os, const fs::path& staging,
                            const std::function<void(const std::string&)>& say) {
  if (!os.Exists(staging)) return Status::Ok();
  say("removing leftover " + staging.string() + " of an interrupted restore");
  return AsTargetError(os.RemoveTree(staging));
}

Result<nlohmann::json> MoveAsideForRollback(platform::Platform& os, const fs::path& target,
                                            const fs::path& rollback_dir) {
  FERRY_RETURN_IF_ERROR(AsTargetError(os.CreateDirs(rollback_dir)));
  fs::path kept = rollback_dir / target.filename();
  FERRY_RETURN_IF_ERROR(AsTargetError(os.Rename(target, kept)));
  FERRY_RETURN_IF_ERROR(AsTargetError(os.SyncDir(rollback_dir)));
  FERRY_RETURN_IF_ERROR(AsTargetError(os.SyncDir(target.parent_path())));
  return nlohmann::json{{"kind", "path"}, {"target", target.string()}, {"kept", kept.string()}};
}

Result<nlohmann::json> SetTargetAside(platform::Platform& os, const fs::path& target,
                                      bool target_empty, const fs::path& rollback_dir) {
  if (!target_empty) return MoveAsideForRollback(os, target, rollback_dir);
  if (os.Exists(target)) FERRY_RETURN_IF_ERROR(AsTargetError(os.RemoveTree(target)));
  return nlohmann::json(nullptr);
}

Status RollbackPath(platform::Platform& os, const nlohmann::json& record) {
  if (!record.is_object() || record.value("kind", "") != "path") {
    return Status::Error("T002", "no path rollback record");
  }
  fs::path target = record.value("target", "");
  fs::path kept = record.value("kept", "");
  if (!os.Exists(kept)) return Status::Error("T002", "rollback copy " + kept.string() + " is gone");
  if (os.Exists(target)) {
    fs::path undone = kept.string() + ".undone";
    if (os.Exists(undone)) FERRY_RETURN_IF_ERROR(os.RemoveTree(undone));
    FERRY_RETURN_IF_ERROR(os.Rename(target, undone));
  }
  FERRY_RETURN_IF_ERROR(os.Rename(kept, target));
  return os.SyncDir(target.parent_path());
}

Status CommitStaged(platform::Platform& os, const fs::path& staging, const fs::path& target) {
  FERRY_RETURN_IF_ERROR(AsTargetError(os.Rename(staging, target)));
  return AsTargetError(os.SyncDir(target.parent_path()));
}

}  // namespace ferry::components
