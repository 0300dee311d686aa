#include "components/mysql/facts.h"

#include <map>
#include <set>

namespace ferry::components::mysql {
namespace {

const std::set<std::string> kSystemSchemas = {"information_schema", "performance_schema", "mysql",
                                              "sys"};
const std::set<std::string> kBinaryTypes = {
    "binary",   "varbinary",  "tinyblob",        "blob",         "mediumblob",
    "longblob", "bit",        "geometry",        "point",        "linestring",
    "polygon",  "multipoint", "multilinestring", "multipolygon", "geometrycollection"};
const std::set<std::string> kTextTypes = {"char",     "varchar", "tinytext", "text", "mediumtext",
                                          "longtext", "enum",    "set",      "json"};

// How a column enters a row's hash: bytes as hex (vendors print binary
// differently), text in one charset, the rest as the server prints it.
// Length-prefixed and NULL marked, so no two rows can run together.
std::string ColumnExpr(const std::string& column, const std::string& type) {
  std::string c = QuoteIdent(column);
  std::string value = kBinaryTypes.count(type) ? "HEX(" + c + ")"
                      : kTextTypes.count(type) ? "CONVERT(" + c + " USING utf8mb4)"
                                               : c;
  return "IFNULL(CONCAT(LENGTH(" + value + "),':'," + value + "),'N')";
}

std::vector<std::string> Column0(const std::vector<Row>& rows) {
  std::vector<std::string> out;
  for (const Row& r : rows) {
    if (!r.empty()) out.push_back(r[0]);
  }
  return out;
}

}  // namespace

Result<nlohmann::json> ServerFacts(Client& client) {
  FERRY_ASSIGN_OR_RETURN(auto rows, client.Query("SELECT VERSION(), @@version_comment;\n"));
  if (rows.empty() || rows[0].size() < 2) return Status::Error("X004", "no server version");
  const std::string& version = rows[0][0];
  bool maria = version.find("MariaDB") != std::string::npos ||
               rows[0][1].find("MariaDB") != std::string::npos;
  return nlohmann::json{{"vendor", maria ? "MariaDB" : "MySQL"}, {"version", version}};
}

Result<std::vector<std::string>> ListUserDatabases(Client& client) {
  FERRY_ASSIGN_OR_RETURN(auto rows,
                         client.Query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA "
                                      "ORDER BY 1;\n"));
  std::vector<std::string> dbs;
  for (const std::string& db : Column0(rows)) {
    if (!kSystemSchemas.count(db)) dbs.push_back(db);
  }
  return dbs;
}

Result<DatabaseState> StateOf(Client& client, const std::string& db) {
  const std::string q = QuoteString(db);
  FERRY_ASSIGN_OR_RETURN(
      auto rows, client.Query("SELECT (SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE "
                              "SCHEMA_NAME = " +
                              q +
                              "), (SELECT COUNT(*) FROM "
                              "information_schema.TABLES WHERE TABLE_SCHEMA = " +
                              q + ");\n"));
  DatabaseState state;
  if (rows.empty() || rows[0].size() < 2) return Status::Error("X004", "no answer about " + db);
  state.exists = rows[0][0] != "0";
  state.tables = std::stoull(rows[0][1]);
  return state;
}

Result<nlohmann::json> DatabaseFacts(Client& client, const std::string& db, bool with_digests) {
  const std::string q = QuoteString(db);
  // One client run for the catalog facts; each SELECT ends its own block,
  // told apart by a marker column.
  std::string sql =
      "SELECT 'schema', DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM "
      "information_schema.SCHEMATA WHERE SCHEMA_NAME = " +
      q +
      ";\n"
      "SELECT 'column', TABLE_NAME, COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS "
      "WHERE TABLE_SCHEMA = " +
      q +
      " AND TABLE_NAME IN (SELECT TABLE_NAME FROM "
      "information_schema.TABLES WHERE TABLE_SCHEMA = " +
      q +
      " AND TABLE_TYPE = 'BASE TABLE') "
      "ORDER BY TABLE_NAME, ORDINAL_POSITION;\n"
      "SELECT 'view', TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = " +
      q +
      " ORDER BY 2;\n"
      "SELECT 'trigger', TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = " +
      q +
      " ORDER BY 2;\n"
      "SELECT 'routine', CONCAT(ROUTINE_TYPE, ' ', ROUTINE_NAME) FROM information_schema.ROUTINES "
      "WHERE ROUTINE_SCHEMA = " +
      q +
      " ORDER BY 2;\n"
      "SELECT 'event', EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = " +
      q + " ORDER BY 2;\n";
  FERRY_ASSIGN_OR_RETURN(auto rows, client.Query(sql));
  nlohmann::json facts = {{"charset", nullptr},
                          {"collation", nullptr},
                          {"tables", nlohmann::json::object()},
                          {"views", nlohmann::json::array()},
                          {"triggers", nlohmann::json::array()},
                          {"routines", nlohmann::json::array()},
                          {"events", nlohmann::json::array()}};
  std::map<std::string, std::vector<std::string>> columns;  // table -> hash expressions
  for (const Row& r : rows) {
    if (r.size() < 2) continue;
    if (r[0] == "schema" && r.size() >= 3) {
      facts["charset"] = r[1];
      facts["collation"] = r[2];
    } else if (r[0] == "column" && r.size() >= 4) {
      columns[r[1]].push_back(ColumnExpr(r[2], r[3]));
    } else if (r[0] == "view" || r[0] == "trigger" || r[0] == "routine" || r[0] == "event") {
      facts[r[0] + "s"].push_back(r[1]);
    }
  }
  if (facts["charset"].is_null())
    return Status::Error("DB002", "database '" + db + "' does not exist");
  if (columns.empty()) return facts;

  // Exact counts and digests in one pass per table, then CHECKSUM TABLE for
  // all tables in one statement (its rows come back in the order asked).
  std::string counts, checksum = "CHECKSUM TABLE ";
  for (const auto& [table, exprs] : columns) {
    std::string row_text = "CONCAT_WS(','";
    for (const std::string& e : exprs) row_text += "," + e;
    row_text += ")";
    std::string full = QuoteIdent(db) + "." + QuoteIdent(table);
    counts += "SELECT COUNT(*), IFNULL(SUM(CAST(CONV(LEFT(MD5(" + row_text +
              "),16),16,10) AS UNSIGNED)),0) FROM " + full + ";\n";
    checksum += (checksum.back() == ' ' ? "" : ", ") + full;
  }
  std::vector<Row> count_rows;
  if (with_digests) {
    FERRY_ASSIGN_OR_RETURN(count_rows, client.Query(counts));
  }
  FERRY_ASSIGN_OR_RETURN(auto checksum_rows, client.Query(checksum + ";\n"));
  if ((with_digests && count_rows.size() != columns.size()) ||
      checksum_rows.size() != columns.size()) {
    return Status::Error("X004", "unexpected answer counting the tables of '" + db + "'");
  }
  size_t i = 0;
  for (const auto& [table, exprs] : columns) {
    const Row& s = checksum_rows[i++];
    nlohmann::json sum =
        s.size() >= 2 && s[1] != "NULL" ? nlohmann::json(s[1]) : nlohmann::json(nullptr);
    if (!with_digests) {
      facts["tables"][table] = {{"checksum", sum}};
      continue;
    }
    const Row& c = count_rows[i - 1];
    if (c.size() < 2) return Status::Error("X004", "unexpected count of " + table);
    facts["tables"][table] = {{"rows", std::stoull(c[0])}, {"digest", c[1]}, {"checksum", sum}};
  }
  return facts;
}

nlohmann::json ChangeMarkerOf(const nlohmann::json& facts) {
  nlohmann::json marker = facts;
  for (auto& [table, t] : marker["tables"].items())
    t = {{"checksum", t.value("checksum", nlohmann::json())}};
  return marker;
}

std::vector<std::string> ChangeMarkerDifferences(const nlohmann::json& before,
                                                 const nlohmann::json& after) {
  std::vector<std::string> out;
  for (const char* key : {"charset", "collation"}) {
    if (before.value(key, nlohmann::json()) != after.value(key, nlohmann::json())) {
      out.push_back(std::string("default ") + key + " " +
                    before.value(key, nlohmann::json()).dump() + " -> " +
                    after.value(key, nlohmann::json()).dump());
    }
  }
  const nlohmann::json none = nlohmann::json::object();
  const nlohmann::json& was = before.contains("tables") ? before["tables"] : none;
  const nlohmann::json& is = after.contains("tables") ? after["tables"] : none;
  for (const auto& [table, t] : was.items()) {
    if (!is.contains(table)) {
      out.push_back("table '" + table + "' dropped");
    } else if (t != is[table]) {
      out.push_back("table '" + table + "' CHECKSUM TABLE " +
                    t.value("checksum", nlohmann::json()).dump() + " -> " +
                    is[table].value("checksum", nlohmann::json()).dump());
    }
  }
  for (const auto& [table, t] : is.items()) {
    if (!was.contains(table)) out.push_back("table '" + table + "' created");
  }
  for (const char* kind : {"views", "triggers", "routines", "events"}) {
    if (before.value(kind, nlohmann::json()) != after.value(kind, nlohmann::json())) {
      out.push_back(std::string(kind) + " " + before.value(kind, nlohmann::json()).dump() + " -> " +
                    after.value(kind, nlohmann::json()).dump());
    }
  }
  return out;
}

std::vector<Finding> CompareDatabaseFacts(const std::string& component, const std::string& db,
                                          const nlohmann::json& expected,
                                          const nlohmann::json& actual, bool same_server) {
  std::vector<Finding> findings;
  auto differ = [&](Code code, const std::string& what) {
    findings.push_back(MakeFinding(code, component, "database '" + db + "': " + what));
  };
  for (const char* key : {"charset", "collation"}) {
    if (expected.value(key, nlohmann::json()) != actual.value(key, nlohmann::json())) {
      differ("DB012", std::string("default ") + key + " exported " +
                          expected.value(key, nlohmann::json()).dump() + ", restored " +
                          actual.value(key, nlohmann::json()).dump());
    }
  }
  const nlohmann::json& want = expected.value("tables", nlohmann::json::object());
  const nlohmann::json& have = actual.value("tables", nlohmann::json::object());
  for (const auto& [table, w] : want.items()) {
    if (!have.contains(table)) {
      differ("DB002", "table '" + table + "' is missing (exported with " +
                          w.value("rows", nlohmann::json()).dump() + " rows)");
      continue;
    }
    const nlohmann::json& h = have[table];
    if (w.value("rows", nlohmann::json()) != h.value("rows", nlohmann::json())) {
      differ("DB012", "table '" + table + "' has " + h.value("rows", nlohmann::json()).dump() +
                          " rows, exported " + w.value("rows", nlohmann::json()).dump());
    } else if (w.value("digest", nlohmann::json()) != h.value("digest", nlohmann::json())) {
      differ("DB012", "table '" + table + "' content digest " +
                          h.value("digest", nlohmann::json()).dump() + ", exported " +
                          w.value("digest", nlohmann::json()).dump() +
                          " (same row count, different values)");
    }
    if (same_server && !w.value("checksum", nlohmann::json()).is_null() &&
        w.value("checksum", nlohmann::json()) != h.value("checksum", nlohmann::json())) {
      differ("DB012", "table '" + table + "' CHECKSUM TABLE " +
                          h.value("checksum", nlohmann::json()).dump() + ", exported " +
                          w.value("checksum", nlohmann::json()).dump());
    }
  }
  for (const char* kind : {"views", "triggers", "routines", "events"}) {
    std::set<std::string> present;
    for (const auto& name : actual.value(kind, nlohmann::json::array()))
      present.insert(name.get<std::string>());
    for (const auto& name : expected.value(kind, nlohmann::json::array())) {
      if (!present.count(name.get<std::string>())) {
        differ("DB002", std::string(kind).substr(0, std::string(kind).size() - 1) + " '" +
                            name.get<std::string>() + "' is missing");
      }
    }
  }
  return findings;
}

}  // namespace ferry::components::mysql
