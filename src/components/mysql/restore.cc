#include "components/mysql/restore.h"

#include <map>

#include "components/mysql/accounts.h"
#include "components/mysql/databases.h"
#include "components/mysql/dump.h"
#include "components/mysql/facts.h"
#include "components/mysql/parallel.h"
#include "stream/file_stream.h"

namespace ferry::components::mysql {
namespace {

constexpr size_t kMaxAccountsBytes = 64 << 20;

Status ImportPayload(Client& client, stream::ByteSource& compressed, bool strip,
                     const std::function<void(uint64_t)>& progress) {
  stream::ZstdDecompressSource plain(compressed);
  return ImportSql(client, plain, strip, progress);
}

// Dumps db to a file of the rollback folder; synced, so the copy survives
// a crash between here and the import.
Result<fs::path> KeepRollbackCopy(ComponentContext& ctx, Client& client, const std::string& db,
                                  const fs::path& dir) {
  FERRY_RETURN_IF_ERROR(ctx.os.CreateDirs(dir));
  const fs::path path = dir / PayloadName(db);
  FERRY_ASSIGN_OR_RETURN(auto file, ctx.os.OpenWrite(path));
  stream::FileSink sink(*file);
  stream::ZstdCompressSink zstd(sink, ctx.zstd);
  FERRY_RETURN_IF_ERROR(DumpDatabase(client, db, zstd, [](uint64_t) {}));
  FERRY_RETURN_IF_ERROR(file->Close());
  FERRY_RETURN_IF_ERROR(ctx.os.SyncDir(dir));
  return path;
}

// The accounts payload's blocks, none when the medium has no such file
// (nothing needed one, or an older export).
Result<std::vector<AccountBlock>> ReadAccounts(PayloadReader& in) {
  bool listed = false;
  for (const std::string& file : in.Files()) listed = listed || file == kAccountsPayload;
  if (!listed) return std::vector<AccountBlock>{};
  FERRY_ASSIGN_OR_RETURN(auto source, in.Open(kAccountsPayload));
  stream::ZstdDecompressSource plain(*source);
  // A few lines per account; the medium is untrusted, so the text is bounded.
  FERRY_ASSIGN_OR_RETURN(std::optional<std::string> text,
                         stream::ReadAll(plain, kMaxAccountsBytes));
  if (!text) return Status::Error("FS002", std::string(kAccountsPayload) + " is implausibly large");
  return ParseAccountsSql(*text);
}

// Runs an account's statements; a failure names the account, never the
// statement (it may hold the password hash).
Status ApplyAccountStatements(Client& client, const Account& account,
                              const std::vector<std::string>& statements) {
  for (const std::string& sql : statements) {
    Status done = client.Execute(sql + ";\n");
    if (!done.ok()) {
      return Status::Error(
          done.Is("N011") ? Code("N011") : Code("D003"),
          "account " + account.Name() + ": " + WithoutQuotedStatement(done.message()));
    }
  }
  return Status::Ok();
}

// One database's payload on the medium, in either engine's format.
struct DatabasePayload {
  std::string db, file;
  bool parallel = false;  // <db>.mydumper.tar.zst, else <db>.sql.zst
};

std::vector<DatabasePayload> DatabasePayloads(PayloadReader& in) {
  std::vector<DatabasePayload> payloads;
  for (const std::string& file : in.Files()) {
    if (auto db = DatabaseOfPayload(file)) payloads.push_back({*db, file, false});
    if (auto db = DatabaseOfParallelPayload(file)) payloads.push_back({*db, file, true});
  }
  return payloads;
}

// The server's max_allowed_packet caps one statement, and a dump writes a
// row as one INSERT: a BLOB row larger than the target's limit (16 MiB by
// default) fails to import although the source held it. Raised to the
// protocol's 1 GiB for the restore where the user may (SUPER), put back
// afterwards: it is the target owner's setting. New sessions take the new
// value, so this runs before the import clients start.
class PacketLimitRaise {
 public:
  static constexpr uint64_t kWanted = uint64_t{1} << 30;
  PacketLimitRaise(Client& client, const std::function<void(const std::string&)>& say)
      : client_(client) {
    auto rows = client.Query("SELECT @@GLOBAL.max_allowed_packet;\n");
    if (!rows.ok() || rows->empty() || rows->front().empty()) return;
    uint64_t current = std::stoull(rows->front()[0]);
    if (current >= kWanted) return;
    Status raised =
        client.Execute("SET GLOBAL max_allowed_packet = " + std::to_string(kWanted) + ";\n");
    if (raised.ok()) {
      previous_ = current;
    } else {
      say("cannot raise max_allowed_packet from " + std::to_string(current) + " bytes on " +
          client.executor().Describe() + " (" + raised.message() +
          "): a row larger than that will "
          "fail to import; SET GLOBAL max_allowed_packet=1073741824 as an admin to allow it");
    }
  }
  ~PacketLimitRaise() {
    if (previous_)
      (void)client_.Execute("SET GLOBAL max_allowed_packet = " + std::to_string(previous_) + ";\n");
  }

 private:
  Client& client_;
  uint64_t previous_ = 0;  // 0: nothing to put back
};

Status ImportDatabasePayload(ComponentContext& ctx, Client& client, const DatabasePayload& payload,
                             stream::ByteSource& source, bool strip,
                             const std::function<void(uint64_t)>& progress) {
  if (payload.parallel) return ParallelImport(ctx, client, source, progress);
  return ImportPayload(client, source, strip, progress);
}

}  // namespace

Status CheckForeignKeys(Client& client, const std::string& db) {
  FERRY_ASSIGN_OR_RETURN(
      auto rows,
      client.Query("SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_SCHEMA, "
                   "REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM "
                   "information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = " +
                   QuoteString(db) +
                   " AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY TABLE_NAME, CONSTRAINT_NAME, "
                   "ORDINAL_POSITION;\n"));
  struct Key {
    std::string table, ref_schema, ref_table;
    std::vector<std::pair<std::string, std::string>> columns;  // child, parent
  };
  std::map<std::pair<std::string, std::string>, Key> keys;
  for (const Row& r : rows) {
    if (r.size() < 6) continue;
    Key& k = keys[{r[0], r[1]}];
    k.table = r[0];
    k.ref_schema = r[3];
    k.ref_table = r[4];
    k.columns.emplace_back(r[2], r[5]);
  }
  if (keys.empty()) return Status::Ok();
  // A child row violates its key when all its key columns are set and no
  // parent row matches them (MATCH SIMPLE, as InnoDB enforces).
  std::string sql;
  for (const auto& [id, k] : keys) {
    std::string on, set;
    for (const auto& [child, parent] : k.columns) {
      on += std::string(on.empty() ? "" : " AND ") + "c." + QuoteIdent(child) + " = p." +
            QuoteIdent(parent);
      set += std::string(set.empty() ? "" : " AND ") + "c." + QuoteIdent(child) + " IS NOT NULL";
    }
    sql += "SELECT " + QuoteString(k.table) + ", " + QuoteString(id.second) + ", COUNT(*) FROM " +
           QuoteIdent(db) + "." + QuoteIdent(k.table) + " c LEFT JOIN " + QuoteIdent(k.ref_schema) +
           "." + QuoteIdent(k.ref_table) + " p ON " + on + " WHERE " + set + " AND p." +
           QuoteIdent(k.columns[0].second) + " IS NULL;\n";
  }
  FERRY_ASSIGN_OR_RETURN(auto counts, client.Query(sql));
  std::string bad;
  for (const Row& r : counts) {
    if (r.size() >= 3 && r[2] != "0") {
      bad += std::string(bad.empty() ? "" : "; ") + r[0] + "." + r[1] + ": " + r[2] + " rows";
    }
  }
  if (bad.empty()) return Status::Ok();
  return Status::Error("DB004",
                       "database '" + db + "' has rows whose foreign key points nowhere: " + bad);
}

Result<nlohmann::json> RestoreDatabases(ComponentContext& ctx, PayloadReader& in,
                                        const RestoreOptions& options) {
  FERRY_ASSIGN_OR_RETURN(auto client, Client::Open(ctx));
  const std::vector<DatabasePayload> payloads = DatabasePayloads(in);
  std::vector<std::string> dbs, occupied;
  for (const DatabasePayload& p : payloads) dbs.push_back(p.db);
  // Every target is looked at before any is touched: a refusal changes nothing.
  for (const std::string& db : dbs) {
    FERRY_ASSIGN_OR_RETURN(DatabaseState state, StateOf(*client, db));
    if (state.tables > 0) occupied.push_back(db);
  }
  if (!occupied.empty() && !options.force) {
    std::string list;
    for (const std::string& db : occupied) list += (list.empty() ? "'" : ", '") + db + "'";
    return Status::Error("T001", "target database " + list + " on " +
                                     client->executor().Describe() +
                                     " already holds tables; restore with --force to replace it "
                                     "(a rollback dump is kept)");
  }
  if (!occupied.empty() && options.rollback_dir.empty()) {
    return Status::Error("X004", "no rollback folder to keep the replaced databases in");
  }
  // Accounts the target already has are left as they are: their password
  // and grants there are the target owner's choice, not the export's.
  FERRY_ASSIGN_OR_RETURN(auto accounts, ReadAccounts(in));
  std::vector<Account> names;
  for (const AccountBlock& b : accounts) names.push_back(b.account);
  FERRY_ASSIGN_OR_RETURN(auto exist, AccountsExist(*client, names));
  std::vector<const AccountBlock*> create;
  for (size_t i = 0; i < accounts.size(); ++i) {
    if (exist[i]) {
      options.say("account " + accounts[i].account.Name() + " already exists on " +
                  client->executor().Describe() + ": left unchanged");
    } else {
      create.push_back(&accounts[i]);
    }
  }
  if (options.dry_run) {
    for (const AccountBlock* b : create) {
      size_t grants = b->late.size();
      for (const std::string& sql : b->early) grants += sql.starts_with("GRANT ") ? 1 : 0;
      options.say("would create account " + b->account.Name() + " with " + std::to_string(grants) +
                  " grants");
    }
    for (const std::string& db : occupied) {
      options.say("would dump database '" + db + "' to " +
                  (options.rollback_dir / PayloadName(db)).string() +
                  " (kept for rollback), then drop it");
    }
    for (const DatabasePayload& p : payloads)
      options.say("would import " + p.file + " into database '" + p.db + "'");
    return nlohmann::json(nullptr);
  }

  nlohmann::json record(nullptr);
  for (const std::string& db : occupied) {
    options.say("keeping a rollback dump of database '" + db + "'");
    FERRY_ASSIGN_OR_RETURN(fs::path copy, KeepRollbackCopy(ctx, *client, db, options.rollback_dir));
    record["databases"].push_back({{"name", db}, {"copy", copy.string()}});
  }
  for (const std::string& db : occupied) {
    FERRY_RETURN_IF_ERROR(client->Execute("DROP DATABASE " + QuoteIdent(db) + ";\n"));
  }
  // Before the imports, so objects and the DEFINERs they name arrive
  // together; CREATE USER IF NOT EXISTS keeps a rerun harmless. Each one is
  // recorded before it is made: rollback drops exactly the accounts this
  // restore created, never one the target had.
  // The phase gets no record from a failed restore, so what was replaced
  // or created is put back now; the copies stay in the rollback folder
  // either way.
  auto undo = [&](Status failed, const std::string& where) -> Status {
    if (!record.is_null()) {
      Status back = RollbackDatabases(ctx, record);
      failed = failed.WithMessage(
          failed.message() +
          (back.ok() ? "; undone: replaced "
                       "databases reloaded from their rollback dumps, accounts it created dropped"
                     : "; "
                       "undoing the restore failed too (" +
                           back.ToString() +
                           "), the replaced databases' "
                           "dumps are in " +
                           options.rollback_dir.string()));
    }
    return where.empty() ? failed : std::move(failed).WithContext(where);
  };
  for (const AccountBlock* b : create) {
    options.say("creating account " + b->account.Name());
    record["accounts"].push_back({{"user", b->account.user}, {"host", b->account.host}});
    Status made = ApplyAccountStatements(*client, b->account, b->early);
    if (!made.ok()) return undo(std::move(made), "");
  }
  const bool strip = !ClientKnowsSandbox(*client);
  PacketLimitRaise packet_limit(*client, options.say);
  uint64_t done = 0;
  for (const DatabasePayload& payload : payloads) {
    auto source = in.Open(payload.file);
    uint64_t current = 0;
    Status imported = source.ok() ? ImportDatabasePayload(ctx, *client, payload, **source, strip,
                                                          [&](uint64_t n) {
                                                            current = n;
                                                            ctx.progress(done + n);
                                                          })
                                  : source.status();
    done += current;
    if (imported.ok()) imported = CheckForeignKeys(*client, payload.db);
    if (!imported.ok()) return undo(std::move(imported), "database '" + payload.db + "'");
  }
  // Grants on single tables or routines need those objects to exist.
  for (const AccountBlock* b : create) {
    Status granted = ApplyAccountStatements(*client, b->account, b->late);
    if (!granted.ok()) return undo(std::move(granted), "");
  }
  return record;
}

Status RollbackDatabases(ComponentContext& ctx, const nlohmann::json& record) {
  if (!record.is_object()) return Status::Ok();
  FERRY_ASSIGN_OR_RETURN(auto client, Client::Open(ctx));
  const bool strip = !ClientKnowsSandbox(*client);
  PacketLimitRaise packet_limit(*client, [](const std::string&) {});
  for (const auto& entry : record.value("databases", nlohmann::json::array())) {
    const std::string db = entry.value("name", "");
    const fs::path copy = entry.value("copy", "");
    // Open the copy first: without it, dropping the restored data loses both.
    FERRY_ASSIGN_OR_RETURN(auto file, ctx.os.OpenRead(copy));
    stream::FileSource source(std::move(file));
    FERRY_RETURN_IF_ERROR(client->Execute("DROP DATABASE IF EXISTS " + QuoteIdent(db) + ";\n"));
    FERRY_RETURN_IF_ERROR(ImportPayload(*client, source, strip, ctx.progress));
  }
  // After the databases: their objects no longer need the DEFINERs.
  for (const auto& a : record.value("accounts", nlohmann::json::array())) {
    const Account account{a.value("user", ""), a.value("host", "")};
    Status dropped = client->Execute("DROP USER IF EXISTS " + QuoteString(account.user) + "@" +
                                     QuoteString(account.host) + ";\n");
    if (!dropped.ok()) return std::move(dropped).WithContext("account " + account.Name());
  }
  return Status::Ok();
}

std::vector<Finding> VerifyDumps(ComponentContext& ctx, PayloadReader& in) {
  std::vector<Finding> findings;
  for (const std::string& file : in.Files()) {
    const bool parallel = DatabaseOfParallelPayload(file).has_value();
    const bool accounts = file == kAccountsPayload;
    if (!DatabaseOfPayload(file) && !parallel && !accounts) continue;
    if (accounts) {
      // It must parse into account blocks, as restore will parse it.
      auto blocks = ReadAccounts(in);
      Status read = blocks.status();
      findings.push_back(read.ok() ? PassFinding(ctx.spec.name, file + " readable, " +
                                                                    std::to_string(blocks->size()) +
                                                                    " accounts")
                                   : FindingFromStatus(read.WithContext(file), ctx.spec.name));
      continue;
    }
    auto source = in.Open(file);
    if (!source.ok()) {
      findings.push_back(FindingFromStatus(source.status(), ctx.spec.name));
      continue;
    }
    if (parallel) {
      auto entries = CheckParallelPayload(**source);
      Status read = entries.status();
      findings.push_back(read.ok()
                             ? PassFinding(ctx.spec.name, file + " complete, " +
                                                              std::to_string(*entries) + " entries")
                             : FindingFromStatus(read.WithContext(file), ctx.spec.name));
      continue;
    }
    stream::ZstdDecompressSource plain(**source);
    stream::CountingSink count;
    TrailerWatchSink watch(count);
    Status read = stream::Pump(plain, watch);
    if (!read.ok()) {
      findings.push_back(FindingFromStatus(read, ctx.spec.name));
    } else if (!watch.completed()) {
      findings.push_back(
          MakeFinding("DB011", ctx.spec.name, file + " does not end with the dump trailer"));
    } else {
      findings.push_back(PassFinding(
          ctx.spec.name, file + " complete, " + std::to_string(count.count()) + " bytes of SQL"));
    }
  }
  return findings;
}

}  // namespace ferry::components::mysql
