#include "components/neo4j/graph_scan.h"

#include <algorithm>
#include <optional>

#include "components/neo4j/canonical.h"
#include "components/neo4j/digest_table.h"

namespace ferry::components::neo4j {
namespace {

constexpr uint64_t kProgressEvery = 1000;

Status Unexpected(const char* what) {
  return Status::Error("DB006", std::string("unexpected result: ") + what);
}

void CountKeys(const bolt::Map& properties, std::set<std::string>& keys) {
  for (const auto& [key, value] : properties.entries) keys.insert(key);
}

// The scan asks for the parts it needs, not whole Node and Relationship
// structures: a 5.x server builds an element id string for every entity and
// endpoint of a structure, which cost it a third of its CPU in the export
// (README "Performance"). Keys are numeric ids then, on every server.
constexpr const char* kNodeQuery = "MATCH (n) RETURN id(n), labels(n), properties(n)";
constexpr const char* kRelationshipQuery =
    "MATCH ()-[r]->() RETURN type(r), id(startNode(r)), id(endNode(r)), properties(r)";

// The row of kNodeQuery (or LateNodeDigests) as a Node, its values moved.
Result<bolt::Node> NodeFromRow(const bolt::Record& r) {
  if (r.values.size() != 3) return Unexpected("node row");
  const int64_t* id = r.values[0].get_if<int64_t>();
  auto* labels = r.values[1].get_if<bolt::List>();
  auto* props = r.values[2].get_if<bolt::Map>();
  if (!id || !labels || !props) return Unexpected("node row types");
  bolt::Node n{.id = *id, .labels = {}, .properties = std::move(*props), .element_id = {}};
  n.labels.reserve(labels->size());
  for (auto& l : *labels) {
    auto* text = l.get_if<std::string>();
    if (!text) return Unexpected("a label that is not a string");
    n.labels.push_back(std::move(*text));
  }
  return n;
}

// The row of kRelationshipQuery as a Relationship (no relationship id: the
// payload and the fingerprint never used it).
Result<bolt::Relationship> RelationshipFromRow(const bolt::Record& r) {
  if (r.values.size() != 4) return Unexpected("relationship row");
  auto* type = r.values[0].get_if<std::string>();
  const int64_t* start = r.values[1].get_if<int64_t>();
  const int64_t* end = r.values[2].get_if<int64_t>();
  auto* props = r.values[3].get_if<bolt::Map>();
  if (!type || !start || !end || !props) return Unexpected("relationship row types");
  bolt::Relationship rel;
  rel.start_id = *start;
  rel.end_id = *end;
  rel.type = std::move(*type);
  rel.properties = std::move(*props);
  return rel;
}

}  // namespace

nlohmann::json GraphSummary::ToJson() const {
  return {{"nodes", nodes}, {"relationships", relationships}, {"labels", labels},
          {"types", types}, {"property_keys", property_keys}, {"fingerprint", fingerprint}};
}

std::string LabelKey(const std::vector<std::string>& labels) {
  std::vector<std::string> sorted = labels;
  std::sort(sorted.begin(), sorted.end());
  std::string key;
  for (const auto& l : sorted) key += (key.empty() ? "" : ":") + l;
  return key;
}

std::string NodeKey(const bolt::Node& node) {
  return node.element_id.empty() ? std::to_string(node.id) : node.element_id;
}
std::string StartKey(const bolt::Relationship& rel) {
  return rel.start_element_id.empty() ? std::to_string(rel.start_id) : rel.start_element_id;
}
std::string EndKey(const bolt::Relationship& rel) {
  return rel.end_element_id.empty() ? std::to_string(rel.end_id) : rel.end_element_id;
}

namespace {

// The scan's running state: counts, fingerprint and progress.
struct Scan {
  const GraphVisitor& visitor;
  GraphSummary summary;
  Fingerprint fingerprint;
  uint64_t seen = 0;

  void Tick() {
    if (++seen % kProgressEvery == 0) visitor.on_progress(seen);
  }
  Status AddRelationship(const bolt::Relationship& r, const Digest& start, const Digest& end) {
    fingerprint.Add(RelationshipDigest(r.type, r.properties, start, end));
    ++summary.relationships;
    ++summary.types[r.type];
    CountKeys(r.properties, summary.property_keys);
    FERRY_RETURN_IF_ERROR(visitor.on_relationship(r));
    Tick();
    return Status::Ok();
  }
};

// Endpoints come with each relationship: no table needed, but the server
// sends three entities per relationship.
Status RelationshipsWithEndpoints(bolt::Client& client, Scan& scan) {
  return client
      .Run("MATCH (a)-[r]->(b) RETURN a, r, b", {},
           [&](const bolt::Record& rec) -> Status {
             if (rec.values.size() != 3) return Unexpected("relationship row");
             const auto* a = rec.values[0].get_if<bolt::Node>();
             auto* r = rec.values[1].get_if<bolt::Relationship>();
             const auto* b = rec.values[2].get_if<bolt::Node>();
             if (!a || !r || !b) return Unexpected("relationship row types");
             // Keyed by numeric id like the nodes of kNodeQuery.
             bolt::Relationship rel = std::move(*r);
             rel.element_id.clear();
             rel.start_element_id.clear();
             rel.end_element_id.clear();
             return scan.AddRelationship(rel, NodeDigest(a->labels, a->properties),
                                         NodeDigest(b->labels, b->properties));
           })
      .status();
}

// Digests of nodes the table lacks: created after the node scan of an online
// export. Asked for in one query after the relationship stream.
Result<std::map<int64_t, Digest>> LateNodeDigests(bolt::Client& client,
                                                  const std::set<int64_t>& ids) {
  std::map<int64_t, Digest> digests;
  bolt::List list;
  for (int64_t id : ids) list.emplace_back(id);
  bolt::Map params;
  params.Set("ids", std::move(list));
  auto run = client.Run("MATCH (n) WHERE id(n) IN $ids RETURN id(n), labels(n), properties(n)",
                        params, [&](const bolt::Record& r) -> Status {
                          FERRY_ASSIGN_OR_RETURN(bolt::Node n, NodeFromRow(r));
                          digests[n.id] = NodeDigest(n.labels, n.properties);
                          return Status::Ok();
                        });
  if (!run.ok()) return run.status();
  return digests;
}

// Relationships alone; endpoint digests from the table. Those whose endpoint
// the table lacks wait (few: only concurrent writes make them) until the
// stream is over and the connection free to ask for the missing nodes.
Status RelationshipsByTable(bolt::Client& client, DigestTable& table, Scan& scan) {
  std::vector<bolt::Relationship> waiting;
  std::set<int64_t> missing;
  auto run = client.Run(kRelationshipQuery, {}, [&](const bolt::Record& rec) -> Status {
    FERRY_ASSIGN_OR_RETURN(bolt::Relationship r, RelationshipFromRow(rec));
    FERRY_ASSIGN_OR_RETURN(std::optional<Digest> start, table.Get(r.start_id));
    FERRY_ASSIGN_OR_RETURN(std::optional<Digest> end, table.Get(r.end_id));
    if (start && end) return scan.AddRelationship(r, *start, *end);
    if (!start) missing.insert(r.start_id);
    if (!end) missing.insert(r.end_id);
    waiting.push_back(std::move(r));
    return Status::Ok();
  });
  if (!run.ok()) return run.status();
  if (waiting.empty()) return Status::Ok();
  FERRY_ASSIGN_OR_RETURN(auto late, LateNodeDigests(client, missing));
  for (const auto& r : waiting) {
    Digest ends[2];
    int64_t ids[2] = {r.start_id, r.end_id};
    for (int i = 0; i < 2; ++i) {
      FERRY_ASSIGN_OR_RETURN(std::optional<Digest> d, table.Get(ids[i]));
      if (!d) {
        auto it = late.find(ids[i]);
        if (it == late.end())
          return Status::Error("DB006",
                               "node " + std::to_string(ids[i]) +
                                   " of a relationship vanished during the export; "
                                   "export again while the graph is not being deleted from");
        d = it->second;
      }
      ends[i] = *d;
    }
    FERRY_RETURN_IF_ERROR(scan.AddRelationship(r, ends[0], ends[1]));
  }
  return Status::Ok();
}

}  // namespace

Result<GraphSummary> ScanGraph(bolt::Client& client, const GraphVisitor& visitor,
                               platform::Platform& os) {
  Scan scan{visitor, {}, {}, 0};
  // Without a scratch file (temp dir not writable) the scan still works,
  // only slower.
  auto created = DigestTable::Create(os, os.TempDir());
  std::unique_ptr<DigestTable> table = created.ok() ? std::move(*created) : nullptr;

  auto nodes = client.Run(kNodeQuery, {}, [&](const bolt::Record& r) -> Status {
    FERRY_ASSIGN_OR_RETURN(bolt::Node n, NodeFromRow(r));
    Digest digest = NodeDigest(n.labels, n.properties);
    scan.fingerprint.Add(digest);
    if (table) FERRY_RETURN_IF_ERROR(table->Put(n.id, digest).status());
    ++scan.summary.nodes;
    ++scan.summary.labels[LabelKey(n.labels)];
    CountKeys(n.properties, scan.summary.property_keys);
    FERRY_RETURN_IF_ERROR(visitor.on_node(n));
    scan.Tick();
    return Status::Ok();
  });
  if (!nodes.ok()) return nodes.status();

  if (table && table->usable()) {
    FERRY_RETURN_IF_ERROR(table->Seal());
    FERRY_RETURN_IF_ERROR(RelationshipsByTable(client, *table, scan));
  } else {
    table.reset();
    FERRY_RETURN_IF_ERROR(RelationshipsWithEndpoints(client, scan));
  }
  visitor.on_progress(scan.seen);
  scan.summary.fingerprint = scan.fingerprint.Hex();
  return std::move(scan.summary);
}

std::string ModernConstraintSyntax(const std::string& statement) {
  std::string out = statement;
  auto swap = [&](std::string_view from, std::string_view to) {
    if (size_t at = out.find(from); at != std::string::npos) out.replace(at, from.size(), to);
  };
  // 4.4 appends its index provider and spatial defaults ("native-btree-1.0"
  // does not exist in 5.x); the target's own defaults apply instead.
  if (size_t at = out.find(" OPTIONS {"); at != std::string::npos) out.erase(at);
  if (out.find(" REQUIRE ") != std::string::npos) return out;
  swap(" ON (", " FOR (");
  swap(") ASSERT ", ") REQUIRE ");
  return out;
}

Result<int64_t> CountNodes(bolt::Client& client) {
  int64_t count = -1;
  auto run = client.Run("MATCH (n) RETURN count(n)", {}, [&](const bolt::Record& r) -> Status {
    const int64_t* c = r.values.empty() ? nullptr : r.values[0].get_if<int64_t>();
    if (!c) return Unexpected("count(n) is not an integer");
    count = *c;
    return Status::Ok();
  });
  if (!run.ok()) return run.status();
  if (count < 0) return Unexpected("count(n) returned no row");
  return count;
}

Result<std::vector<std::string>> ReadSchema(bolt::Client& client) {
  // Neo4j 4.4 writes constraints as "ON (n:L) ASSERT ...", which 5.x no
  // longer accepts, and has no owningConstraint column (there a constraint's
  // own index is the one marked UNIQUE). Its constraints are rewritten to the
  // "FOR ... REQUIRE" form both versions accept, so schemas compare equal
  // across versions and a 4.4 export loads into 5.x.
  const bool neo4j4 = client.server_agent().rfind("Neo4j/4.", 0) == 0;
  std::vector<std::string> statements;
  auto collect = [&](const bolt::Record& r) -> Status {
    const bolt::Value* stmt = r.Get("createStatement");
    if (!stmt || !stmt->is<std::string>()) return Unexpected("SHOW without createStatement");
    statements.push_back(stmt->as<std::string>());
    return Status::Ok();
  };
  auto constraints =
      client.Run("SHOW CONSTRAINTS YIELD createStatement RETURN createStatement", {}, collect);
  if (!constraints.ok()) return constraints.status();
  if (neo4j4) {
    for (auto& statement : statements) statement = ModernConstraintSyntax(statement);
  }
  auto indexes = client.Run(
      neo4j4 ? "SHOW INDEXES YIELD type, uniqueness, createStatement "
               "WHERE type <> 'LOOKUP' AND uniqueness <> 'UNIQUE' RETURN createStatement"
             : "SHOW INDEXES YIELD type, owningConstraint, createStatement "
               "WHERE type <> 'LOOKUP' AND owningConstraint IS NULL RETURN createStatement",
      {}, collect);
  if (!indexes.ok()) return indexes.status();
  std::sort(statements.begin(), statements.end());
  return statements;
}

}  // namespace ferry::components::neo4j
