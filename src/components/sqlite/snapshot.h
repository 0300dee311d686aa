// A consistent copy of a source database that may be in use, taken without
// writing to the source or leaving files beside it (DESIGN.md promise 1).
//
// SQLite creates -wal and -shm files when it opens a WAL-mode database, even
// read-only, and a read-only connection cannot remove them again. A WAL
// database without those files is one nobody has open; it is copied with
// immutable=1 (no side files), and the copy is kept only if the source was
// still untouched and unopened afterwards; otherwise it is taken again the
// ordinary way, where the side files belong to the process now using it.
#pragma once

#include <filesystem>

#include "components/component.h"
#include "components/sqlite/sqlite_db.h"

namespace ferry::components::sqlite {

// The temp copy and SQLite's side files, removed when it goes out of scope.
class TempCopy {
 public:
  TempCopy(platform::Platform& os, std::filesystem::path path);
  ~TempCopy() { Remove(); }
  const std::filesystem::path& path() const { return path_; }
  void Remove();

 private:
  platform::Platform& os_;
  std::filesystem::path path_;
};

// Copies ctx.path into copy (online backup API, pages in batches), requires
// integrity_check "ok" of the copy (V003), and returns the copy's facts with
// the source's journal mode.
Result<DbFacts> SnapshotSource(ComponentContext& ctx, TempCopy& copy);

// The source opened read-only for a quick look (check), without side files
// when nobody else has it open.
Result<Database> OpenSourceQuietly(platform::Platform& os, const std::filesystem::path& path);

}  // namespace ferry::components::sqlite
