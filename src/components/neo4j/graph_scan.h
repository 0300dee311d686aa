// One streaming pass over a whole graph: every node, then every relationship,
// handed to a visitor while the counts and the content fingerprint
// (canonical.h) are computed on the way. A relationship's fingerprint needs
// its endpoints' digests: they come from a scratch file of node digests by id
// (digest_table.h), or, where the ids do not allow one, from the server
// sending both endpoint nodes with each relationship (slower). Memory stays
// bounded by one fetch batch, a 1 MiB cache and the number of distinct
// labels, types and keys.
//
// Used by export (the visitor writes payload lines), by validate and by the
// rollback copy. Without a read-only snapshot in Neo4j Community, a graph
// written to during the pass gives a summary of what was streamed, which is
// exactly what the payload holds.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "bolt/client.h"
#include "diag/status.h"
#include "platform/platform.h"

namespace ferry::components::neo4j {

struct GraphSummary {
  int64_t nodes = 0;
  int64_t relationships = 0;
  std::map<std::string, int64_t> labels;  // sorted label combination "A:B" ("" = none) -> nodes
  std::map<std::string, int64_t> types;   // relationship type -> relationships
  std::set<std::string> property_keys;    // keys in use on nodes and relationships
  std::string fingerprint;                // hex, see canonical.h

  nlohmann::json ToJson() const;  // the facts' counting part
};

struct GraphVisitor {
  std::function<Status(const bolt::Node&)> on_node = [](const bolt::Node&) { return Status::Ok(); };
  std::function<Status(const bolt::Relationship&)> on_relationship = [](const bolt::Relationship&) {
    return Status::Ok();
  };
  std::function<void(uint64_t entities)> on_progress = [](uint64_t) {};
};

// The sorted label combination a node is counted under.
std::string LabelKey(const std::vector<std::string>& labels);
// The node's key for linking relationships at restore: its element id when
// the node carries one, else its numeric id as text. ScanGraph's nodes and
// relationships carry none (it asks for ids, see graph_scan.cc), so its keys
// are numeric on every server.
std::string NodeKey(const bolt::Node& node);
std::string StartKey(const bolt::Relationship& rel);
std::string EndKey(const bolt::Relationship& rel);

// Streams the graph; a visitor error or a server/connection error stops it.
// The digest scratch file goes to os.TempDir().
Result<GraphSummary> ScanGraph(bolt::Client& client, const GraphVisitor& visitor,
                               platform::Platform& os = platform::DefaultPlatform());

// The count of nodes alone (the seed's check), one cheap query.
Result<int64_t> CountNodes(bolt::Client& client);

// A Neo4j 4.4 constraint statement ("CREATE CONSTRAINT c ON (n:L) ASSERT
// n.p IS UNIQUE OPTIONS {...}") in the form 4.4 and 5.x both accept ("FOR
// (n:L) REQUIRE", without 4.4's index provider options, unknown to 5.x).
std::string ModernConstraintSyntax(const std::string& statement);

// CREATE statements of the user's indexes and constraints (not the built-in
// token lookup indexes, not the indexes a constraint owns), sorted.
Result<std::vector<std::string>> ReadSchema(bolt::Client& client);

}  // namespace ferry::components::neo4j
