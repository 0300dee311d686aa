#include "components/neo4j/graph_payload.h"

#include <optional>

#include "components/neo4j/json_values.h"

namespace ferry::components::neo4j {
namespace {

using nlohmann::json;

constexpr const char* kFormat = "ferry-neo4j-graph";
constexpr size_t kFlushAt = 1 << 20;

// Collects lines and writes them in ~1 MiB pieces.
class LineWriter {
 public:
  explicit LineWriter(stream::ByteSink& sink) : sink_(sink) {}
  Status Put(const json& line) {
    try {
      buffer_ += line.dump(-1, ' ', false, json::error_handler_t::strict);
    } catch (const json::exception& e) {  // a string that is not UTF-8
      return Status::Error("D002", std::string("graph payload: cannot write a value: ") + e.what());
    }
    buffer_ += '\n';
    return buffer_.size() >= kFlushAt ? Flush() : Status::Ok();
  }
  Status Flush() {
    Status s = sink_.Write(stream::AsBytes(buffer_));
    buffer_.clear();
    return s;
  }

 private:
  stream::ByteSink& sink_;
  std::string buffer_;
};

Status Bad(int64_t line, const std::string& what) {
  return Status::Error("D002", "graph payload line " + std::to_string(line) + ": " + what);
}

}  // namespace

Result<GraphSummary> WriteGraph(bolt::Client& client, stream::ByteSink& sink,
                                const std::function<void(uint64_t)>& on_progress) {
  LineWriter out(sink);
  FERRY_RETURN_IF_ERROR(
      out.Put({{"format", kFormat}, {"version", 1}, {"server", client.server_agent()}}));
  FERRY_ASSIGN_OR_RETURN(std::vector<std::string> schema, ReadSchema(client));
  for (const auto& statement : schema) FERRY_RETURN_IF_ERROR(out.Put({{"schema", statement}}));

  GraphVisitor visitor;
  visitor.on_node = [&](const bolt::Node& n) -> Status {
    FERRY_ASSIGN_OR_RETURN(json props, MapToJson(n.properties));
    return out.Put({{"node", NodeKey(n)}, {"labels", n.labels}, {"props", std::move(props)}});
  };
  visitor.on_relationship = [&](const bolt::Relationship& r) -> Status {
    FERRY_ASSIGN_OR_RETURN(json props, MapToJson(r.properties));
    return out.Put(
        {{"rel", r.type}, {"start", StartKey(r)}, {"end", EndKey(r)}, {"props", std::move(props)}});
  };
  visitor.on_progress = on_progress;
  FERRY_ASSIGN_OR_RETURN(GraphSummary summary, ScanGraph(client, visitor));
  FERRY_RETURN_IF_ERROR(out.Put({{"end", summary.ToJson()}}));
  FERRY_RETURN_IF_ERROR(out.Flush());
  FERRY_RETURN_IF_ERROR(sink.Finish());
  return summary;
}

// One node or relationship with its properties; beyond this the payload is damaged.
constexpr size_t kMaxLineBytes = size_t{256} << 20;

Result<json> ReadGraph(stream::ByteSource& source, const GraphLines& lines) {
  std::string buffer(stream::kBufferSize, '\0');
  std::string pending;
  int64_t line_no = 0, nodes = 0, rels = 0;
  bool header = false;
  std::optional<json> end;

  auto handle = [&](const std::string& text) -> Status {
    ++line_no;
    if (end) return Bad(line_no, "data after the end line");
    json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) return Bad(line_no, "not a JSON object");
    // The payload comes from the medium: a wrong type anywhere, the header
    // included, is a bad line, never an exception out of here.
    try {
      if (!header) {
        if (j.value("format", "") != kFormat || j.value("version", 0) != 1)
          return Bad(line_no, "not a ferry neo4j graph payload (version 1)");
        header = true;
        return Status::Ok();
      }
      if (j.contains("node")) {
        if (rels > 0) return Bad(line_no, "node after relationships");
        ++nodes;
        auto props = MapFromJson(j.at("props"));
        if (!props.ok()) return Bad(line_no, props.status().message());
        return lines.on_node(j.at("node").get<std::string>(),
                             j.at("labels").get<std::vector<std::string>>(), std::move(*props));
      }
      if (j.contains("rel")) {
        ++rels;
        auto props = MapFromJson(j.at("props"));
        if (!props.ok()) return Bad(line_no, props.status().message());
        return lines.on_rel(j.at("rel").get<std::string>(), j.at("start").get<std::string>(),
                            j.at("end").get<std::string>(), std::move(*props));
      }
      if (j.contains("schema")) {
        if (nodes > 0 || rels > 0) return Bad(line_no, "schema after data");
        return lines.on_schema(j.at("schema").get<std::string>());
      }
      if (j.contains("end")) {
        end = j.at("end");
        if (end->value("nodes", int64_t{-1}) != nodes ||
            end->value("relationships", int64_t{-1}) != rels)
          return Bad(line_no, "end line counts do not match the lines before it");
        return Status::Ok();
      }
    } catch (const json::exception& e) {
      return Bad(line_no, e.what());
    }
    return Bad(line_no, "unknown line");
  };

  while (true) {
    FERRY_ASSIGN_OR_RETURN(
        size_t n, source.Read(std::as_writable_bytes(std::span(buffer.data(), buffer.size()))));
    if (n == 0) break;
    pending.append(buffer.data(), n);
    size_t start = 0;
    for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
      FERRY_RETURN_IF_ERROR(handle(pending.substr(start, nl - start)));
    }
    pending.erase(0, start);
    if (pending.size() > kMaxLineBytes) return Bad(line_no + 1, "a line longer than 256 MiB");
  }
  if (!pending.empty()) return Bad(line_no + 1, "truncated line at the end");
  if (!end) return Bad(line_no, "no end line: the payload is truncated");
  return *end;
}

}  // namespace ferry::components::neo4j
