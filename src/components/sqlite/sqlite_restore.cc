#include "components/sqlite/sqlite_restore.h"

#include "components/path_rollback.h"
#include "components/sqlite/sqlite_db.h"
#include "stream/file_stream.h"

namespace ferry::components::sqlite {
namespace {

// SQLite's files beside a database: a stale -wal or -journal left next to
// a replaced database would be replayed into it, so they move with it.
constexpr const char* kSideFiles[] = {"-wal", "-journal", "-shm"};

fs::path WithSuffix(const fs::path& path, const char* suffix) { return path.string() + suffix; }

Status Decompress(ComponentContext& ctx, PayloadReader& in, const fs::path& staging) {
  FERRY_ASSIGN_OR_RETURN(auto source, in.Open(kPayloadName));
  FERRY_ASSIGN_OR_RETURN(auto file, ctx.os.OpenWrite(staging));
  stream::FileSink synced(*file);  // Finish syncs
  stream::ZstdDecompressSink plain(synced);
  FERRY_RETURN_IF_ERROR(stream::Pump(*source, plain, ctx.progress));
  return file->Close();
}

Status CheckStaged(const fs::path& staging) {
  // Read-write: ferry owns the staged file, and a WAL-mode database opened
  // read-only would leave -wal/-shm files behind.
  FERRY_ASSIGN_OR_RETURN(Database db, Database::OpenReadWrite(staging, /*create=*/false));
  Result<std::string> integrity = db.IntegrityCheck();
  if (!integrity.ok()) return integrity.status();
  if (*integrity != "ok") {
    return Status::Error("V003", "restored database fails PRAGMA integrity_check: " + *integrity);
  }
  return Status::Ok();
}

void RemoveWithSideFiles(platform::Platform& os, const fs::path& path) {
  // Only ferry's own staging files; a failure leaves litter, not damage.
  if (os.Exists(path)) (void)os.RemoveTree(path);
  for (const char* suffix : kSideFiles) {
    if (os.Exists(WithSuffix(path, suffix))) (void)os.RemoveFile(WithSuffix(path, suffix));
  }
}

}  // namespace

Result<nlohmann::json> RestoreDatabase(ComponentContext& ctx, PayloadReader& in,
                                       const RestoreOptions& options) {
  const fs::path& target = ctx.path;
  const fs::path staging = WithSuffix(target, ".ferry-staging");
  FERRY_ASSIGN_OR_RETURN(bool empty, IsEmptyTarget(ctx.os, target));
  std::vector<fs::path> side_files;
  for (const char* suffix : kSideFiles) {
    if (ctx.os.Exists(WithSuffix(target, suffix))) side_files.push_back(WithSuffix(target, suffix));
  }
  if ((!empty || !side_files.empty()) && !options.force) {
    return Status::Error("T001", "target " + target.string() +
                                     " exists; restore with --force to replace it (a rollback "
                                     "copy is kept)");
  }
  const bool replacing = (!empty && ctx.os.Exists(target)) || !side_files.empty();
  if (replacing && options.rollback_dir.empty()) {
    return Status::Error("X004", "no rollback folder to keep " + target.string() + " in");
  }
  if (options.dry_run) {
    if (replacing) {
      options.say("would move " + target.string() + " (and " + std::to_string(side_files.size()) +
                  " side files) aside to " + options.rollback_dir.string() +
                  " (kept for rollback)");
    }
    options.say("would decompress " + std::string(kPayloadName) + " to " + staging.string() +
                ", check its integrity, then move it to " + target.string());
    return nlohmann::json(nullptr);
  }

  FERRY_RETURN_IF_ERROR(ctx.os.CreateDirs(target.parent_path()));
  RemoveWithSideFiles(ctx.os, staging);  // left by an interrupted restore: never committed
  Status staged = Decompress(ctx, in, staging);
  if (staged.ok()) staged = CheckStaged(staging);
  if (!staged.ok()) {
    RemoveWithSideFiles(ctx.os, staging);
    return staged;
  }

  FERRY_ASSIGN_OR_RETURN(nlohmann::json record,
                         SetTargetAside(ctx.os, target, empty, options.rollback_dir));
  nlohmann::json sides = nlohmann::json::array();
  for (const fs::path& side : side_files) {
    FERRY_ASSIGN_OR_RETURN(nlohmann::json kept,
                           MoveAsideForRollback(ctx.os, side, options.rollback_dir));
    sides.push_back(std::move(kept));
  }
  if (!sides.empty()) {
    if (record.is_null()) record = {{"kind", "none"}, {"target", target.string()}};
    record["side_files"] = std::move(sides);
  }
  FERRY_RETURN_IF_ERROR(CommitStaged(ctx.os, staging, target));
  return record;
}

Status RollbackDatabase(ComponentContext& ctx, const nlohmann::json& record) {
  if (!record.is_object())
    return Status::Error("T002", "no rollback record for " + ctx.path.string());
  // Side files of the restored database belong to it, not to the old one.
  const fs::path target = record.value("target", ctx.path.string());
  for (const char* suffix : kSideFiles) {
    fs::path side = WithSuffix(target, suffix);
    if (ctx.os.Exists(side))
      FERRY_RETURN_IF_ERROR(ctx.os.Rename(side, WithSuffix(side, ".undone")));
  }
  if (record.value("kind", "") == "path") {
    FERRY_RETURN_IF_ERROR(RollbackPath(ctx.os, record));
  } else if (ctx.os.Exists(target)) {
    // Nothing stood there before the restore: what it wrote goes aside.
    FERRY_RETURN_IF_ERROR(ctx.os.Rename(target, WithSuffix(target, ".undone")));
  }
  const nlohmann::json sides = record.value("side_files", nlohmann::json::array());
  for (const nlohmann::json& side : sides) {
    FERRY_RETURN_IF_ERROR(RollbackPath(ctx.os, side));
  }
  return Status::Ok();
}

std::vector<Finding> ValidateDatabase(ComponentContext& ctx, const nlohmann::json& json) {
  const std::string& name = ctx.spec.name;
  auto expected = DbFacts::FromJson(json);
  if (!expected.ok()) return {FindingFromStatus(expected.status(), name)};
  if (!ctx.os.Exists(ctx.path)) {
    return {
        MakeFinding("V003", name, "restored database " + ctx.path.string() + " does not exist")};
  }
  // Read-write for the reason in CheckStaged; nothing is written.
  auto db = Database::OpenReadWrite(ctx.path, /*create=*/false);
  if (!db.ok()) return {FindingFromStatus(db.status(), name)};
  std::vector<Finding> findings;
  auto integrity = db->IntegrityCheck();
  if (!integrity.ok()) return {FindingFromStatus(integrity.status(), name)};
  if (*integrity != "ok") {
    findings.push_back(MakeFinding(
        "V003", name, ctx.path.string() + " fails PRAGMA integrity_check: " + *integrity));
  }
  auto found = db->ReadFacts();
  if (!found.ok()) {
    findings.push_back(FindingFromStatus(found.status(), name));
    return findings;
  }
  auto count_of = [](const DbFacts& facts, const std::string& table) {
    auto it = facts.row_counts.find(table);
    return it == facts.row_counts.end() ? std::string("no table") : std::to_string(it->second);
  };
  std::map<std::string, uint64_t> tables = expected->row_counts;
  tables.insert(found->row_counts.begin(), found->row_counts.end());
  for (const auto& [table, unused] : tables) {
    std::string want = count_of(*expected, table), have = count_of(*found, table);
    if (want != have) {
      findings.push_back(MakeFinding(
          "V003", name, "table " + table + ": exported " + want + " rows, restored " + have));
    }
  }
  if (expected->schema_sha256 != found->schema_sha256) {
    findings.push_back(MakeFinding("V003", name,
                                   "schema differs: exported digest " +
                                       expected->schema_sha256.substr(0, 12) + ", restored " +
                                       found->schema_sha256.substr(0, 12)));
  }
  if (findings.empty()) {
    findings.push_back(
        PassFinding(name, "integrity ok, " + std::to_string(tables.size()) +
                              " tables with their row counts and the schema match the export"));
  }
  return findings;
}

}  // namespace ferry::components::sqlite
