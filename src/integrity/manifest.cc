#include "integrity/manifest.h"

#include <algorithm>
#include <map>

#include "integrity/json_schema.h"
#include "stream/sha256.h"

namespace ferry::integrity {
namespace {

bool NeedsEscape(std::string_view name) {
  return name.find_first_of("\\\n\r") != std::string_view::npos;
}

bool IsHex64(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

Status Damaged(const std::string& what) { return Status::Error("M002", what); }

}  // namespace

Status CheckSafeRelativePath(std::string_view path) {
  auto unsafe = [&](const std::string& why) {
    return Status::Error("M003", "unsafe path '" + std::string(path) + "': " + why);
  };
  if (path.empty()) return unsafe("empty");
  if (path.front() == '/') return unsafe("absolute");
  if (path.find('\0') != std::string_view::npos) return unsafe("NUL byte");
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part.empty()) return unsafe("empty component");
    if (part == "..") return unsafe("'..' component");
    if (part == ".") return unsafe("'.' component");
    start = end + 1;
  }
  return Status::Ok();
}

std::string FormatTextLine(std::string_view sha256_hex, std::string_view name) {
  std::string line;
  if (NeedsEscape(name)) line.push_back('\\');
  line.append(sha256_hex);
  line.append("  ");
  for (char c : name) {
    if (c == '\\') {
      line.append("\\\\");
    } else if (c == '\n') {
      line.append("\\n");
    } else if (c == '\r') {
      line.append("\\r");
    } else {
      line.push_back(c);
    }
  }
  line.push_back('\n');
  return line;
}

std::string FormatManifestText(const std::vector<ManifestEntry>& entries) {
  std::string text;
  for (const ManifestEntry& e : entries) text += FormatTextLine(e.sha256, e.path);
  return text;
}

Result<std::vector<TextEntry>> ParseManifestText(std::string_view text) {
  std::vector<TextEntry> out;
  size_t pos = 0;
  int line_no = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos)
      return Damaged("text manifest does not end with a newline (truncated)");
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.size() > kMaxTextLine) {
      return Damaged("text manifest line " + std::to_string(line_no) + " is longer than " +
                     std::to_string(kMaxTextLine) + " bytes");
    }
    if (out.size() >= kMaxManifestEntries) {
      return Damaged("text manifest has more than " + std::to_string(kMaxManifestEntries) +
                     " lines");
    }
    bool escaped = !line.empty() && line.front() == '\\';
    if (escaped) line.remove_prefix(1);
    if (line.size() < 66 || !IsHex64(line.substr(0, 64)) || line[64] != ' ' ||
        (line[65] != ' ' && line[65] != '*')) {
      return Damaged("text manifest line " + std::to_string(line_no) +
                     " is not '<sha256>  <name>'");
    }
    TextEntry entry;
    entry.sha256 = std::string(line.substr(0, 64));
    std::string_view name = line.substr(66);
    if (escaped) {
      for (size_t i = 0; i < name.size(); ++i) {
        if (name[i] != '\\') {
          entry.path.push_back(name[i]);
          continue;
        }
        if (++i == name.size())
          return Damaged("bad escape on text manifest line " + std::to_string(line_no));
        char c = name[i];
        if (c == '\\') {
          entry.path.push_back('\\');
        } else if (c == 'n') {
          entry.path.push_back('\n');
        } else if (c == 'r') {
          entry.path.push_back('\r');
        } else {
          return Damaged("bad escape on text manifest line " + std::to_string(line_no));
        }
      }
    } else {
      entry.path = std::string(name);
    }
    FERRY_RETURN_IF_ERROR(CheckSafeRelativePath(entry.path));
    out.push_back(std::move(entry));
  }
  return out;
}

namespace {

nlohmann::json EntriesJson(const std::vector<ManifestEntry>& entries) {
  nlohmann::json out = nlohmann::json::array();
  for (const ManifestEntry& e : entries) {
    out.push_back({{"path", e.path},
                   {"sha256", e.sha256},
                   {"size", e.size},
                   {"component", e.component},
                   {"verified_from_device", e.verified}});
  }
  return out;
}

}  // namespace

std::string FormatManifestJson(const Manifest& m, std::string_view text) {
  nlohmann::json j = {
      {"format", "ferry-manifest"},
      {"format_version", kFormatVersion},
      {"tool_version", m.tool_version},
      {"source_host", m.source_host},
      {"created_utc", m.created_utc},
      {"stack_name", m.stack_name},
      {"text_manifest_sha256", stream::Sha256Hex(text)},
      {"payloads", EntriesJson(m.entries)},
      {"components", m.components},
      {"self_sha256", ""},
  };
  // The self digest covers the document with this field empty.
  j["self_sha256"] = stream::Sha256Hex(j.dump(2));
  return j.dump(2) + "\n";
}

namespace {

constexpr std::string_view kJsonWhat = "MIGRATION_MANIFEST.json";

// Reads the typed fields of the JSON manifest; every wrong type, missing key
// or out-of-range value is M002 naming the field's JSON path.
Status ReadManifestFields(const nlohmann::json& j, Manifest& m) {
  JsonFields root(j, "", "M002", std::string(kJsonWhat));
  FERRY_ASSIGN_OR_RETURN(m.tool_version, root.String("tool_version"));
  FERRY_ASSIGN_OR_RETURN(m.source_host, root.String("source_host"));
  FERRY_ASSIGN_OR_RETURN(m.created_utc, root.String("created_utc"));
  FERRY_ASSIGN_OR_RETURN(m.stack_name, root.String("stack_name"));
  FERRY_ASSIGN_OR_RETURN(std::string text_digest, root.Sha256("text_manifest_sha256"));
  (void)text_digest;
  FERRY_ASSIGN_OR_RETURN(std::string self_digest, root.Sha256("self_sha256"));
  (void)self_digest;
  FERRY_ASSIGN_OR_RETURN(const nlohmann::json* payloads, root.Array("payloads"));
  if (payloads->size() > kMaxManifestEntries) {
    return root.Error("payloads", "more than " + std::to_string(kMaxManifestEntries) + " entries");
  }
  for (size_t i = 0; i < payloads->size(); ++i) {
    JsonFields p((*payloads)[i], "payloads[" + std::to_string(i) + "]", "M002",
                 std::string(kJsonWhat));
    ManifestEntry e;
    FERRY_ASSIGN_OR_RETURN(e.path, p.String("path"));
    FERRY_ASSIGN_OR_RETURN(e.sha256, p.Sha256("sha256"));
    FERRY_ASSIGN_OR_RETURN(e.size, p.Unsigned("size", kMaxPayloadSize));
    FERRY_ASSIGN_OR_RETURN(e.component, p.String("component"));
    FERRY_ASSIGN_OR_RETURN(e.verified, p.Bool("verified_from_device"));
    Status safe = CheckSafeRelativePath(e.path);
    if (!safe.ok())
      return Status::Error(safe.catalog_code(), p.PathOf("path") + ": " + safe.message());
    m.entries.push_back(std::move(e));
  }
  FERRY_ASSIGN_OR_RETURN(const nlohmann::json* components, root.Object("components"));
  for (const auto& [name, c] : components->items()) {
    JsonFields f(c, "components." + name, "M002", std::string(kJsonWhat));
    FERRY_RETURN_IF_ERROR(f.String("kind").status());
    if (f.Has("path")) FERRY_RETURN_IF_ERROR(f.String("path").status());
    if (!f.Has("facts")) return f.Error("facts", "required but missing");
  }
  m.components = *components;
  return Status::Ok();
}

}  // namespace

Result<Manifest> ParseManifestJson(std::string_view json, std::string_view text) {
  FERRY_ASSIGN_OR_RETURN(nlohmann::json j, ParseJsonLimited(json, "M002", kJsonWhat));
  JsonFields root(j, "", "M002", std::string(kJsonWhat));
  FERRY_ASSIGN_OR_RETURN(std::string format, root.String("format"));
  if (format != "ferry-manifest")
    return Damaged("JSON manifest is not a ferry manifest (format '" + format + "')");
  // The version decides how the rest reads, so it is checked before the rest.
  FERRY_ASSIGN_OR_RETURN(int64_t version, root.Integer("format_version"));
  if (version != kFormatVersion) {
    return Status::Error("M009",
                         std::string(kJsonWhat) + " has format_version " + std::to_string(version) +
                             "; this ferry reads format_version " + std::to_string(kFormatVersion));
  }
  Manifest m;
  FERRY_RETURN_IF_ERROR(ReadManifestFields(j, m));
  std::string self = j["self_sha256"].get<std::string>();
  j["self_sha256"] = "";
  if (stream::Sha256Hex(j.dump(2)) != self)
    return Damaged("JSON manifest was edited (its self digest differs)");
  // Unsafe names are refused first: M003 says more than "edited" (M002).
  FERRY_ASSIGN_OR_RETURN(std::vector<TextEntry> lines, ParseManifestText(text));
  if (j["text_manifest_sha256"].get<std::string>() != stream::Sha256Hex(text)) {
    return Damaged(
        "MIGRATION_MANIFEST.txt was edited or replaced (its digest differs from the JSON "
        "manifest)");
  }
  std::map<std::string, std::string> from_text;
  for (const TextEntry& t : lines) from_text[t.path] = t.sha256;
  if (from_text.size() != m.entries.size())
    return Damaged("text and JSON manifests list different payloads");
  for (const ManifestEntry& e : m.entries) {
    auto it = from_text.find(e.path);
    if (it == from_text.end() || it->second != e.sha256) {
      return Damaged("text and JSON manifests disagree about " + e.path);
    }
  }
  return m;
}

}  // namespace ferry::integrity
