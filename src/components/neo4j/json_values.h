// Neo4j property values as JSON, for the graph.jsonl payload, without loss:
// a value reads back as the same Bolt value (same type, same bits).
//
// JSON-native types map to themselves: null, true/false, strings, lists,
// integers (written without a decimal point) and finite floats (always with
// one, e.g. 1.0, so they read back as floats). Everything else is a one-key
// object naming the type (property values are never maps, so an object is
// always one of these):
//   {"$float": "NaN" | "Infinity" | "-Infinity"}
//   {"$bytes": "<lowercase hex>"}
//   {"$date": days since 1970-01-01}
//   {"$time": [nanoseconds since midnight, offset seconds]}
//   {"$localtime": nanoseconds since midnight}
//   {"$datetime": [UTC epoch seconds, nanoseconds, offset seconds]}
//   {"$datetimezone": [UTC epoch seconds, nanoseconds, "Europe/Berlin"]}
//   {"$localdatetime": [local epoch seconds, nanoseconds]}
//   {"$duration": [months, days, seconds, nanoseconds]}
//   {"$point": [srid, x, y]} or [srid, x, y, z]
#pragma once

#include <nlohmann/json.hpp>

#include "bolt/value.h"
#include "diag/status.h"

namespace ferry::components::neo4j {

// D002 for a value no property can hold (a node, a path, a map).
Result<nlohmann::json> ToJson(const bolt::Value& value);
// D002 for JSON that is not one of the forms above.
Result<bolt::Value> FromJson(const nlohmann::json& json);

Result<nlohmann::json> MapToJson(const bolt::Map& map);
Result<bolt::Map> MapFromJson(const nlohmann::json& json);

}  // namespace ferry::components::neo4j
