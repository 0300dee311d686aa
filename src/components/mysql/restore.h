// Restore, rollback and payload checks of the mysql kind.
//
// Restore refuses (T001) before changing anything when any target database
// already holds tables or views, unless forced; forced, it first dumps each
// such database to options.rollback_dir/<db>.sql.zst (the rollback copy,
// complete or the restore stops), then drops it. Each payload is imported
// with foreign key checks off (the dump orders tables by name, not by
// reference: DB004), then every foreign key is checked by a query.
// Payloads of either engine are restored (<db>.sql.zst with the client,
// <db>.mydumper.tar.zst with myloader, parallel.h): the medium says which.
// The server's max_allowed_packet is raised for the imports and put back.
// The rollback record: {"databases": [{"name": db, "copy": path}],
// "accounts": [{"user", "host"}]}, the accounts being the DEFINER accounts
// this restore created (ones the target had before are never listed).
#pragma once

#include <string>
#include <vector>

#include "components/mysql/client.h"

namespace ferry::components::mysql {

Result<nlohmann::json> RestoreDatabases(ComponentContext& ctx, PayloadReader& in,
                                        const RestoreOptions& options);

// Drops each database the restore replaced and reloads its rollback copy,
// then drops the accounts the restore created.
Status RollbackDatabases(ComponentContext& ctx, const nlohmann::json& record);

// Reads every payload to its end: a dump must decompress and end with the
// dump trailer, a mydumper folder must hold its `metadata`, the accounts
// payload must parse.
std::vector<Finding> VerifyDumps(ComponentContext& ctx, PayloadReader& in);

// Rows whose foreign key points nowhere, per constraint: DB004 naming the
// table, constraint and count. OK when there are none.
Status CheckForeignKeys(Client& client, const std::string& db);

}  // namespace ferry::components::mysql
