#include "components/neo4j/graph_scan.h"

#include <algorithm>

#include "components/neo4j/canonical.h"

namespace ferry::components::neo4j {
namespace {

constexpr uint64_t kProgressEvery = 1000;

Status Unexpected(const char* what) {
  return Status::Error("DB006", std::string("unexpected result: ") + what);
}

void CountKeys(const bolt::Map& properties, std::set<std::string>& keys) {
  for (const auto& [key, value] : properties.entries) keys.insert(key);
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

Result<GraphSummary> ScanGraph(bolt::Client& client, const GraphVisitor& visitor) {
  GraphSummary summary;
  Fingerprint fingerprint;
  uint64_t seen = 0;
  auto tick = [&] {
    if (++seen % kProgressEvery == 0) visitor.on_progress(seen);
  };

  auto nodes = client.Run("MATCH (n) RETURN n", {}, [&](const bolt::Record& r) -> Status {
    const bolt::Node* n = r.values.empty() ? nullptr : r.values[0].get_if<bolt::Node>();
    if (!n) return Unexpected("MATCH (n) did not return a node");
    fingerprint.Add(NodeDigest(n->labels, n->properties));
    ++summary.nodes;
    ++summary.labels[LabelKey(n->labels)];
    CountKeys(n->properties, summary.property_keys);
    FERRY_RETURN_IF_ERROR(visitor.on_node(*n));
    tick();
    return Status::Ok();
  });
  if (!nodes.ok()) return nodes.status();

  // Endpoints come with each relationship so their digests need no lookup
  // table: more bytes on the wire, but memory independent of graph size.
  auto rels =
      client.Run("MATCH (a)-[r]->(b) RETURN a, r, b", {}, [&](const bolt::Record& rec) -> Status {
        if (rec.values.size() != 3) return Unexpected("relationship row");
        const auto* a = rec.values[0].get_if<bolt::Node>();
        const auto* r = rec.values[1].get_if<bolt::Relationship>();
        const auto* b = rec.values[2].get_if<bolt::Node>();
        if (!a || !r || !b) return Unexpected("relationship row types");
        fingerprint.Add(RelationshipDigest(r->type, r->properties,
                                           NodeDigest(a->labels, a->properties),
                                           NodeDigest(b->labels, b->properties)));
        ++summary.relationships;
        ++summary.types[r->type];
        CountKeys(r->properties, summary.property_keys);
        FERRY_RETURN_IF_ERROR(visitor.on_relationship(*r));
        tick();
        return Status::Ok();
      });
  if (!rels.ok()) return rels.status();
  visitor.on_progress(seen);
  summary.fingerprint = fingerprint.Hex();
  return summary;
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
  auto indexes = client.Run(
      "SHOW INDEXES YIELD type, owningConstraint, createStatement "
      "WHERE type <> 'LOOKUP' AND owningConstraint IS NULL RETURN createStatement",
      {}, collect);
  if (!indexes.ok()) return indexes.status();
  std::sort(statements.begin(), statements.end());
  return statements;
}

}  // namespace ferry::components::neo4j
