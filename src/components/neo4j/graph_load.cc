#include "components/neo4j/graph_load.h"

#include <map>

#include "components/neo4j/graph_payload.h"

namespace ferry::components::neo4j {
namespace {

struct Batch {
  std::string query;
  bolt::List rows;
};

Status RunBatch(bolt::Client& client, Batch& batch, int64_t* created) {
  if (batch.rows.empty()) return Status::Ok();
  int64_t expected = static_cast<int64_t>(batch.rows.size());
  bolt::Map params;
  params.Set("rows", bolt::Value(std::move(batch.rows)));
  batch.rows = {};
  int64_t count = -1;
  auto run = client.Run(batch.query, params, [&](const bolt::Record& r) -> Status {
    if (!r.values.empty() && r.values[0].is<int64_t>()) count = r.values[0].as<int64_t>();
    return Status::Ok();
  });
  if (!run.ok()) return run.status();
  if (count != expected)
    return Status::Error(
        "D002", "a batch created " + std::to_string(count) + " of " + std::to_string(expected) +
                    " entities (a relationship endpoint is missing from the payload?)");
  *created += count;
  return Status::Ok();
}

// Repeats a batched write query until it reports 0 rows touched.
Status Drain(bolt::Client& client, const std::string& query, int64_t batch_size) {
  bolt::Map params;
  params.Set("limit", bolt::Value(batch_size));
  while (true) {
    int64_t touched = 0;
    auto run = client.Run(query, params, [&](const bolt::Record& r) -> Status {
      if (!r.values.empty() && r.values[0].is<int64_t>()) touched = r.values[0].as<int64_t>();
      return Status::Ok();
    });
    if (!run.ok()) return run.status();
    if (touched == 0) return Status::Ok();
  }
}

Status RunAll(bolt::Client& client, const std::vector<std::string>& statements) {
  for (const auto& s : statements) FERRY_RETURN_IF_ERROR(client.Run(s).status());
  return Status::Ok();
}

}  // namespace

std::string QuoteName(const std::string& name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out += '`';
    out += c;
  }
  return out + "`";
}

Result<LoadStats> LoadGraph(bolt::Client& client, stream::ByteSource& source,
                            const LoadOptions& options) {
  const std::string temp = QuoteName(kTempLabel), key = QuoteName(kTempKey);
  FERRY_RETURN_IF_ERROR(client
                            .Run("CREATE INDEX __ferry_restore_key IF NOT EXISTS FOR (n:" + temp +
                                 ") ON (n." + key + ")")
                            .status());
  FERRY_RETURN_IF_ERROR(client.Run("CALL db.awaitIndexes(300)").status());

  LoadStats stats;
  std::vector<std::string> schema;
  std::map<std::string, Batch> node_batches, rel_batches;  // by label combination / type
  bool nodes_done = false;
  auto progress = [&] {
    options.on_progress(static_cast<uint64_t>(stats.nodes + stats.relationships));
  };
  auto flush_nodes = [&]() -> Status {
    for (auto& [labels, batch] : node_batches)
      FERRY_RETURN_IF_ERROR(RunBatch(client, batch, &stats.nodes));
    nodes_done = true;
    progress();
    return Status::Ok();
  };

  GraphLines lines;
  lines.on_schema = [&](const std::string& statement) {
    schema.push_back(statement);
    return Status::Ok();
  };
  lines.on_node = [&](std::string node_key, std::vector<std::string> labels,
                      bolt::Map props) -> Status {
    std::string combo = LabelKey(labels);
    Batch& batch = node_batches[combo];
    if (batch.query.empty()) {
      std::string label_text = ":" + temp;
      for (const auto& l : labels) label_text += ":" + QuoteName(l);
      batch.query = "UNWIND $rows AS row CREATE (n" + label_text + " {" + key +
                    ": row.k}) SET n += row.p " + "RETURN count(n)";
    }
    bolt::Map row;
    row.Set("k", bolt::Value(std::move(node_key)));
    row.Set("p", bolt::Value(std::move(props)));
    batch.rows.push_back(bolt::Value(std::move(row)));
    if (static_cast<int64_t>(batch.rows.size()) < options.batch_size) return Status::Ok();
    FERRY_RETURN_IF_ERROR(RunBatch(client, batch, &stats.nodes));
    progress();
    return Status::Ok();
  };
  lines.on_rel = [&](std::string type, std::string start, std::string end,
                     bolt::Map props) -> Status {
    if (!nodes_done) FERRY_RETURN_IF_ERROR(flush_nodes());
    Batch& batch = rel_batches[type];
    if (batch.query.empty()) {
      batch.query = "UNWIND $rows AS row MATCH (a:" + temp + " {" + key +
                    ": row.s}) MATCH (b:" + temp + " {" + key +
                    ": row.e}) CREATE (a)-[r:" + QuoteName(type) +
                    "]->(b) SET r += row.p RETURN count(r)";
    }
    bolt::Map row;
    row.Set("s", bolt::Value(std::move(start)));
    row.Set("e", bolt::Value(std::move(end)));
    row.Set("p", bolt::Value(std::move(props)));
    batch.rows.push_back(bolt::Value(std::move(row)));
    if (static_cast<int64_t>(batch.rows.size()) < options.batch_size) return Status::Ok();
    FERRY_RETURN_IF_ERROR(RunBatch(client, batch, &stats.relationships));
    progress();
    return Status::Ok();
  };
  FERRY_RETURN_IF_ERROR(ReadGraph(source, lines).status());
  if (!nodes_done) FERRY_RETURN_IF_ERROR(flush_nodes());
  for (auto& [type, batch] : rel_batches)
    FERRY_RETURN_IF_ERROR(RunBatch(client, batch, &stats.relationships));
  progress();

  FERRY_RETURN_IF_ERROR(Drain(client,
                              "MATCH (n:" + temp + ") WITH n LIMIT $limit REMOVE n:" + temp +
                                  ", n." + key + " RETURN count(n)",
                              options.batch_size));
  FERRY_RETURN_IF_ERROR(client.Run("DROP INDEX __ferry_restore_key IF EXISTS").status());
  FERRY_RETURN_IF_ERROR(RunAll(client, schema));
  FERRY_RETURN_IF_ERROR(client.Run("CALL db.awaitIndexes(600)").status());
  return stats;
}

Status WipeGraph(bolt::Client& client, int64_t batch_size) {
  FERRY_RETURN_IF_ERROR(
      Drain(client, "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*)", batch_size));
  std::vector<std::string> drops;
  auto collect = [&](const char* kind) {
    return [&drops, kind](const bolt::Record& r) -> Status {
      const bolt::Value* name = r.Get("name");
      if (name && name->is<std::string>())
        drops.push_back(std::string("DROP ") + kind + " " + QuoteName(name->as<std::string>()));
      return Status::Ok();
    };
  };
  FERRY_RETURN_IF_ERROR(
      client.Run("SHOW CONSTRAINTS YIELD name RETURN name", {}, collect("CONSTRAINT")).status());
  FERRY_RETURN_IF_ERROR(RunAll(client, drops));
  drops.clear();
  FERRY_RETURN_IF_ERROR(client
                            .Run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name",
                                 {}, collect("INDEX"))
                            .status());
  return RunAll(client, drops);
}

}  // namespace ferry::components::neo4j
