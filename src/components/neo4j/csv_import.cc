#include "components/neo4j/csv_import.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "components/neo4j/graph_scan.h"

namespace ferry::components::neo4j {
namespace {

constexpr size_t kFlushAt = 64 * 1024;  // per open file: there is one per label set and type

// Array delimiters in order of preference; the first that occurs in no
// label, type or string array element is used. U+001F (unit separator) is
// the fallback no sane text contains.
constexpr char kDelimiterChoices[] = {';', '|', '\x1f'};

// What the first pass learns about one file: the types seen per key.
struct Shape {
  std::map<std::string, std::set<std::string>> keys;
  std::set<std::string> empty_lists;  // keys holding [] or [""] somewhere
  int64_t rows = 0;
};

struct Survey {
  std::map<std::vector<std::string>, Shape> nodes;  // sorted labels -> shape
  std::map<std::string, Shape> rels;                // type -> shape
  std::set<char> delimiters{std::begin(kDelimiterChoices), std::end(kDelimiterChoices)};
  bool multiline = false;

  void SeeText(std::string_view s, bool array_element) {
    if (s.find_first_of("\r\n") != std::string_view::npos) multiline = true;
    if (!array_element) return;
    for (char c : kDelimiterChoices)
      if (s.find(c) != std::string_view::npos) delimiters.erase(c);
  }
  Status SeeProperties(const bolt::Map& props, Shape& shape, const std::string& where) {
    ++shape.rows;
    for (const auto& [key, value] : props.entries) {
      std::string type = CsvTypeOf(value);
      if (type.empty())
        return Status::Error("D002", where + " property '" + key + "' holds a " +
                                         std::string(value.TypeName()) +
                                         ", which no CSV column can hold");
      shape.keys[key].insert(type);
      // [] and [""] both become an empty field, which the importer reads as
      // no value.
      if (const auto* list = value.get_if<bolt::List>();
          list != nullptr &&
          (list->empty() || (list->size() == 1 && (*list)[0] == bolt::Value(""))))
        shape.empty_lists.insert(key);
      if (const auto* s = value.get_if<std::string>()) SeeText(*s, false);
      if (const auto* list = value.get_if<bolt::List>())
        for (const auto& e : *list)
          if (const auto* s = e.get_if<std::string>()) SeeText(*s, true);
    }
    return Status::Ok();
  }
};

// A key must survive the header's "name:type" syntax unquoted.
Status CheckKey(const std::string& key) {
  if (key.empty() || key.find_first_of(":,\"\r\n") != std::string::npos)
    return Status::Error("D002", "property key '" + key +
                                     "' cannot be written in a neo4j-admin import header "
                                     "(it holds ':', ',', a quote or a line break); rename it "
                                     "or leave import_csv off");
  return Status::Ok();
}

std::string SafeName(const std::string& text) {
  std::string s;
  for (char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-';
    s += ok ? c : '_';
    if (s.size() >= 40) break;
  }
  return s;
}

std::string FileName(const char* kind, size_t index, const std::string& what) {
  char number[16];
  std::snprintf(number, sizeof number, "%03zu", index + 1);
  return std::string("csv-") + kind + "-" + number + "-" + SafeName(what) + ".csv";
}

// One CSV file: its fixed columns and a buffered sink opened on first use.
class CsvFile {
 public:
  CsvFile(std::string name, std::string header_prefix, std::vector<std::string> keys,
          std::vector<std::string> types)
      : name_(std::move(name)),
        prefix_(std::move(header_prefix)),
        keys_(std::move(keys)),
        types_(std::move(types)) {}

  const std::string& name() const { return name_; }

  // fixed: the row's leading fields (ids, labels or type), already quoted.
  Status Row(PayloadWriter& out, const std::string& fixed, const bolt::Map& props,
             const CsvFormat& format) {
    if (sink_ == nullptr) {
      FERRY_ASSIGN_OR_RETURN(sink_, out.Open(name_));
      buffer_ = prefix_;
      for (size_t i = 0; i < keys_.size(); ++i) buffer_ += "," + keys_[i] + ":" + types_[i];
      buffer_ += '\n';
    }
    buffer_ += fixed;
    for (const auto& [key, value] : props.entries)
      if (!std::binary_search(keys_.begin(), keys_.end(), key))
        return Status::Error("D002", "property '" + key + "' appeared in " + name_ +
                                         " after the first pass: the graph changed while "
                                         "exporting; stop writes to it and export again");
    for (size_t i = 0; i < keys_.size(); ++i) {
      buffer_ += ',';
      const bolt::Value* value = props.Find(keys_[i]);
      if (value == nullptr) continue;
      FERRY_RETURN_IF_ERROR(AppendCsvField(*value, types_[i], format, buffer_));
    }
    buffer_ += '\n';
    return buffer_.size() >= kFlushAt ? Flush() : Status::Ok();
  }
  Status Flush() {
    if (sink_ == nullptr || buffer_.empty()) return Status::Ok();
    Status s = sink_->Write(stream::AsBytes(buffer_));
    buffer_.clear();
    return s;
  }

 private:
  std::string name_, prefix_;
  std::vector<std::string> keys_, types_;  // keys sorted
  stream::ByteSink* sink_ = nullptr;
  std::string buffer_;
};

// fallbacks and empty_lists collect "what.key" of the columns that lose
// something in the import (see csv_import.h).
Result<CsvFile> PlanFile(std::string name, std::string prefix, const Shape& shape,
                         const std::string& what, std::vector<std::string>& fallbacks,
                         std::vector<std::string>& empty_lists) {
  for (const auto& key : shape.empty_lists) empty_lists.push_back(what + "." + key);
  std::vector<std::string> keys, types;
  for (const auto& [key, seen] : shape.keys) {
    FERRY_RETURN_IF_ERROR(CheckKey(key));
    bool fell_back = false;
    keys.push_back(key);
    types.push_back(ResolveCsvType(seen, &fell_back));
    if (fell_back) fallbacks.push_back(what + "." + key);
  }
  return CsvFile(std::move(name), std::move(prefix), std::move(keys), std::move(types));
}

std::string JoinQuoted(const std::vector<std::string>& parts, char delimiter) {
  std::string joined;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) joined += delimiter;
    joined += parts[i];
  }
  std::string out;
  AppendQuoted(joined, out);
  return out;
}

std::string DelimiterArg(char c) { return c == '\x1f' ? "U+001F" : std::string(1, c); }

Status WriteText(PayloadWriter& out, const std::string& name, const std::string& text) {
  FERRY_ASSIGN_OR_RETURN(stream::ByteSink * sink, out.Open(name));
  return sink->Write(stream::AsBytes(text));
}

std::string Readme(const std::vector<std::string>& argv, const nlohmann::json& facts,
                   bool has_schema) {
  std::string s =
      "Import-ready CSV of this graph for neo4j-admin (Neo4j 5.x / 2025.x), written by ferry.\n"
      "ferry itself restores from graph.jsonl.zst; these files are for an offline bulk load.\n\n"
      "1. Stop Neo4j (Community edition imports into a stopped DBMS only).\n"
      "2. Run in this folder, as the user that owns the Neo4j data directory:\n\n    " +
      ShellJoin(argv) +
      "\n\n"
      "   Add --overwrite-destination=true to replace an existing database of that name.\n"
      "3. Start Neo4j. If the database is not the default one, create it first:\n"
      "   CREATE DATABASE <name> (Enterprise) or set initial.dbms.default_database.\n";
  if (has_schema)
    s += std::string("4. Create the indexes and constraints:\n    cypher-shell -f ") + kCsvSchema +
         "\n";
  s += "\nEach node file has :ID (the source element id, not stored as a property) and :LABEL;\n"
       "each relationship file :START_ID, :END_ID and :TYPE. Array elements are separated by\n"
       "the --array-delimiter above.\n";
  if (!facts["string_fallback"].empty()) {
    s += "\nThese columns held values of different types and were written as strings\n"
         "(their original types are lost in this import; graph.jsonl.zst keeps them):\n";
    for (const auto& c : facts["string_fallback"]) s += "  " + c.get<std::string>() + "\n";
  }
  if (!facts["empty_lists"].empty()) {
    s += "\nneo4j-admin import reads an empty array field as no value, so these properties\n"
         "are missing where they held an empty list ([] or [\"\"]); set them again after the\n"
         "import if"
         " they matter (graph.jsonl.zst keeps them):\n";
    for (const auto& c : facts["empty_lists"]) s += "  " + c.get<std::string>() + "\n";
  }
  return s;
}

}  // namespace

std::string ShellJoin(const std::vector<std::string>& argv) {
  std::string s;
  for (const auto& a : argv) {
    if (!s.empty()) s += ' ';
    bool plain = !a.empty() && a.find_first_not_of(
                                   "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
                                   "vwxyz0123456789_-+=./:,@%") == std::string::npos;
    if (plain) {
      s += a;
      continue;
    }
    s += '\'';
    for (char c : a) s += c == '\'' ? std::string("'\\''") : std::string(1, c);
    s += '\'';
  }
  return s;
}

Result<nlohmann::json> WriteImportCsv(bolt::Client& client, PayloadWriter& out,
                                      const CsvImportOptions& options) {
  // Pass 1: the shape of every file.
  Survey survey;
  GraphVisitor learn;
  learn.on_node = [&](const bolt::Node& n) -> Status {
    std::vector<std::string> labels = n.labels;
    std::sort(labels.begin(), labels.end());
    for (const auto& l : labels) survey.SeeText(l, true);
    return survey.SeeProperties(n.properties, survey.nodes[labels], "a node's");
  };
  learn.on_relationship = [&](const bolt::Relationship& r) -> Status {
    survey.SeeText(r.type, true);
    return survey.SeeProperties(r.properties, survey.rels[r.type], "a relationship's");
  };
  FERRY_RETURN_IF_ERROR(ScanGraph(client, learn).status());
  if (survey.delimiters.empty())
    return Status::Error("D002",
                         "every array delimiter ferry can choose (; | U+001F) occurs in a "
                         "label, type or string array element; the CSV cannot keep arrays intact");

  CsvFormat format;
  format.array_delimiter = *std::find_if(std::begin(kDelimiterChoices), std::end(kDelimiterChoices),
                                         [&](char c) { return survey.delimiters.count(c) > 0; });
  format.zone_offset = options.zone_offset;

  std::vector<std::string> fallbacks, empty_lists;
  std::map<std::vector<std::string>, CsvFile> node_files;
  std::map<std::string, CsvFile> rel_files;
  for (const auto& [labels, shape] : survey.nodes) {
    std::string what = labels.empty() ? "unlabelled" : labels.front();
    for (size_t i = 1; i < labels.size(); ++i) what += "+" + labels[i];
    FERRY_ASSIGN_OR_RETURN(CsvFile file,
                           PlanFile(FileName("nodes", node_files.size(), what), ":ID,:LABEL", shape,
                                    what, fallbacks, empty_lists));
    node_files.emplace(labels, std::move(file));
  }
  for (const auto& [type, shape] : survey.rels) {
    FERRY_ASSIGN_OR_RETURN(
        CsvFile file, PlanFile(FileName("rels", rel_files.size(), type), ":START_ID,:END_ID,:TYPE",
                               shape, type, fallbacks, empty_lists));
    rel_files.emplace(type, std::move(file));
  }

  // Pass 2: the rows.
  GraphVisitor write;
  write.on_node = [&](const bolt::Node& n) -> Status {
    std::vector<std::string> labels = n.labels;
    std::sort(labels.begin(), labels.end());
    auto it = node_files.find(labels);
    if (it == node_files.end())
      return Status::Error("D002",
                           "a node with labels not seen in the first pass: the graph "
                           "changed while exporting; stop writes to it and export again");
    std::string fixed;
    AppendQuoted(NodeKey(n), fixed);
    fixed += ',';
    fixed += JoinQuoted(n.labels, format.array_delimiter);
    return it->second.Row(out, fixed, n.properties, format);
  };
  write.on_relationship = [&](const bolt::Relationship& r) -> Status {
    auto it = rel_files.find(r.type);
    if (it == rel_files.end())
      return Status::Error("D002",
                           "a relationship type not seen in the first pass: the graph "
                           "changed while exporting; stop writes to it and export again");
    std::string fixed;
    AppendQuoted(StartKey(r), fixed);
    fixed += ',';
    AppendQuoted(EndKey(r), fixed);
    fixed += ',';
    AppendQuoted(r.type, fixed);
    return it->second.Row(out, fixed, r.properties, format);
  };
  write.on_progress = options.on_progress;
  FERRY_RETURN_IF_ERROR(ScanGraph(client, write).status());

  std::vector<std::string> argv = {"neo4j-admin",
                                   "database",
                                   "import",
                                   "full",
                                   options.database,
                                   "--id-type=string",
                                   "--array-delimiter=" + DelimiterArg(format.array_delimiter)};
  if (survey.multiline) argv.push_back("--multiline-fields=true");
  nlohmann::json files = nlohmann::json::array();
  for (auto& [labels, file] : node_files) {
    FERRY_RETURN_IF_ERROR(file.Flush());
    argv.push_back("--nodes=" + file.name());
    files.push_back(file.name());
  }
  for (auto& [type, file] : rel_files) {
    FERRY_RETURN_IF_ERROR(file.Flush());
    argv.push_back("--relationships=" + file.name());
    files.push_back(file.name());
  }
  nlohmann::json facts = {{"files", files},
                          {"command", argv},
                          {"array_delimiter", std::string(1, format.array_delimiter)},
                          {"multiline", survey.multiline},
                          {"string_fallback", fallbacks},
                          {"empty_lists", empty_lists}};
  FERRY_RETURN_IF_ERROR(WriteText(out, kCsvReadme, Readme(argv, facts, !options.schema.empty())));
  files.push_back(kCsvReadme);
  if (!options.schema.empty()) {
    std::string text;
    for (const auto& statement : options.schema) text += statement + ";\n";
    FERRY_RETURN_IF_ERROR(WriteText(out, kCsvSchema, text));
    files.push_back(kCsvSchema);
  }
  facts["files"] = files;
  return facts;
}

ZoneOffsetFn ServerZoneOffsets(bolt::Client& client) {
  auto cache = std::make_shared<std::map<std::pair<std::string, int64_t>, int64_t>>();
  return [&client, cache](const std::string& zone, int64_t utc_seconds) -> Result<int64_t> {
    int64_t minute = utc_seconds >= 0 ? utc_seconds / 60 : -((-utc_seconds + 59) / 60);
    auto key = std::make_pair(zone, minute);
    if (auto it = cache->find(key); it != cache->end()) return it->second;
    if (cache->size() > 100'000) cache->clear();  // bounded memory for any graph
    bolt::Map params;
    params.Set("s", bolt::Value(utc_seconds));
    params.Set("z", bolt::Value(zone));
    int64_t offset = 0;
    bool found = false;
    FERRY_RETURN_IF_ERROR(
        client
            .Run("RETURN datetime({epochSeconds: $s, timezone: $z}).offsetSeconds", params,
                 [&](const bolt::Record& r) {
                   if (!r.values.empty() && r.values[0].is<int64_t>()) {
                     offset = r.values[0].as<int64_t>();
                     found = true;
                   }
                   return Status::Ok();
                 })
            .status());
    if (!found) return Status::Error("D002", "the server gave no offset for zone " + zone);
    (*cache)[key] = offset;
    return offset;
  };
}

}  // namespace ferry::components::neo4j
