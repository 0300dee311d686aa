#include "components/neo4j/physical.h"

#include "components/neo4j/admin.h"
#include "components/staging.h"
#include "stream/file_stream.h"

namespace ferry::components::neo4j {
namespace {

Status HostOnly(const ComponentContext& ctx) {
  if (ctx.spec.container.empty()) return Status::Ok();
  return Status::Error("X003", "neo4j mode \"physical\" inside container '" + ctx.spec.container +
                                   "' is not built yet; use mode = \"logical\"");
}

}  // namespace

std::string AdminDatabase(const Settings& settings) {
  return settings.database.empty() ? "neo4j" : settings.database;
}

Result<nlohmann::json> ExportPhysical(ComponentContext& ctx, const Settings& settings,
                                      PayloadWriter& out) {
  FERRY_RETURN_IF_ERROR(HostOnly(ctx));
  FERRY_ASSIGN_OR_RETURN(AdminSyntax syntax, DetectAdminSyntax(ctx.executor));
  const std::string db = AdminDatabase(settings);
  FERRY_ASSIGN_OR_RETURN(Staging staging, Staging::Make(ctx.os, "ferry-neo4j-dump", "D002"));
  FERRY_RETURN_IF_ERROR(RunAdmin(ctx.executor, "dump", DumpArgv(syntax, db, staging.dir())));
  const std::string name = DumpFileName(db);
  FERRY_ASSIGN_OR_RETURN(auto file, ctx.os.OpenRead(staging.dir() / name));
  stream::FileSource source(std::move(file));
  FERRY_ASSIGN_OR_RETURN(stream::ByteSink * sink, out.Open(name));
  // The dump is already compressed by neo4j-admin; it goes to the medium as is.
  FERRY_RETURN_IF_ERROR(stream::Pump(source, *sink, [&](uint64_t n) { ctx.progress(n); }));
  return nlohmann::json{{"mode", "physical"},
                        {"database", db},
                        {"payload", name},
                        {"admin", syntax == AdminSyntax::kV44 ? "4.4" : "5"}};
}

Result<nlohmann::json> RestorePhysical(ComponentContext& ctx, const Settings& settings,
                                       PayloadReader& in, const RestoreOptions& options) {
  FERRY_RETURN_IF_ERROR(HostOnly(ctx));
  FERRY_ASSIGN_OR_RETURN(AdminSyntax syntax, DetectAdminSyntax(ctx.executor));
  const std::string db = AdminDatabase(settings);
  const fs::path dump = in.LocalPath(DumpFileName(db));
  std::vector<std::string> load = LoadArgv(syntax, db, dump.parent_path().string(), options.force);
  if (options.dry_run) {
    options.say("would run:" + [&] {
      std::string s;
      for (const auto& a : load) s += " " + a;
      return s;
    }());
    return nlohmann::json(nullptr);
  }
  nlohmann::json record = nullptr;
  if (options.force) {
    // Never overwrite without a copy: a failed dump of the existing database
    // stops the restore, unless there is no such database yet.
    if (options.rollback_dir.empty())
      return Status::Error("X004", "restore --force needs a rollback folder");
    FERRY_RETURN_IF_ERROR(ctx.os.CreateDirs(options.rollback_dir));
    FERRY_RETURN_IF_ERROR(
        RunAdmin(ctx.executor, "dump", DumpArgv(syntax, db, options.rollback_dir.string())));
    record = {{"file", (options.rollback_dir / DumpFileName(db)).string()}, {"mode", "physical"}};
  }
  Status loaded = RunAdmin(ctx.executor, "load", load);
  if (!loaded.ok() && !record.is_null())
    loaded.WithContext("the previous database is kept in " + record["file"].get<std::string>());
  FERRY_RETURN_IF_ERROR(loaded);
  return record;
}

Status RollbackPhysical(ComponentContext& ctx, const Settings& settings,
                        const nlohmann::json& record) {
  FERRY_ASSIGN_OR_RETURN(AdminSyntax syntax, DetectAdminSyntax(ctx.executor));
  fs::path file = record.at("file").get<std::string>();
  return RunAdmin(ctx.executor, "load",
                  LoadArgv(syntax, AdminDatabase(settings), file.parent_path().string(), true));
}

}  // namespace ferry::components::neo4j
