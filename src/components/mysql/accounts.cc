#include "components/mysql/accounts.h"

#include <cstdio>
#include <regex>
#include <set>
#include <sstream>

namespace ferry::components::mysql {
namespace {

constexpr std::string_view kMarker = "-- account ";

std::string InList(const std::vector<std::string>& dbs) {
  std::string in;
  for (const std::string& db : dbs) in += (in.empty() ? "" : ",") + QuoteString(db);
  return in;
}

std::string Spelled(const Account& a) { return QuoteString(a.user) + "@" + QuoteString(a.host); }

}  // namespace

std::string Account::Name() const { return "'" + user + "'@'" + host + "'"; }

Result<std::vector<Account>> DefinerAccounts(Client& client, const std::vector<std::string>& dbs) {
  if (dbs.empty()) return std::vector<Account>{};
  const std::string in = InList(dbs);
  FERRY_ASSIGN_OR_RETURN(
      auto rows,
      client.Query(
          "SELECT DEFINER FROM information_schema.VIEWS WHERE TABLE_SCHEMA IN (" + in +
          ") "
          "UNION SELECT DEFINER FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA IN (" +
          in +
          ") "
          "UNION SELECT DEFINER FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA IN (" +
          in +
          ") "
          "UNION SELECT DEFINER FROM information_schema.EVENTS WHERE EVENT_SCHEMA IN (" +
          in + ");\n"));
  std::set<Account> accounts;
  for (const Row& r : rows) {
    if (r.empty()) continue;
    // user@host; the host cannot hold '@', the user can.
    size_t at = r[0].rfind('@');
    if (at == std::string::npos) continue;
    accounts.insert({r[0].substr(0, at), r[0].substr(at + 1)});
  }
  return std::vector<Account>(accounts.begin(), accounts.end());
}

Result<std::vector<bool>> AccountsExist(Client& client, const std::vector<Account>& accounts) {
  if (accounts.empty()) return std::vector<bool>{};
  // Reading mysql.user is portable (a table on MySQL, a view on MariaDB
  // 10.4+); only its layout beyond User and Host differs.
  std::string sql;
  for (const Account& a : accounts) {
    sql += "SELECT COUNT(*) FROM mysql.user WHERE User = " + QuoteString(a.user) +
           " AND Host = " + QuoteString(a.host) + ";\n";
  }
  FERRY_ASSIGN_OR_RETURN(auto rows, client.Query(sql));
  if (rows.size() != accounts.size())
    return Status::Error("X004", "unexpected answer about accounts");
  std::vector<bool> exist;
  for (const Row& r : rows) exist.push_back(!r.empty() && r[0] != "0");
  return exist;
}

Result<std::string> AccountsSql(Client& client, const std::vector<Account>& accounts) {
  std::string out =
      "-- Accounts the exported views, triggers, routines and events run as (their DEFINERs).\n"
      "-- Written by ferry; plain SQL, applies by hand with the mysql/mariadb client too.\n";
  FERRY_ASSIGN_OR_RETURN(auto version, client.Query("SELECT VERSION();\n"));
  // In the same session as SHOW CREATE USER: one client run per Query.
  const std::string hex =
      !version.empty() && !version[0].empty() && PrintsAuthStringAsHex(version[0][0])
          ? "SET SESSION print_identified_with_as_hex = ON;\n"
          : "";
  for (const Account& a : accounts) {
    auto created = client.Query(hex + "SHOW CREATE USER " + Spelled(a) + ";\n");
    if (!created.ok()) {
      return Status::Error("DB013",
                           "cannot read account " + a.Name() +
                               " (SHOW CREATE USER needs "
                               "MariaDB 10.2+ or MySQL 5.7+ and read access to mysql.user): " +
                               WithoutQuotedStatement(created.status().message()));
    }
    FERRY_ASSIGN_OR_RETURN(auto grants, client.Query("SHOW GRANTS FOR " + Spelled(a) + ";\n"));
    if (created->empty() || created->front().empty() ||
        !created->front()[0].starts_with("CREATE USER ")) {
      return Status::Error("X004", "unexpected SHOW CREATE USER answer for " + a.Name());
    }
    out += std::string(kMarker) + nlohmann::json{{"user", a.user}, {"host", a.host}}.dump() + "\n";
    // IF NOT EXISTS: a restore run twice, or by hand, does not fail on it.
    std::string create = AuthStringAsHex(created->front()[0]);
    out += "CREATE USER IF NOT EXISTS " + create.substr(std::string("CREATE USER ").size()) + ";\n";
    for (const Row& g : grants) {
      if (!g.empty()) out += PortableGrant(g[0]) + ";\n";
    }
  }
  return out;
}

nlohmann::json AccountFacts(const std::vector<Account>& present,
                            const std::vector<Account>& missing) {
  nlohmann::json facts = {{"accounts", nlohmann::json::array()},
                          {"missing_on_source", nlohmann::json::array()}};
  for (const Account& a : present)
    facts["accounts"].push_back({{"user", a.user}, {"host", a.host}});
  for (const Account& a : missing)
    facts["missing_on_source"].push_back({{"user", a.user}, {"host", a.host}});
  return facts;
}

bool PrintsAuthStringAsHex(const std::string& version) {
  if (version.find("MariaDB") != std::string::npos) return false;
  int major = 0, minor = 0, patch = 0;
  if (std::sscanf(version.c_str(), "%d.%d.%d", &major, &minor, &patch) < 2) return false;
  if (major != 8) return major > 8;
  return minor > 0 || patch >= 17;
}

std::string AuthStringAsHex(const std::string& create_user) {
  size_t with = create_user.find(" IDENTIFIED WITH ");
  size_t as = with == std::string::npos ? with : create_user.find(" AS '", with);
  if (as == std::string::npos) return create_user;
  const size_t open = as + 5;
  // The hash may hold quote bytes itself, so the string ends where the
  // next clause starts: MySQL always prints REQUIRE after it (and may
  // print quoted COMMENT/ATTRIBUTE clauses later); else at the line's end.
  size_t close = create_user.find("' REQUIRE ", open);
  if (close == std::string::npos && create_user.size() > open && create_user.back() == '\'') {
    close = create_user.size() - 1;
  }
  if (close == std::string::npos) return create_user;
  const std::string_view auth(create_user.data() + open, close - open);
  bool printable = true;
  for (unsigned char c : auth)
    printable = printable && c >= 0x20 && c < 0x7f && c != '\'' && c != '\\';
  if (printable) return create_user;
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string hex = "0x";
  for (unsigned char c : auth) {
    hex += kHex[c >> 4];
    hex += kHex[c & 15];
  }
  return create_user.substr(0, as) + " AS " + hex + create_user.substr(close + 1);
}

std::string PortableGrant(const std::string& grant) {
  if (!grant.starts_with("GRANT ")) return grant;
  size_t id = grant.find(" IDENTIFIED ");
  if (id == std::string::npos) return grant;
  // The clause runs to WITH ... (grant options) or the end; hashes and
  // plugin names hold no spaces, so " WITH " cannot be inside it.
  size_t with = grant.find(" WITH ", id);
  return grant.substr(0, id) + (with == std::string::npos ? "" : grant.substr(with));
}

std::string WithoutQuotedStatement(const std::string& message) {
  size_t near = message.find(" near '");
  if (near == std::string::npos) return message;
  return message.substr(0, near) + " (statement text withheld)";
}

Result<std::vector<AccountBlock>> ParseAccountsSql(const std::string& text) {
  // Grants on the server or a whole database apply before the databases
  // exist; grants on a table, column or routine need the object.
  static const std::regex kEarly(R"(^GRANT .* ON (\*|`([^`]|``)*`)\.\* TO .*)");
  std::vector<AccountBlock> blocks;
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (line.starts_with(kMarker)) {
      auto j = nlohmann::json::parse(line.substr(kMarker.size()), nullptr, false);
      if (!j.is_object() || !j.contains("user") || !j.contains("host") || !j["user"].is_string() ||
          !j["host"].is_string()) {
        return Status::Error("X004", std::string(kAccountsPayload) + " line " +
                                         std::to_string(number) + ": malformed account marker");
      }
      blocks.push_back({{j["user"].get<std::string>(), j["host"].get<std::string>()}, {}, {}});
      continue;
    }
    if (line.empty() || line.starts_with("--")) continue;
    if (blocks.empty() || !line.ends_with(";") ||
        !(line.starts_with("CREATE USER ") || line.starts_with("GRANT "))) {
      // The line itself may hold a hash: named by number only.
      return Status::Error("X004", std::string(kAccountsPayload) + " line " +
                                       std::to_string(number) +
                                       " is not a CREATE USER or GRANT statement of an account");
    }
    line.pop_back();
    if (line.starts_with("CREATE USER ") || std::regex_match(line, kEarly)) {
      blocks.back().early.push_back(line);
    } else {
      blocks.back().late.push_back(line);
    }
  }
  return blocks;
}

}  // namespace ferry::components::mysql
