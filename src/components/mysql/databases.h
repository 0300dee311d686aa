// Which databases a mysql component moves, what their payloads are called,
// and whether the user may dump them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "components/mysql/client.h"

namespace ferry::components::mysql {

// The stack file's `databases` (a list or one name), else every user
// database; system schemas (mysql, sys, ...) only when named. S001 for a
// name that cannot be a payload file name.
Result<std::vector<std::string>> SelectedDatabases(ComponentContext& ctx, Client& client);

// "<db>.sql.zst", and back (nullopt for other files).
std::string PayloadName(const std::string& db);
std::optional<std::string> DatabaseOfPayload(const std::string& file_name);

// Privileges a consistent dump of db needs that the current user lacks
// (SELECT, SHOW VIEW, TRIGGER, EVENT), from its global and schema grants;
// with global_lock also RELOAD (mydumper takes FLUSH TABLES WITH READ LOCK
// for a moment to start its threads' snapshots together).
Result<std::vector<std::string>> MissingDumpPrivileges(Client& client, const std::string& db,
                                                       bool global_lock = false);

}  // namespace ferry::components::mysql
