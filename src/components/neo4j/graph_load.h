// Loads a graph payload into an empty database over Bolt, and empties one.
//
// Nodes go in with batched UNWIND ... CREATE transactions, one batch per
// label combination (labels cannot be parameters in Cypher before 5.26), each
// node carrying a temporary label and key (kTempLabel / kTempKey) with an
// index on them, so relationship batches can find their endpoints by the
// source's element id. Afterwards the temporary label, key and index are
// removed, and the payload's indexes and constraints are created. Each batch
// commits on its own: a failed load leaves a partial graph that the caller
// wipes or rolls back.
#pragma once

#include <cstdint>
#include <functional>

#include "bolt/client.h"
#include "stream/stream.h"

namespace ferry::components::neo4j {

inline constexpr const char* kTempLabel = "__FerryRestore";
inline constexpr const char* kTempKey = "__ferry_key";

struct LoadOptions {
  int64_t batch_size = 5000;
  std::function<void(uint64_t entities)> on_progress = [](uint64_t) {};
};

struct LoadStats {
  int64_t nodes = 0;
  int64_t relationships = 0;
};

// REQUIRES: the database is empty. source yields the plain (decompressed)
// payload. D002 for a bad payload or a relationship whose endpoint is missing.
Result<LoadStats> LoadGraph(bolt::Client& client, stream::ByteSource& source,
                            const LoadOptions& options);

// Deletes every node and relationship in batches, and drops every user
// index and constraint.
Status WipeGraph(bolt::Client& client, int64_t batch_size);

// `name` quoted as a Cypher identifier.
std::string QuoteName(const std::string& name);

}  // namespace ferry::components::neo4j
