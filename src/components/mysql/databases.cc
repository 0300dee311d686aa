#include "components/mysql/databases.h"

#include <set>

#include "components/mysql/facts.h"

namespace ferry::components::mysql {
namespace {

constexpr std::string_view kSuffix = ".sql.zst";

}  // namespace

Result<std::vector<std::string>> SelectedDatabases(ComponentContext& ctx, Client& client) {
  const nlohmann::json& o = ctx.spec.options;
  std::vector<std::string> dbs;
  if (o.is_object() && o.contains("databases")) {
    const nlohmann::json& v = o["databases"];
    if (v.is_string()) dbs.push_back(v.get<std::string>());
    if (v.is_array()) {
      for (const auto& d : v) {
        if (d.is_string()) dbs.push_back(d.get<std::string>());
      }
    }
    if (dbs.empty()) {
      return Status::Error(
          "S001", "component '" + ctx.spec.name + "': databases must be a name or a list of names");
    }
  } else {
    FERRY_ASSIGN_OR_RETURN(dbs, ListUserDatabases(client));
  }
  for (const std::string& db : dbs) {
    // The name becomes a file name on the medium and an argument of the
    // dump program: nothing that could be a path or an option.
    if (db.empty() || db.find('/') != std::string::npos || db.find('\0') != std::string::npos ||
        db[0] == '.' || db[0] == '-') {
      return Status::Error("S001", "component '" + ctx.spec.name + "': database name '" + db +
                                       "' cannot be exported safely");
    }
  }
  return dbs;
}

std::string PayloadName(const std::string& db) { return db + std::string(kSuffix); }

std::optional<std::string> DatabaseOfPayload(const std::string& file_name) {
  if (file_name.size() <= kSuffix.size() || !file_name.ends_with(kSuffix)) return std::nullopt;
  return file_name.substr(0, file_name.size() - kSuffix.size());
}

Result<std::vector<std::string>> MissingDumpPrivileges(Client& client, const std::string& db,
                                                       bool global_lock) {
  // information_schema shows the current user's own grants; the grantee is
  // spelled 'user'@'host' there. Schema grants may be LIKE patterns.
  const std::string grantee =
      "CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(),'@',1), '''@''', "
      "SUBSTRING_INDEX(CURRENT_USER(),'@',-1), '''')";
  FERRY_ASSIGN_OR_RETURN(
      auto rows,
      client.Query(
          "SELECT PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = " +
          grantee +
          " UNION SELECT PRIVILEGE_TYPE FROM information_schema.SCHEMA_PRIVILEGES "
          "WHERE GRANTEE = " +
          grantee + " AND " + QuoteString(db) + " LIKE TABLE_SCHEMA;\n"));
  std::set<std::string> held;
  for (const Row& r : rows) {
    if (!r.empty()) held.insert(r[0]);
  }
  std::vector<std::string> missing;
  for (const char* need : {"SELECT", "SHOW VIEW", "TRIGGER", "EVENT"}) {
    if (!held.count(need)) missing.push_back(need);
  }
  if (global_lock && !held.count("RELOAD")) missing.push_back("RELOAD");
  return missing;
}

}  // namespace ferry::components::mysql
