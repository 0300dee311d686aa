// The neo4j kind's physical mode: neo4j-admin dump of the stopped database
// into the medium, and load from it. The store files move as they are, so it
// is fast but bound to the Neo4j version (and edition) that wrote them; the
// logical mode crosses versions and proves content. On the host neo4j-admin
// runs through the executor (the user stops Neo4j first); for a component in
// a container, ferry stops the container and runs neo4j-admin in a throwaway
// container from its image on its volumes (physical_container.h).
#pragma once

#include "components/component.h"
#include "components/neo4j/admin.h"
#include "components/neo4j/connection.h"

namespace ferry::components::neo4j {

std::string AdminDatabase(const Settings& settings);  // "neo4j" unless set

// The neo4j-admin syntax where physical mode will run it (host, or a
// throwaway from the container's image, which works while it is stopped).
Result<AdminSyntax> PhysicalAdminSyntax(ComponentContext& ctx);

Result<nlohmann::json> ExportPhysical(ComponentContext& ctx, const Settings& settings,
                                      PayloadWriter& out);

// Without --force, neo4j-admin is not told to overwrite, so an existing
// database makes it refuse (D002 with the fix). With --force the existing
// database is first dumped into the rollback folder; the record names it.
Result<nlohmann::json> RestorePhysical(ComponentContext& ctx, const Settings& settings,
                                       PayloadReader& in, const RestoreOptions& options);

Status RollbackPhysical(ComponentContext& ctx, const Settings& settings,
                        const nlohmann::json& record);

}  // namespace ferry::components::neo4j
