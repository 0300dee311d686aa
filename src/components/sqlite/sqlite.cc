// The `sqlite` kind: a database file travels as db.sqlite.zst. Export never
// copies the file directly (a copy taken while a writer commits can be torn);
// it opens the source read-only and takes a consistent snapshot with the
// online backup API into a temp file (snapshot.h), checks and measures that
// copy, then
// streams it through zstd. Facts (DbFacts) come from the copy, so they
// describe exactly what the payload holds.
#include "components/kinds.h"
#include "components/path_rollback.h"
#include "components/sqlite/snapshot.h"
#include "components/sqlite/sqlite_db.h"
#include "components/sqlite/sqlite_restore.h"
#include "stream/file_stream.h"

namespace ferry::components {
namespace sqlite {
namespace {

Status SourceMissing(const ComponentContext& ctx) {
  return Status::Error("S003", "source " + ctx.path.string() + " of component '" + ctx.spec.name +
                                   "' does not exist");
}

// Database reports a file that is not a database, or a corrupt one, as
// V003, the code of a damaged restore ("restore --force"); on the source
// the damage is the source's own (DB015: repair it first).
Status AsSourceError(Status status) {
  if (!status.Is("V003")) return status;
  return Status::Error("DB015", status.message(), status.sys_errno());
}

using K = stack::KeyType;
using A = stack::KeyAuthority;
constexpr stack::KeySpec kKeys[] = {
    {"path", K::kString, A::kData, 0, 0, /*required=*/true},
};

class SqliteComponent final : public Component {
 public:
  std::span<const stack::KeySpec> Keys() const override { return kKeys; }
  std::vector<Finding> Check(ComponentContext& ctx) override {
    const std::string& name = ctx.spec.name;
    if (!ctx.os.Exists(ctx.path)) return {FindingFromStatus(SourceMissing(ctx), name)};
    auto db = OpenSourceQuietly(ctx.os, ctx.path);
    if (!db.ok()) return {FindingFromStatus(AsSourceError(db.status()), name)};
    // A quick check only: the full integrity_check runs on the copy at export.
    auto tables = db->Query("SELECT count(*) FROM sqlite_master WHERE type = 'table'");
    if (!tables.ok()) return {FindingFromStatus(AsSourceError(tables.status()), name)};
    return {PassFinding(
        name, "SQLite database " + ctx.path.string() + ", " + tables->at(0).at(0) + " tables")};
  }

  Result<uint64_t> EstimateBytes(ComponentContext& ctx) override {
    if (!ctx.os.Exists(ctx.path)) return SourceMissing(ctx);
    // The database plus its WAL bounds the copy; zstd only shrinks it (or
    // adds a frame header, which the margin covers).
    uint64_t total = 64 * 1024;
    for (const char* suffix : {"", "-wal"}) {
      auto info = ctx.os.Stat(ctx.path.string() + suffix);
      if (info.ok()) total += info->size;
    }
    return total;
  }

  Result<nlohmann::json> Export(ComponentContext& ctx, PayloadWriter& out) override {
    if (!ctx.os.Exists(ctx.path)) return SourceMissing(ctx);
    TempCopy copy(ctx.os, ctx.os.TempDir() / ("ferry-sqlite-" + std::to_string(ctx.os.ProcessId()) +
                                              "-" + ctx.spec.name + ".db"));
    Result<DbFacts> facts = SnapshotSource(ctx, copy);
    if (!facts.ok()) return AsSourceError(facts.status());
    FERRY_ASSIGN_OR_RETURN(stream::ByteSink * zstd, out.OpenCompressed(kPayloadName, ctx.zstd));
    FERRY_ASSIGN_OR_RETURN(auto file, ctx.os.OpenRead(copy.path()));
    stream::FileSource source(std::move(file));
    FERRY_RETURN_IF_ERROR(stream::Pump(source, *zstd, ctx.progress));
    return facts->ToJson();
  }

  Result<nlohmann::json> Restore(ComponentContext& ctx, PayloadReader& in,
                                 const RestoreOptions& options) override {
    return RestoreDatabase(ctx, in, options);
  }

  std::vector<Finding> Validate(ComponentContext& ctx, const nlohmann::json& facts) override {
    return ValidateDatabase(ctx, facts);
  }

  Status Rollback(ComponentContext& ctx, const nlohmann::json& record) override {
    return RollbackDatabase(ctx, record);
  }
};

}  // namespace
}  // namespace sqlite

std::unique_ptr<Component> NewSqliteComponent() {
  return std::make_unique<sqlite::SqliteComponent>();
}

}  // namespace ferry::components
