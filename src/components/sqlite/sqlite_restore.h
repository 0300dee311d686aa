// Restore, validate and rollback of the sqlite kind (sqlite_restore.cc).
#pragma once

#include "components/component.h"

namespace ferry::components::sqlite {

inline constexpr const char* kPayloadName = "db.sqlite.zst";

// Decompresses the payload to <target>.ferry-staging, requires
// integrity_check "ok" (V003), then moves it into place. A target that
// exists (or has -wal/-journal/-shm side files) is T001 without force; with
// force it and its side files are moved aside for rollback first.
Result<nlohmann::json> RestoreDatabase(ComponentContext& ctx, PayloadReader& in,
                                       const RestoreOptions& options);
// integrity_check, row counts per table and the schema digest against facts.
std::vector<Finding> ValidateDatabase(ComponentContext& ctx, const nlohmann::json& facts);
// Puts back the database and side files that RestoreDatabase moved aside.
Status RollbackDatabase(ComponentContext& ctx, const nlohmann::json& record);

}  // namespace ferry::components::sqlite
