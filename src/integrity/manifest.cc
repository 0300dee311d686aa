#include "integrity/manifest.h"

#include <algorithm>
#include <map>

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
    if (end == std::string_view::npos) return Damaged("text manifest does not end with a newline (truncated)");
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    bool escaped = !line.empty() && line.front() == '\\';
    if (escaped) line.remove_prefix(1);
    if (line.size() < 66 || !IsHex64(line.substr(0, 64)) || line[64] != ' ' ||
        (line[65] != ' ' && line[65] != '*')) {
      return Damaged("text manifest line " + std::to_string(line_no) + " is not '<sha256>  <name>'");
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
        if (++i == name.size()) return Damaged("bad escape on text manifest line " + std::to_string(line_no));
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

Result<Manifest> ParseManifestJson(std::string_view json, std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Damaged("JSON manifest cannot be parsed");
  if (j.value("format", "") != "ferry-manifest") return Damaged("JSON manifest is not a ferry manifest");
  std::string self = j.value("self_sha256", "");
  j["self_sha256"] = "";
  if (stream::Sha256Hex(j.dump(2)) != self) return Damaged("JSON manifest was edited (its self digest differs)");
  // Unsafe names are refused first: M003 says more than "edited" (M002).
  FERRY_ASSIGN_OR_RETURN(std::vector<TextEntry> lines, ParseManifestText(text));
  if (j.value("text_manifest_sha256", "") != stream::Sha256Hex(text)) {
    return Damaged("MIGRATION_MANIFEST.txt was edited or replaced (its digest differs from the JSON manifest)");
  }
  Manifest m;
  m.tool_version = j.value("tool_version", "");
  m.source_host = j.value("source_host", "");
  m.created_utc = j.value("created_utc", "");
  m.stack_name = j.value("stack_name", "");
  m.components = j.value("components", nlohmann::json::object());
  if (!j.contains("payloads") || !j["payloads"].is_array()) return Damaged("JSON manifest lacks payloads");
  for (const nlohmann::json& p : j["payloads"]) {
    ManifestEntry e;
    e.path = p.value("path", "");
    e.sha256 = p.value("sha256", "");
    e.size = p.value("size", uint64_t{0});
    e.component = p.value("component", "");
    e.verified = p.value("verified_from_device", false);
    FERRY_RETURN_IF_ERROR(CheckSafeRelativePath(e.path));
    m.entries.push_back(std::move(e));
  }
  std::map<std::string, std::string> from_text;
  for (const TextEntry& t : lines) from_text[t.path] = t.sha256;
  if (from_text.size() != m.entries.size()) return Damaged("text and JSON manifests list different payloads");
  for (const ManifestEntry& e : m.entries) {
    auto it = from_text.find(e.path);
    if (it == from_text.end() || it->second != e.sha256) {
      return Damaged("text and JSON manifests disagree about " + e.path);
    }
  }
  return m;
}

}  // namespace ferry::integrity
