// The neo4j component kind, logical mode: the graph travels as the JSON
// lines payload of graph_payload.h over Bolt, so it works while the server
// runs and across Neo4j versions, and is proven equal by content (counts per
// label and type, then the fingerprint of canonical.h), not just by count.
#include <algorithm>

#include "components/kinds.h"
#include "components/neo4j/admin.h"
#include "components/neo4j/connection.h"
#include "components/neo4j/csv_import.h"
#include "components/neo4j/graph_load.h"
#include "components/neo4j/graph_payload.h"
#include "components/neo4j/physical.h"
#include "stream/file_stream.h"

namespace ferry::components {
namespace neo4j {
namespace {

constexpr const char* kRollbackFile = "neo4j-rollback.jsonl.zst";

std::string Both(int64_t found, int64_t expected) {
  return std::to_string(found) + ". Expected: " + std::to_string(expected);
}

// Compares one count map with the facts; a finding per differing key.
void CompareCounts(const char* what, const std::map<std::string, int64_t>& found,
                   const nlohmann::json& expected, const std::string& component,
                   std::vector<Finding>& findings) {
  std::map<std::string, int64_t> want = expected.get<std::map<std::string, int64_t>>();
  bool same = true;
  for (const auto& [name, count] : want) {
    auto it = found.find(name);
    int64_t got = it == found.end() ? 0 : it->second;
    if (got == count) continue;
    same = false;
    findings.push_back(MakeFinding("DB001", component,
                                   std::string(what) + " '" + name + "': " + Both(got, count)));
  }
  for (const auto& [name, count] : found) {
    if (want.count(name)) continue;
    same = false;
    findings.push_back(
        MakeFinding("DB001", component, std::string(what) + " '" + name + "': " + Both(count, 0)));
  }
  if (same)
    findings.push_back(PassFinding(
        component, std::string(what) + " counts match (" + std::to_string(want.size()) + ")"));
}

using K = stack::KeyType;
using A = stack::KeyAuthority;
constexpr stack::KeySpec kKeys[] = {
    {"uri", K::kString, A::kLocal},
    {"user", K::kString, A::kLocal},
    {"password_env", K::kString, A::kLocal},
    {"password_file", K::kString, A::kLocal},
    {"database", K::kString},
    {"mode", K::kString},
    {"batch_size", K::kInteger, A::kData, 1, 1'000'000},
    {"fetch_size", K::kInteger, A::kData, 1, 1'000'000},
    {"import_csv", K::kBoolean},
};

class Neo4jComponent final : public Component {
 public:
  std::span<const stack::KeySpec> Keys() const override { return kKeys; }
  std::vector<Finding> Check(ComponentContext& ctx) override {
    auto settings = ReadSettings(ctx.spec);
    if (settings.ok() && settings->mode == "physical") {
      // The database is stopped for a dump, so Bolt is not asked.
      auto syntax = PhysicalAdminSyntax(ctx);
      if (!syntax.ok()) return {FindingFromStatus(syntax.status(), ctx.spec.name)};
      return {PassFinding(ctx.spec.name, std::string("neo4j-admin (") +
                                             (*syntax == AdminSyntax::kV44 ? "4.4" : "5.x") +
                                             " syntax) on " + ctx.executor.Describe())};
    }
    auto client = Open(ctx);
    if (!client.ok()) return {FindingFromStatus(client.status(), ctx.spec.name)};
    auto count = CountNodes(**client);
    if (!count.ok()) return {FindingFromStatus(count.status(), ctx.spec.name)};
    return {PassFinding(ctx.spec.name, (*client)->server_agent() +
                                           " reachable, node_count = " + std::to_string(*count))};
  }

  Result<uint64_t> EstimateBytes(ComponentContext& ctx) override {
    FERRY_ASSIGN_OR_RETURN(Settings settings, ReadSettings(ctx.spec));
    // Unknown without the (stopped) server: the space check cannot guard a
    // physical dump, and the medium's own write errors remain the guard.
    if (settings.mode == "physical") return uint64_t{0};
    FERRY_ASSIGN_OR_RETURN(auto client, Open(ctx));
    FERRY_ASSIGN_OR_RETURN(int64_t nodes, CountNodes(*client));
    int64_t rels = 0;
    FERRY_RETURN_IF_ERROR(client
                              ->Run("MATCH ()-[r]->() RETURN count(r)", {},
                                    [&](const bolt::Record& r) {
                                      if (!r.values.empty() && r.values[0].is<int64_t>())
                                        rels = r.values[0].as<int64_t>();
                                      return Status::Ok();
                                    })
                              .status());
    // Rough: a compressed JSON line of a typical node or relationship is well
    // under these sizes; the estimate only guards against a full medium.
    return static_cast<uint64_t>(nodes * 256 + rels * 128 + 4096);
  }

  Result<nlohmann::json> Export(ComponentContext& ctx, PayloadWriter& out) override {
    FERRY_ASSIGN_OR_RETURN(Settings settings, ReadSettings(ctx.spec));
    if (settings.mode == "physical") return ExportPhysical(ctx, settings, out);
    FERRY_ASSIGN_OR_RETURN(auto client, Connect(ctx, settings));
    FERRY_ASSIGN_OR_RETURN(stream::ByteSink * zstd, out.OpenCompressed(kPayloadName, ctx.zstd));
    FERRY_ASSIGN_OR_RETURN(GraphSummary summary, WriteGraph(*client, *zstd, ctx.progress));
    FERRY_ASSIGN_OR_RETURN(std::vector<std::string> schema, ReadSchema(*client));
    nlohmann::json facts = summary.ToJson();
    facts["mode"] = "logical";
    facts["server"] = client->server_agent();
    facts["schema"] = schema;
    facts["payload"] = kPayloadName;
    if (settings.import_csv) {
      FERRY_ASSIGN_OR_RETURN(facts["import_csv"],
                             ExportImportCsv(ctx, settings, *client, schema, out));
    }
    return facts;
  }

  std::vector<Finding> VerifyPayload(ComponentContext& ctx, PayloadReader& in) override {
    auto settings = ReadSettings(ctx.spec);
    if (settings.ok() && settings->mode == "physical") {
      // A neo4j-admin dump is opaque here; its bytes are checked by SHA-256.
      std::string name = DumpFileName(AdminDatabase(*settings));
      auto dump = in.Open(name);
      if (!dump.ok()) return {FindingFromStatus(dump.status(), ctx.spec.name)};
      return {PassFinding(ctx.spec.name, name + " present (neo4j-admin dump)")};
    }
    auto source = in.Open(kPayloadName);
    if (!source.ok()) return {FindingFromStatus(source.status(), ctx.spec.name)};
    stream::ZstdDecompressSource plain(**source);
    auto end = ReadGraph(plain, GraphLines{});
    if (!end.ok()) return {FindingFromStatus(end.status(), ctx.spec.name)};
    return {PassFinding(ctx.spec.name,
                        std::string(kPayloadName) +
                            " complete: " + std::to_string(end->value("nodes", 0)) + " nodes, " +
                            std::to_string(end->value("relationships", 0)) + " relationships")};
  }

  // Said, not guessed: Bolt can name the data directory (dbms.listConfig,
  // for an admin) but never its free space, and the directory is on the
  // server's machine or in its container. Asking that machine (df there,
  // as the mysql kind does) is not built yet, so the restore reports the
  // check as not done (R004) instead of comparing with a number it made up.
  Result<std::optional<ServerStorage>> RestoreStorage(ComponentContext& ctx) override {
    (void)ctx;
    return std::optional<ServerStorage>(
        ServerStorage{"the data directory of the Neo4j server", std::nullopt,
                      "Neo4j does not report the free space of its data directory over Bolt, and "
                      "ferry does not ask its "
                      "machine or container yet"});
  }

  Result<nlohmann::json> Restore(ComponentContext& ctx, PayloadReader& in,
                                 const RestoreOptions& options) override {
    FERRY_ASSIGN_OR_RETURN(Settings settings, ReadSettings(ctx.spec));
    // neo4j-admin loads a stopped database, so Bolt is not asked first.
    if (settings.mode == "physical") return RestorePhysical(ctx, settings, in, options);
    FERRY_ASSIGN_OR_RETURN(auto client, Connect(ctx, settings));
    FERRY_ASSIGN_OR_RETURN(int64_t existing, CountNodes(*client));
    if (existing > 0 && !options.force)
      return Status::Error(
          "T001", "the target database at " + settings.uri + " holds " + std::to_string(existing) +
                      " nodes; restore loads into an empty database only (--force keeps a "
                      "rollback copy, then replaces it)");
    if (options.dry_run) {
      options.say("would load " + std::string(kPayloadName) + " into " + settings.uri +
                  (existing > 0
                       ? " after saving and deleting its " + std::to_string(existing) + " nodes"
                       : ""));
      return nlohmann::json(nullptr);
    }
    nlohmann::json record = nullptr;
    if (existing > 0) {
      FERRY_ASSIGN_OR_RETURN(record, SaveRollbackCopy(ctx, *client, options.rollback_dir));
      options.say("kept the " + std::to_string(existing) + " existing nodes in " +
                  record["file"].get<std::string>());
      FERRY_RETURN_IF_ERROR(WipeGraph(*client, settings.batch_size));
    }
    FERRY_ASSIGN_OR_RETURN(auto source, in.Open(kPayloadName));
    stream::ZstdDecompressSource plain(*source);
    Status loaded = LoadGraph(*client, plain, {settings.batch_size, ctx.progress}).status();
    // The caller gets no record on failure, so the message must say where
    // the replaced graph is kept.
    if (!loaded.ok() && !record.is_null())
      loaded.WithContext("partial load; the previous graph is kept in " +
                         record["file"].get<std::string>());
    FERRY_RETURN_IF_ERROR(loaded);
    return record;
  }

  std::vector<Finding> Validate(ComponentContext& ctx, const nlohmann::json& facts) override {
    const std::string& name = ctx.spec.name;
    auto client = Open(ctx);
    if (!client.ok()) return {FindingFromStatus(client.status(), name)};
    std::vector<Finding> findings;
    // The seed's own check first, in its own words.
    auto count = CountNodes(**client);
    if (!count.ok()) return {FindingFromStatus(count.status(), name)};
    if (facts.value("mode", "") == "physical") {
      // The dump was taken from a stopped server, so there is no export-time
      // count to compare: say so rather than pass silently.
      findings.push_back(PassFinding(
          name, "node_count = " + std::to_string(*count) +
                    " (physical mode: neo4j-admin moved the store; no export-time count to "
                    "compare, a logical export proves content)"));
      return findings;
    }
    int64_t expected = facts.value("nodes", int64_t{-1});
    if (*count != expected)
      findings.push_back(MakeFinding("DB001", name, "node_count = " + Both(*count, expected)));
    else
      findings.push_back(PassFinding(name, "node_count = " + std::to_string(*count)));

    auto summary = ScanGraph(**client, GraphVisitor{});
    if (!summary.ok()) {
      findings.push_back(FindingFromStatus(summary.status(), name));
      return findings;
    }
    try {
      CompareCounts("label", summary->labels, facts.at("labels"), name, findings);
      CompareCounts("relationship type", summary->types, facts.at("types"), name, findings);
      if (summary->relationships != facts.at("relationships").get<int64_t>())
        findings.push_back(MakeFinding(
            "DB001", name,
            "relationship count = " + Both(summary->relationships, facts.at("relationships"))));
      auto keys = facts.at("property_keys").get<std::set<std::string>>();
      if (summary->property_keys != keys)
        findings.push_back(MakeFinding("DB001", name, "property keys differ from those at export"));
      if (summary->fingerprint == facts.at("fingerprint").get<std::string>())
        findings.push_back(PassFinding(
            name, "content fingerprint matches (" + summary->fingerprint.substr(0, 16) + "…)"));
      else
        findings.push_back(
            MakeFinding("DB001", name,
                        "content fingerprint " + summary->fingerprint.substr(0, 16) +
                            "… differs from the export's " +
                            facts.at("fingerprint").get<std::string>().substr(0, 16) +
                            "…: same counts, different labels, properties or links"));
      CompareSchema(**client, facts.at("schema").get<std::vector<std::string>>(), name, findings);
    } catch (const nlohmann::json::exception& e) {
      findings.push_back(
          MakeFinding("X004", name, std::string("export facts are incomplete: ") + e.what()));
    }
    return findings;
  }

  Status Rollback(ComponentContext& ctx, const nlohmann::json& record) override {
    if (record.is_null()) return Status::Ok();
    FERRY_ASSIGN_OR_RETURN(Settings settings, ReadSettings(ctx.spec));
    if (record.value("mode", "") == "physical") return RollbackPhysical(ctx, settings, record);
    FERRY_ASSIGN_OR_RETURN(auto client, Connect(ctx, settings));
    FERRY_RETURN_IF_ERROR(WipeGraph(*client, settings.batch_size));
    FERRY_ASSIGN_OR_RETURN(auto file, ctx.os.OpenRead(record.at("file").get<std::string>()));
    stream::FileSource compressed(std::move(file));
    stream::ZstdDecompressSource plain(compressed);
    return LoadGraph(*client, plain, {settings.batch_size, ctx.progress}).status();
  }

 private:
  // The optional neo4j-admin import CSV (csv_import.h); datetimes in named
  // zones get their offsets from a second connection, as the first one is
  // busy streaming.
  static Result<nlohmann::json> ExportImportCsv(ComponentContext& ctx, const Settings& settings,
                                                bolt::Client& client,
                                                const std::vector<std::string>& schema,
                                                PayloadWriter& out) {
    FERRY_ASSIGN_OR_RETURN(auto zones, Connect(ctx, settings));
    CsvImportOptions options;
    options.database = AdminDatabase(settings);
    options.schema = schema;
    options.zone_offset = ServerZoneOffsets(*zones);
    options.on_progress = ctx.progress;
    return WriteImportCsv(client, out, options);
  }

  static Result<std::unique_ptr<bolt::Client>> Open(ComponentContext& ctx) {
    FERRY_ASSIGN_OR_RETURN(Settings settings, ReadSettings(ctx.spec));
    return Connect(ctx, settings);
  }

  // A logical export of what the target holds, before it is replaced.
  static Result<nlohmann::json> SaveRollbackCopy(ComponentContext& ctx, bolt::Client& client,
                                                 const fs::path& dir) {
    if (dir.empty()) return Status::Error("X004", "restore --force needs a rollback folder");
    FERRY_RETURN_IF_ERROR(ctx.os.CreateDirs(dir));
    fs::path path = dir / kRollbackFile;
    FERRY_ASSIGN_OR_RETURN(auto file, ctx.os.OpenWrite(path));
    stream::FileSink sink(*file);
    stream::ZstdCompressSink zstd(sink, ctx.zstd);
    FERRY_ASSIGN_OR_RETURN(GraphSummary summary, WriteGraph(client, zstd, [](uint64_t) {}));
    FERRY_RETURN_IF_ERROR(file->Close());
    return nlohmann::json{
        {"file", path.string()}, {"nodes", summary.nodes}, {"fingerprint", summary.fingerprint}};
  }

  static void CompareSchema(bolt::Client& client, const std::vector<std::string>& expected,
                            const std::string& name, std::vector<Finding>& findings) {
    auto found = ReadSchema(client);
    if (!found.ok()) {
      findings.push_back(FindingFromStatus(found.status(), name));
      return;
    }
    size_t missing = 0;
    for (const auto& statement : expected) {
      if (std::find(found->begin(), found->end(), statement) != found->end()) continue;
      ++missing;
      findings.push_back(MakeFinding("DB001", name, "index or constraint missing: " + statement));
    }
    if (missing == 0)
      findings.push_back(
          PassFinding(name, std::to_string(expected.size()) + " indexes and constraints present"));
  }
};

}  // namespace
}  // namespace neo4j

std::unique_ptr<Component> NewNeo4jComponent() { return std::make_unique<neo4j::Neo4jComponent>(); }

}  // namespace ferry::components
