// Facts about a MySQL/MariaDB database, recorded at export and compared at
// validate. Per database:
//   {"charset", "collation",
//    "tables": {"<name>": {"rows": N, "checksum": "<CHECKSUM TABLE>" | null,
//                          "digest": "<order-independent sum of row hashes>"}},
//    "views": [...], "triggers": [...], "routines": ["PROCEDURE p", ...],
//    "events": [...]}
// CHECKSUM TABLE depends on the server's row format, so it is compared only
// when vendor and version are equal; the digest (the sum of the first 64
// bits of MD5 over each row's values as text) does not, so it is always
// compared, and it ignores row order, so dump and reload cannot change it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "components/mysql/client.h"
#include "diag/finding.h"

namespace ferry::components::mysql {

// {"vendor": "MariaDB" | "MySQL", "version": "10.11.19-MariaDB-..."}
Result<nlohmann::json> ServerFacts(Client& client);

// User databases (system schemas left out), sorted.
Result<std::vector<std::string>> ListUserDatabases(Client& client);

// False when the database does not exist; else its number of base tables.
struct DatabaseState {
  bool exists = false;
  uint64_t tables = 0;
};
Result<DatabaseState> StateOf(Client& client, const std::string& db);

// The facts of one database (see above). REQUIRES: it exists.
// with_digests false: the change marker, the facts without row counts and
// digests (one CHECKSUM TABLE scan instead of two passes), cheap enough to
// read before every dump.
Result<nlohmann::json> DatabaseFacts(Client& client, const std::string& db,
                                     bool with_digests = true);

// The change marker part of full facts, to compare with a marker read
// earlier on the same server: equal means nothing changed in between.
nlohmann::json ChangeMarkerOf(const nlohmann::json& facts);

// What differs between two change markers of one database, for a message:
// "table 't' CHECKSUM TABLE 1 -> 2", "view 'v' added", ...
std::vector<std::string> ChangeMarkerDifferences(const nlohmann::json& before,
                                                 const nlohmann::json& after);

// Every difference between the facts recorded at export and the target's,
// each a finding naming the object and both values. same_server: vendor and
// version equal on both sides, so CHECKSUM TABLE values are comparable.
std::vector<Finding> CompareDatabaseFacts(const std::string& component, const std::string& db,
                                          const nlohmann::json& expected,
                                          const nlohmann::json& actual, bool same_server);

}  // namespace ferry::components::mysql
