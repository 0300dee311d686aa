#include "components/sqlite/snapshot.h"

#include <array>

namespace ferry::components::sqlite {
namespace {

// 1024 pages (4 MiB at the default page size) per backup step: long enough
// to be fast, short enough that a writer in rollback-journal mode waits
// only briefly between steps.
constexpr int kPagesPerStep = 1024;
constexpr const char* kSideFiles[] = {"-wal", "-shm"};

// Header bytes 18 and 19 (file format read/write versions) are 2 in WAL mode.
bool IsWalMode(platform::Platform& os, const fs::path& path) {
  auto file = os.OpenRead(path);
  if (!file.ok()) return false;
  std::array<std::byte, 20> header{};
  auto n = (*file)->Read(header);
  return n.ok() && *n == header.size() && header[18] == std::byte{2} && header[19] == std::byte{2};
}

// A WAL database with neither side file: nobody has it open right now.
bool IsIdleWal(platform::Platform& os, const fs::path& path) {
  for (const char* suffix : kSideFiles) {
    if (os.Exists(path.string() + suffix)) return false;
  }
  return IsWalMode(os, path);
}

Result<DbFacts> CopyOnce(ComponentContext& ctx, const fs::path& copy_path, bool immutable) {
  FERRY_ASSIGN_OR_RETURN(Database source, Database::OpenReadOnly(ctx.path, immutable));
  FERRY_ASSIGN_OR_RETURN(auto mode, source.Query("PRAGMA journal_mode"));
  FERRY_ASSIGN_OR_RETURN(Database copy, Database::OpenReadWrite(copy_path, /*create=*/true));
  FERRY_RETURN_IF_ERROR(source.BackupTo(copy, kPagesPerStep, [](uint64_t) {}));
  Result<std::string> integrity = copy.IntegrityCheck();
  if (!integrity.ok()) return integrity.status();
  if (*integrity != "ok") {
    return Status::Error(
        "DB015", "the copy of " + ctx.path.string() +
                     " fails PRAGMA integrity_check, so the source is damaged: " + *integrity);
  }
  FERRY_ASSIGN_OR_RETURN(DbFacts facts, copy.ReadFacts());
  // An immutable connection reports "delete"; the header said WAL.
  facts.journal_mode = immutable ? "wal" : mode.at(0).at(0);
  return facts;
}

}  // namespace

TempCopy::TempCopy(platform::Platform& os, fs::path path) : os_(os), path_(std::move(path)) {
  Remove();  // left by a killed run
}

void TempCopy::Remove() {
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
    fs::path file = path_.string() + suffix;
    if (os_.Exists(file)) (void)os_.RemoveFile(file);  // temp data; nothing to keep
  }
}

Result<DbFacts> SnapshotSource(ComponentContext& ctx, TempCopy& copy) {
  if (IsIdleWal(ctx.os, ctx.path)) {
    FERRY_ASSIGN_OR_RETURN(platform::FileInfo before, ctx.os.Stat(ctx.path));
    Result<DbFacts> facts = CopyOnce(ctx, copy.path(), /*immutable=*/true);
    auto after = ctx.os.Stat(ctx.path);
    const bool untouched = IsIdleWal(ctx.os, ctx.path) && after.ok() &&
                           after->mtime_ns == before.mtime_ns && after->size == before.size;
    if (untouched) return facts;
    copy.Remove();  // someone opened the source meanwhile: the copy may be torn
  }
  return CopyOnce(ctx, copy.path(), /*immutable=*/false);
}

Result<Database> OpenSourceQuietly(platform::Platform& os, const fs::path& path) {
  return Database::OpenReadOnly(path, IsIdleWal(os, path));
}

}  // namespace ferry::components::sqlite
