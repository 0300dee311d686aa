#include "components/neo4j/physical.h"

#include "components/neo4j/admin.h"
#include "components/neo4j/physical_container.h"
#include "components/staging.h"
#include "exec/docker/container_executor.h"
#include "stream/file_stream.h"

namespace ferry::components::neo4j {
namespace {

// Where neo4j-admin runs: on the host through ctx.executor, or (ops set)
// in throwaways beside the component's container (physical_container.h).
struct AdminPlace {
  std::unique_ptr<ContainerOps> ops;
  std::string container, run_name;

  // The folder a command names: the host's, or its mount in the throwaway.
  std::string Dir(const fs::path& host_dir) const {
    return ops ? std::string(kExchangeDir) : host_dir.string();
  }
};

Result<AdminPlace> PlaceOf(ComponentContext& ctx) {
  AdminPlace place;
  if (ctx.spec.container.empty()) return place;
  auto* in_container = dynamic_cast<exec::docker::ContainerExecutor*>(&ctx.executor);
  if (in_container == nullptr)
    return Status::Error("X003", "neo4j physical mode for container '" + ctx.spec.container +
                                     "' needs the container engine (DOCKER_HOST)");
  place.ops = EngineOps(in_container->client());
  place.container = ctx.spec.container;
  place.run_name = "ferry-neo4j-admin-" + std::to_string(ctx.os.ProcessId());
  return place;
}

Result<AdminSyntax> SyntaxAt(ComponentContext& ctx, AdminPlace& place) {
  if (place.ops) return DetectAdminSyntaxBeside(*place.ops, place.container, place.run_name);
  return DetectAdminSyntax(ctx.executor);
}

Status RunAt(ComponentContext& ctx, AdminPlace& place, const std::vector<AdminStep>& steps) {
  if (place.ops) return RunAdminBeside(*place.ops, place.container, steps, place.run_name);
  for (const AdminStep& step : steps)
    FERRY_RETURN_IF_ERROR(RunAdmin(ctx.executor, step.operation, step.argv));
  return Status::Ok();
}

}  // namespace

std::string AdminDatabase(const Settings& settings) {
  return settings.database.empty() ? "neo4j" : settings.database;
}

Result<AdminSyntax> PhysicalAdminSyntax(ComponentContext& ctx) {
  FERRY_ASSIGN_OR_RETURN(AdminPlace place, PlaceOf(ctx));
  return SyntaxAt(ctx, place);
}

Result<nlohmann::json> ExportPhysical(ComponentContext& ctx, const Settings& settings,
                                      PayloadWriter& out) {
  FERRY_ASSIGN_OR_RETURN(AdminPlace place, PlaceOf(ctx));
  FERRY_ASSIGN_OR_RETURN(AdminSyntax syntax, SyntaxAt(ctx, place));
  const std::string db = AdminDatabase(settings);
  FERRY_ASSIGN_OR_RETURN(Staging staging, Staging::Make(ctx.os, "ferry-neo4j-dump", "D002"));
  // In a container neo4j-admin runs as the image's neo4j user, not as us.
  if (place.ops) FERRY_RETURN_IF_ERROR(ctx.os.SetMode(staging.dir(), 0777));
  FERRY_RETURN_IF_ERROR(
      RunAt(ctx, place, {{"dump", DumpArgv(syntax, db, place.Dir(staging.dir())), staging.dir()}}));
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
  FERRY_ASSIGN_OR_RETURN(AdminPlace place, PlaceOf(ctx));
  FERRY_ASSIGN_OR_RETURN(AdminSyntax syntax, SyntaxAt(ctx, place));
  const std::string db = AdminDatabase(settings);
  const fs::path medium_dir = in.LocalPath(DumpFileName(db)).parent_path();
  AdminStep load{"load", LoadArgv(syntax, db, place.Dir(medium_dir), options.force), medium_dir,
                 /*read_only=*/true};
  if (options.dry_run) {
    options.say((place.ops ? "would stop container " + place.container +
                                 " if it runs, then in a container from its image run:"
                           : std::string("would run:")) +
                [&] {
                  std::string s;
                  for (const auto& a : load.argv) s += " " + a;
                  return s;
                }());
    return nlohmann::json(nullptr);
  }
  nlohmann::json record = nullptr;
  std::vector<AdminStep> steps;
  if (options.force) {
    // Never overwrite without a copy: a failed dump of the existing database
    // stops the restore, unless there is no such database yet.
    if (options.rollback_dir.empty())
      return Status::Error("X004", "restore --force needs a rollback folder");
    FERRY_RETURN_IF_ERROR(ctx.os.CreateDirs(options.rollback_dir));
    if (place.ops) FERRY_RETURN_IF_ERROR(ctx.os.SetMode(options.rollback_dir, 0777));
    steps.push_back(
        {"dump", DumpArgv(syntax, db, place.Dir(options.rollback_dir)), options.rollback_dir});
    record = {{"file", (options.rollback_dir / DumpFileName(db)).string()}, {"mode", "physical"}};
  }
  // One stop and start of the container around both (the dump's failure
  // ends the run before the load).
  steps.push_back(std::move(load));
  Status loaded = RunAt(ctx, place, steps);
  // After a failed rollback dump nothing was replaced; after a failed load
  // the rollback dump is where the old database is.
  if (!loaded.ok() && !record.is_null() &&
      loaded.message().find("neo4j-admin dump") == std::string::npos)
    loaded.WithContext("the previous database is kept in " + record["file"].get<std::string>());
  FERRY_RETURN_IF_ERROR(loaded);
  return record;
}

Status RollbackPhysical(ComponentContext& ctx, const Settings& settings,
                        const nlohmann::json& record) {
  FERRY_ASSIGN_OR_RETURN(AdminPlace place, PlaceOf(ctx));
  FERRY_ASSIGN_OR_RETURN(AdminSyntax syntax, SyntaxAt(ctx, place));
  fs::path dir = fs::path(record.at("file").get<std::string>()).parent_path();
  return RunAt(ctx, place,
               {{"load", LoadArgv(syntax, AdminDatabase(settings), place.Dir(dir), true), dir,
                 /*read_only=*/true}});
}

}  // namespace ferry::components::neo4j
