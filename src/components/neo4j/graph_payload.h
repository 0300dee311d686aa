// The logical payload, graph.jsonl.zst: a zstd frame of UTF-8 JSON lines,
// one object per line, in this order:
//
//   {"format":"ferry-neo4j-graph","version":1,"server":"Neo4j/5.26.0"}
//   {"schema":"CREATE CONSTRAINT `c` FOR (n:`Person`) REQUIRE (n.`uid`) IS UNIQUE"}   0..n
//   {"node":"<key>","labels":["Person"],"props":{...}}                                 0..n
//   {"rel":"KNOWS","start":"<key>","end":"<key>","props":{...}}                        0..n
//   {"end":{"nodes":N,"relationships":M,"fingerprint":"<hex>",...}}                    last
//
// A node's key is an opaque text only used to link the relationships inside
// this file: its numeric id on the source (payloads written before
// 2026-11-26 by Bolt 5 sources hold element ids; both load the same way). Property values use the
// typed JSON of json_values.h. Schema lines are Neo4j's own createStatement text, run after the
// data is loaded. Every node line comes before every relationship line, so a loader can link
// relationships without looking ahead. A file without the "end" line is truncated and is rejected.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "bolt/client.h"
#include "bolt/value.h"
#include "components/neo4j/graph_scan.h"
#include "stream/stream.h"

namespace ferry::components::neo4j {

inline constexpr const char* kPayloadName = "graph.jsonl.zst";

// Writes the whole graph of client as plain JSON lines into sink (the caller
// compresses) and finishes sink.
Result<GraphSummary> WriteGraph(bolt::Client& client, stream::ByteSink& sink,
                                const std::function<void(uint64_t)>& on_progress);

// The pieces of a payload, in file order.
struct GraphLines {
  std::function<Status(const std::string& statement)> on_schema = [](const std::string&) {
    return Status::Ok();
  };
  std::function<Status(std::string key, std::vector<std::string> labels, bolt::Map props)> on_node =
      [](std::string, std::vector<std::string>, bolt::Map) { return Status::Ok(); };
  std::function<Status(std::string type, std::string start, std::string end, bolt::Map props)>
      on_rel = [](std::string, std::string, std::string, bolt::Map) { return Status::Ok(); };
};

// Reads a plain (decompressed) payload, checking its header, the order of
// its lines and that the "end" line's counts match; returns the end line's
// object. Malformed or truncated: D002 naming the line number.
Result<nlohmann::json> ReadGraph(stream::ByteSource& source, const GraphLines& lines);

}  // namespace ferry::components::neo4j
