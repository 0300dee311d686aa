// The accounts the dumped objects need: every DEFINER of a view, trigger,
// routine or event of the exported databases. They move as portable
// CREATE USER / GRANT statements (payload accounts.grants.zst), never as
// the `mysql` system schema, whose tables differ between MySQL and MariaDB
// and between versions (the seed's --all-databases trap).
//
// The payload is plain SQL, one statement a line, each account's block
// opened by a comment carrying its name as JSON, so a restore can skip an
// account the target already has:
//   -- account {"user":"app","host":"%"}
//   CREATE USER IF NOT EXISTS `app`@`%` IDENTIFIED BY PASSWORD '*...';
//   GRANT SELECT ON `shop`.* TO `app`@`%`;
// The CREATE USER line holds the password hash: not a secret on a command
// line, but it stays out of logs, findings and the manifest; the facts
// hold only account names.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "components/mysql/client.h"

namespace ferry::components::mysql {

// Not "<x>.sql.zst": that suffix names a database's payload, and a database
// may well be called `accounts`.
inline constexpr const char* kAccountsPayload = "accounts.grants.zst";

struct Account {
  std::string user, host;
  bool operator<(const Account& o) const { return user != o.user ? user < o.user : host < o.host; }
  bool operator==(const Account& o) const = default;
  std::string Name() const;  // 'app'@'%', for messages
};

// Distinct DEFINERs of the objects in dbs, sorted. A role (no @host) is
// left out: it is not an account to create.
Result<std::vector<Account>> DefinerAccounts(Client& client, const std::vector<std::string>& dbs);

// Which of the accounts exist on the server.
Result<std::vector<bool>> AccountsExist(Client& client, const std::vector<Account>& accounts);

// The payload text (see above) for the existing accounts. SHOW CREATE USER
// needs MariaDB >= 10.2 or MySQL >= 5.7.
Result<std::string> AccountsSql(Client& client, const std::vector<Account>& accounts);

// {"accounts": [{"user","host"}...], "missing_on_source": [...]}: names only.
nlohmann::json AccountFacts(const std::vector<Account>& present,
                            const std::vector<Account>& missing);

// One account's block of the payload.
struct AccountBlock {
  Account account;
  std::vector<std::string> early;  // CREATE USER and grants on *.* or db.*
  std::vector<std::string> late;   // grants on tables, columns, routines: need the objects
};
// S001 for a payload not in the format above.
Result<std::vector<AccountBlock>> ParseAccountsSql(const std::string& text);

// Removes "IDENTIFIED ..." from a GRANT line: MariaDB's SHOW GRANTS repeats
// the password there, MySQL 8 rejects GRANT ... IDENTIFIED, and the
// CREATE USER line already carries it.
std::string PortableGrant(const std::string& grant);

// True for MySQL 8.0.17 and later, whose SHOW CREATE USER prints a binary
// caching_sha2_password / sha256_password hash as 0x hex once the session
// sets print_identified_with_as_hex; MariaDB and older MySQL do not know it.
bool PrintsAuthStringAsHex(const std::string& version);

// A CREATE USER line whose `AS '<auth string>'` holds bytes that are not
// printable ASCII (a MySQL 8 hash printed raw) with that string rewritten
// as a 0x hex literal, so the payload stays one statement per line and
// the bytes survive; any other line unchanged.
std::string AuthStringAsHex(const std::string& create_user);

// A server error about a statement, without the statement text it may
// quote ("... near '<hash>' at line 1").
std::string WithoutQuotedStatement(const std::string& message);

}  // namespace ferry::components::mysql
