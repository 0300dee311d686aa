// The optional `neo4j-admin database import full` payloads of a logical
// export (stack option import_csv = true): plain CSV files an offline bulk
// import reads straight from the medium, plus csv-import.txt with the exact
// command line and csv-schema.cypher with the indexes and constraints to
// create after the first start. Format in docs/medium-format.md.
//
// Two passes over the graph, both streaming: the first learns, per label set
// and per relationship type, the property keys and their types (memory
// bounded by the schema, not the data); the second writes one file per label
// set and per type with a fixed typed header. The graph.jsonl.zst payload
// stays the one ferry restores from; these files are for the user's own
// neo4j-admin.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bolt/client.h"
#include "components/component.h"
#include "components/neo4j/csv_text.h"

namespace ferry::components::neo4j {

inline constexpr const char* kCsvReadme = "csv-import.txt";
inline constexpr const char* kCsvSchema = "csv-schema.cypher";

struct CsvImportOptions {
  std::string database = "neo4j";   // the name in the command line
  std::vector<std::string> schema;  // ReadSchema's statements
  ZoneOffsetFn zone_offset;         // see ServerZoneOffsets
  std::function<void(uint64_t)> on_progress = [](uint64_t) {};
};

// Writes the CSV payloads through out. Returns the facts:
//   {"files": [...], "command": [argv...], "array_delimiter": ";",
//    "multiline": false, "string_fallback": ["Person.age", ...],
//    "empty_lists": ["Special.empty", ...]}
// string_fallback names columns whose values had several types (written as
// text, csv_text.h); empty_lists names properties that held [] or [""]
// somewhere: both are an empty field, which neo4j-admin import reads as no
// value, so those are missing after the import (the only loss of a graph
// whose columns each have one type).
// D002 when a label, type or key cannot be written in a header, or the graph
// changed shape between the two passes (written to while exporting).
Result<nlohmann::json> WriteImportCsv(bolt::Client& client, PayloadWriter& out,
                                      const CsvImportOptions& options);

// Asks the server for a zone's offset at an instant (`datetime({epochSeconds,
// timezone}).offsetSeconds`), so the CSV uses the same time zone rules as
// Neo4j. Cached per zone and minute (zone transitions fall on whole
// minutes). client must be a connection of its own: the scan's stays busy.
ZoneOffsetFn ServerZoneOffsets(bolt::Client& client);

// The command line as text for a POSIX shell (arguments quoted as needed).
std::string ShellJoin(const std::vector<std::string>& argv);

}  // namespace ferry::components::neo4j
