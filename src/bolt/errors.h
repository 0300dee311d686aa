// Neo4j's own status codes (Neo.ClientError.Security.Unauthorized...) mapped
// to ferry's catalog, keeping Neo4j's code and message in the text so a user
// can search for them.
#pragma once

#include <string>
#include <string_view>

#include "bolt/value.h"
#include "diag/status.h"

namespace ferry::bolt {

// Security.* -> N005 (authentication), *TimedOut -> DB003 (query timeout),
// DatabaseUnavailable -> N004, anything else -> DB006 (query failed).
Code CatalogCodeFor(std::string_view neo4j_code);

// The Status for a FAILURE message's metadata {code, message}.
Status FailureStatus(const Map& metadata);

}  // namespace ferry::bolt
