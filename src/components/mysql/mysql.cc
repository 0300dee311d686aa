// The `mysql` kind: MySQL or MariaDB databases, one payload per database
// (<db>.sql.zst), made by the server's own dump program and restored by its
// own client, both started through the component's Executor. Facts and
// their comparison are in facts.h; the dump and import streams in dump.h.
// The DEFINER accounts of the exported objects travel as CREATE USER/GRANT
// statements (accounts.h), restored before the databases.
//
// Stack file keys: host, port, socket, user, password_env | password_file,
// databases (a list, or absent for every user database), client and
// dump_program (to force mysql/mysqldump), engine = "mydumper" with threads
// and chunk_rows (the parallel engine, parallel.h).
#include <set>

#include "components/kinds.h"
#include "components/mysql/accounts.h"
#include "components/mysql/databases.h"
#include "components/mysql/dump.h"
#include "components/mysql/facts.h"
#include "components/mysql/parallel.h"
#include "components/mysql/restore.h"
#include "components/mysql/storage.h"
#include "stream/file_stream.h"

namespace ferry::components {
namespace {

using mysql::Client;

// Per-database progress folded into one growing count for the phase.
struct ProgressTotal {
  std::function<void(uint64_t)>& report;
  uint64_t done = 0;
  uint64_t current = 0;
  std::function<void(uint64_t)> For() {
    return [this](uint64_t n) {
      current = n;
      report(done + n);
    };
  }
  void Next() {
    done += current;
    current = 0;
  }
};

// mariadb-dump's output goes straight through zstd to the payload.
Status DumpStreamed(ComponentContext& ctx, Client& client, const std::string& db,
                    const std::string& file, PayloadWriter& out,
                    const std::function<void(uint64_t)>& progress) {
  FERRY_ASSIGN_OR_RETURN(stream::ByteSink * zstd, out.OpenCompressed(file, ctx.zstd));
  return mysql::DumpDatabase(client, db, *zstd, progress);
}

// mydumper writes a folder first; the payload is opened only once that
// folder holds a finished dump.
Status DumpInParallel(ComponentContext& ctx, Client& client, const std::string& db,
                      const std::string& file, PayloadWriter& out,
                      const std::function<void(uint64_t)>& progress) {
  FERRY_ASSIGN_OR_RETURN(Staging dumped, mysql::ParallelDump(ctx, client, db));
  FERRY_ASSIGN_OR_RETURN(stream::ByteSink * zstd, out.OpenCompressed(file, ctx.zstd));
  return mysql::PackParallelDump(ctx, dumped, *zstd, progress);
}

using K = stack::KeyType;
using A = stack::KeyAuthority;
constexpr stack::KeySpec kKeys[] = {
    {"host", K::kString, A::kLocal},
    {"port", K::kPort, A::kLocal},
    {"socket", K::kString, A::kLocal},
    {"user", K::kString, A::kLocal},
    {"password_env", K::kString, A::kLocal},
    {"password_file", K::kString, A::kLocal},
    {"client", K::kString, A::kLocal},        // a program
    {"dump_program", K::kString, A::kLocal},  // a program
    {"engine", K::kString, A::kLocal},        // selects mydumper / myloader
    {"databases", K::kStringList},
    {"threads", K::kInteger, A::kData, 1, 64},
    {"chunk_rows", K::kInteger, A::kData, 1, 1'000'000'000},
};

class MysqlComponent final : public Component {
 public:
  std::span<const stack::KeySpec> Keys() const override { return kKeys; }
  std::vector<Finding> Check(ComponentContext& ctx) override;
  Result<uint64_t> EstimateBytes(ComponentContext& ctx) override;
  Result<nlohmann::json> Export(ComponentContext& ctx, PayloadWriter& out) override;
  std::vector<Finding> VerifyPayload(ComponentContext& ctx, PayloadReader& in) override {
    return mysql::VerifyDumps(ctx, in);
  }
  Result<std::optional<ServerStorage>> RestoreStorage(ComponentContext& ctx) override {
    FERRY_ASSIGN_OR_RETURN(ServerStorage storage, mysql::DatadirStorage(ctx));
    return std::optional<ServerStorage>(std::move(storage));
  }
  Result<nlohmann::json> Restore(ComponentContext& ctx, PayloadReader& in,
                                 const RestoreOptions& options) override {
    return mysql::RestoreDatabases(ctx, in, options);
  }
  std::vector<Finding> Validate(ComponentContext& ctx, const nlohmann::json& facts) override;
  Status Rollback(ComponentContext& ctx, const nlohmann::json& record) override {
    return mysql::RollbackDatabases(ctx, record);
  }
};

std::vector<Finding> MysqlComponent::Check(ComponentContext& ctx) {
  const std::string& name = ctx.spec.name;
  auto client = Client::Open(ctx);
  if (!client.ok()) return {FindingFromStatus(client.status(), name)};
  auto server = mysql::ServerFacts(**client);
  if (!server.ok()) return {FindingFromStatus(server.status(), name)};
  std::vector<Finding> findings;
  auto dbs = mysql::SelectedDatabases(ctx, **client);
  if (!dbs.ok()) return {FindingFromStatus(dbs.status(), name)};
  findings = mysql::ParallelChecks(ctx, **client, *dbs);
  auto engine = mysql::EngineOf(ctx);
  const bool parallel = engine.ok() && *engine == mysql::Engine::kMydumper;
  for (const std::string& db : *dbs) {
    auto state = mysql::StateOf(**client, db);
    if (!state.ok()) {
      findings.push_back(FindingFromStatus(state.status(), name));
    } else if (!state->exists) {
      findings.push_back(MakeFinding("DB002", name,
                                     "database '" + db +
                                         "' named in the stack file does "
                                         "not exist on " +
                                         (*server)["version"].get<std::string>()));
    } else {
      auto missing = mysql::MissingDumpPrivileges(**client, db, parallel);
      if (!missing.ok()) {
        findings.push_back(FindingFromStatus(missing.status(), name));
      } else if (!missing->empty()) {
        std::string list;
        for (const std::string& p : *missing) list += (list.empty() ? "" : ", ") + p;
        findings.push_back(MakeFinding(
            "DB013", name,
            "the user lacks " + list + " on database '" + db + "', needed for a consistent dump" +
                (list.find("RELOAD") != std::string::npos ? " (RELOAD is granted ON *.*)" : "")));
      }
    }
  }
  const std::string dump_program = parallel ? std::string("mydumper") : (*client)->programs().dump;
  findings.push_back(PassFinding(
      name, (*server)["vendor"].get<std::string>() + " " + (*server)["version"].get<std::string>() +
                " on " + ctx.executor.Describe() + ", " + std::to_string(dbs->size()) +
                " databases, dump with " + dump_program));
  return findings;
}

Result<uint64_t> MysqlComponent::EstimateBytes(ComponentContext& ctx) {
  FERRY_ASSIGN_OR_RETURN(auto client, Client::Open(ctx));
  FERRY_ASSIGN_OR_RETURN(auto dbs, mysql::SelectedDatabases(ctx, *client));
  if (dbs.empty()) return uint64_t{0};
  std::string in;
  for (const std::string& db : dbs) in += (in.empty() ? "" : ",") + mysql::QuoteString(db);
  FERRY_ASSIGN_OR_RETURN(auto rows,
                         client->Query("SELECT IFNULL(SUM(DATA_LENGTH),0), COUNT(*) FROM "
                                       "information_schema.TABLES WHERE TABLE_SCHEMA IN (" +
                                       in + ");\n"));
  if (rows.empty() || rows[0].size() < 2)
    return Status::Error("X004", "no size from information_schema");
  // Upper bound of the compressed dump: hex blobs double the data, SQL text
  // adds per-table DDL; zstd only shrinks that.
  return 2 * std::stoull(rows[0][0]) + 16384 * std::stoull(rows[0][1]) + 65536 * dbs.size();
}

Result<nlohmann::json> MysqlComponent::Export(ComponentContext& ctx, PayloadWriter& out) {
  FERRY_ASSIGN_OR_RETURN(auto client, Client::Open(ctx));
  FERRY_ASSIGN_OR_RETURN(nlohmann::json server, mysql::ServerFacts(*client));
  FERRY_ASSIGN_OR_RETURN(auto dbs, mysql::SelectedDatabases(ctx, *client));
  FERRY_ASSIGN_OR_RETURN(mysql::Engine engine, mysql::EngineOf(ctx));
  const bool parallel = engine == mysql::Engine::kMydumper;
  nlohmann::json facts = {{"server", server},
                          {"dump_program", parallel ? "mydumper" : client->programs().dump},
                          {"databases", nlohmann::json::object()}};
  ProgressTotal progress{ctx.progress};
  for (const std::string& db : dbs) {
    const std::string file = parallel ? mysql::ParallelPayloadName(db) : mysql::PayloadName(db);
    // A payload an interrupted run verified is not dumped again; its facts
    // are cheap to ask the server for.
    nlohmann::json before(nullptr);
    if (!out.AlreadyVerified(file)) {
      // The dump's snapshot is the dump program's own transaction, which
      // no other session can read in. Facts read after it are the facts of
      // that snapshot only if nothing changed in between: a change marker
      // (CHECKSUM TABLE and the objects) read just before must match them.
      FERRY_ASSIGN_OR_RETURN(before, mysql::DatabaseFacts(*client, db, /*with_digests=*/false));
      Status dumped = parallel ? DumpInParallel(ctx, *client, db, file, out, progress.For())
                               : DumpStreamed(ctx, *client, db, file, out, progress.For());
      if (!dumped.ok()) return std::move(dumped).WithContext(ctx.spec.name);
    }
    FERRY_ASSIGN_OR_RETURN(nlohmann::json after, mysql::DatabaseFacts(*client, db));
    if (!before.is_null() && before != mysql::ChangeMarkerOf(after)) {
      std::string changed;
      for (const std::string& d :
           mysql::ChangeMarkerDifferences(before, mysql::ChangeMarkerOf(after))) {
        changed += (changed.empty() ? "" : "; ") + d;
      }
      return Status::Error("DB014", "database '" + db + "' changed while it was dumped (" +
                                        (changed.empty() ? "its facts differ" : changed) +
                                        "): stop what writes to it and export again")
          .WithContext(ctx.spec.name);
    }
    facts["databases"][db] = std::move(after);
    progress.Next();
  }
  FERRY_ASSIGN_OR_RETURN(auto definers, mysql::DefinerAccounts(*client, dbs));
  FERRY_ASSIGN_OR_RETURN(auto exist, mysql::AccountsExist(*client, definers));
  std::vector<mysql::Account> present, missing;
  for (size_t i = 0; i < definers.size(); ++i)
    (exist[i] ? present : missing).push_back(definers[i]);
  // An orphaned DEFINER (account dropped on the source) has nothing to
  // copy; it is recorded so validate does not demand it of the target.
  facts["definers"] = mysql::AccountFacts(present, missing);
  if (!present.empty() && !out.AlreadyVerified(mysql::kAccountsPayload)) {
    FERRY_ASSIGN_OR_RETURN(std::string sql, mysql::AccountsSql(*client, present));
    FERRY_ASSIGN_OR_RETURN(stream::ByteSink * zstd,
                           out.OpenCompressed(mysql::kAccountsPayload, ctx.zstd));
    stream::StringSource source(std::move(sql));
    Status written = stream::Pump(source, *zstd);
    if (!written.ok()) return std::move(written).WithContext(ctx.spec.name);
  }
  return facts;
}

std::vector<Finding> MysqlComponent::Validate(ComponentContext& ctx, const nlohmann::json& facts) {
  const std::string& name = ctx.spec.name;
  if (!facts.is_object() || !facts.contains("databases")) {
    return {MakeFinding("X004", name, "the export recorded no database facts to compare with")};
  }
  auto client = Client::Open(ctx);
  if (!client.ok()) return {FindingFromStatus(client.status(), name)};
  auto server = mysql::ServerFacts(**client);
  if (!server.ok()) return {FindingFromStatus(server.status(), name)};
  const bool same_server = facts.value("server", nlohmann::json()) == *server;
  std::vector<Finding> findings;
  for (const auto& [db, expected] : facts["databases"].items()) {
    auto state = mysql::StateOf(**client, db);
    if (!state.ok()) {
      findings.push_back(FindingFromStatus(state.status(), name));
      continue;
    }
    if (!state->exists) {
      findings.push_back(
          MakeFinding("DB002", name, "database '" + db + "' is missing on the target"));
      continue;
    }
    auto actual = mysql::DatabaseFacts(**client, db);
    if (!actual.ok()) {
      findings.push_back(FindingFromStatus(actual.status(), name));
      continue;
    }
    auto differences = mysql::CompareDatabaseFacts(name, db, expected, *actual, same_server);
    if (differences.empty()) {
      uint64_t rows = 0;
      for (const auto& [table, t] : expected["tables"].items())
        rows += t.value("rows", uint64_t{0});
      findings.push_back(
          PassFinding(name, "database '" + db + "': " + std::to_string(expected["tables"].size()) +
                                " tables, " + std::to_string(rows) + " rows, digests" +
                                (same_server ? " and CHECKSUM TABLE" : "") + " match the export"));
    }
    findings.insert(findings.end(), differences.begin(), differences.end());
  }
  // The objects run as their DEFINERs: without the account a view or
  // routine fails on the target although every row arrived.
  std::vector<mysql::Account> accounts;
  for (const auto& a : facts.value("definers", nlohmann::json::object())
                           .value("accounts", nlohmann::json::array())) {
    accounts.push_back({a.value("user", ""), a.value("host", "")});
  }
  if (!accounts.empty()) {
    auto exist = mysql::AccountsExist(**client, accounts);
    if (!exist.ok()) {
      findings.push_back(FindingFromStatus(exist.status(), name));
    } else {
      std::string present;
      for (size_t i = 0; i < accounts.size(); ++i) {
        if ((*exist)[i]) {
          present += (present.empty() ? "" : ", ") + accounts[i].Name();
        } else {
          findings.push_back(MakeFinding("DB002", name,
                                         "account " + accounts[i].Name() +
                                             ", the DEFINER of "
                                             "exported objects, is missing on the target"));
        }
      }
      if (!present.empty())
        findings.push_back(PassFinding(name, "definer accounts present: " + present));
    }
  }
  return findings;
}

}  // namespace

std::unique_ptr<Component> NewMysqlComponent() { return std::make_unique<MysqlComponent>(); }

}  // namespace ferry::components
