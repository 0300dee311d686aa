// The test graph of the integration tests: exactly the seed's 20,739 nodes
// over several labels (one combination of two, one node without labels, two
// identical nodes), relationships of five types (parallel duplicates and a
// self-loop included), every property type Neo4j stores (lists, all temporal
// and spatial kinds, bytes, unicode), a uniqueness constraint and indexes.
#pragma once

#include "bolt/client.h"

namespace ferry::components::neo4j::testing {

inline constexpr int64_t kFixtureNodes = 20739;

Status LoadFixture(bolt::Client& client);

}  // namespace ferry::components::neo4j::testing
