#include "stack/stack_file.h"

#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "stack/keys.h"
#include "stack/toml.h"
#include "stack/toml_precheck.h"
#include "stream/file_stream.h"

namespace ferry::stack {
namespace {

nlohmann::json ToJson(const toml::node& node) {
  if (auto* t = node.as_table()) {
    nlohmann::json out = nlohmann::json::object();
    for (auto&& [k, v] : *t) out[std::string(k.str())] = ToJson(v);
    return out;
  }
  if (auto* a = node.as_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (auto&& v : *a) out.push_back(ToJson(v));
    return out;
  }
  if (auto* s = node.as_string()) return s->get();
  if (auto* i = node.as_integer()) return i->get();
  if (auto* f = node.as_floating_point()) return f->get();
  if (auto* b = node.as_boolean()) return b->get();
  std::ostringstream text;  // dates and times keep their TOML spelling
  node.visit([&](auto&& value) {
    if constexpr (toml::is_date<decltype(value)> || toml::is_time<decltype(value)> ||
                  toml::is_date_time<decltype(value)>) {
      text << value;
    }
  });
  return text.str();
}

Status Invalid(const fs::path& file, const std::string& what) {
  return Status::Error("S001", file.string() + ": " + what);
}

Result<std::vector<std::string>> StringList(const nlohmann::json& table, const char* key,
                                            const fs::path& file) {
  std::vector<std::string> out;
  if (!table.contains(key)) return out;
  const nlohmann::json& v = table[key];
  if (!v.is_array()) return Invalid(file, std::string(key) + " must be a list of strings");
  for (const auto& item : v) {
    if (!item.is_string()) return Invalid(file, std::string(key) + " must be a list of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

Result<EngineNeeds> ParseNeeds(const nlohmann::json& table, const std::string& where,
                               const fs::path& file) {
  EngineNeeds needs;
  FERRY_ASSIGN_OR_RETURN(needs.volumes, StringList(table, "volumes", file));
  FERRY_ASSIGN_OR_RETURN(needs.networks, StringList(table, "networks", file));
  if (!table.contains("ports")) return needs;
  const nlohmann::json& ports = table["ports"];
  if (!ports.is_array()) return Invalid(file, where + ": ports must be a list of port numbers");
  for (const auto& p : ports) {
    if (!p.is_number_integer() || p.get<int64_t>() < 1 || p.get<int64_t>() > 65535) {
      return Invalid(file, where + ": ports must be a list of port numbers 1..65535");
    }
    needs.ports.push_back(static_cast<uint16_t>(p.get<int64_t>()));
  }
  return needs;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// What the medium's top level holds beside the component folders
// (integrity/manifest.h, medium/medium.h); compared without case, since
// macOS and Windows file systems ignore it.
constexpr std::string_view kReservedNames[] = {"ferry.toml", "migration_manifest.txt",
                                               "migration_manifest.json", ".ferry.lock"};
constexpr size_t kMaxNameBytes = 100;

Status CheckComponentName(const fs::path& file, const std::string& name) {
  auto bad = [&](const std::string& why) {
    return Invalid(file, "component name '" + name + "' " + why);
  };
  if (name.empty()) return Invalid(file, "a component has an empty name");
  if (name.size() > kMaxNameBytes)
    return bad("is longer than " + std::to_string(kMaxNameBytes) + " bytes");
  for (unsigned char c : name) {
    if (c == '/' || c == '\\') return bad("must be a plain folder name (no / or \\)");
    if (c < 0x20 || c == 0x7f) return bad("holds a control character");
  }
  if (name[0] == '.') return bad("must not start with '.' (., .. and hidden names are refused)");
  const std::string lower = Lower(name);
  for (std::string_view reserved : kReservedNames) {
    if (lower == reserved)
      return bad("is reserved: the medium keeps its own " + std::string(reserved) + " there");
  }
  if (lower.ends_with(".part"))
    return bad("must not end in .part, the suffix of a payload being written");
  return Status::Ok();
}

// "scheme://user:secret@host/..." holds a password.
bool HasUrlPassword(const std::string& value) {
  size_t scheme = value.find("://");
  if (scheme == std::string::npos) return false;
  size_t start = scheme + 3;
  size_t end = value.find_first_of("/?#", start);
  std::string authority =
      value.substr(start, end == std::string::npos ? std::string::npos : end - start);
  size_t at = authority.rfind('@');
  return at != std::string::npos && authority.substr(0, at).find(':') != std::string::npos;
}

// Secrets never go in the stack file: it travels on the medium.
Status RefuseSecrets(const nlohmann::json& node, const std::string& where, const fs::path& file) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      std::string at = where.empty() ? key : where + "." + key;
      if (LooksLikeSecretKey(key)) {
        return Invalid(
            file,
            "'" + at +
                "' looks like a secret; secrets never go in the stack file, which travels "
                "on the medium as ferry.toml: name an environment variable with password_env or a "
                "file with password_file instead");
      }
      if (where.empty() && key == "component" && value.is_array()) {
        for (const nlohmann::json& c : value) {
          std::string name = c.is_object() && c.contains("name") && c["name"].is_string()
                                 ? "component '" + c["name"].get<std::string>() + "'"
                                 : "component";
          FERRY_RETURN_IF_ERROR(RefuseSecrets(c, name, file));
        }
        continue;
      }
      FERRY_RETURN_IF_ERROR(RefuseSecrets(value, at, file));
    }
  } else if (node.is_array()) {
    for (size_t i = 0; i < node.size(); ++i) {
      FERRY_RETURN_IF_ERROR(RefuseSecrets(node[i], where + "[" + std::to_string(i) + "]", file));
    }
  } else if (node.is_string() && HasUrlPassword(node.get<std::string>())) {
    return Invalid(
        file,
        "'" + where +
            "' is a URL with a password in it; secrets never go in the stack file: "
            "leave the password out of the URL and name it with password_env or password_file");
  }
  return Status::Ok();
}

// The variables named by a component's *_env keys (password_env, ...).
std::set<std::string> SecretVariables(const nlohmann::json& options) {
  std::set<std::string> out;
  if (!options.is_object()) return out;
  for (const auto& [key, value] : options.items()) {
    if (IsSecretIndirection(key) && key.ends_with("env") && value.is_string() &&
        !value.get<std::string>().empty()) {
      out.insert(value.get<std::string>());
    }
  }
  return out;
}

// [target] map_owner = ["1000:501", ...]: the same pairs as --map-owner.
// One source uid mapped to two owners is ambiguous, so it is refused.
Result<OwnerMap> ParseOwnerMap(const nlohmann::json& target, const fs::path& file) {
  FERRY_ASSIGN_OR_RETURN(std::vector<std::string> pairs, StringList(target, "map_owner", file));
  OwnerMap map;
  for (const std::string& text : pairs) {
    auto pair = ParseOwnerPair(text);
    if (!pair) {
      return Invalid(file, "[target] map_owner: '" + text +
                               "' is not SOURCE_UID:TARGET_UID (e.g. \"1000:501\", "
                               "each 0.." +
                               std::to_string(kMaxUid) + ")");
    }
    for (const auto& [from, to] : map) {
      if (from == pair->first && to != pair->second) {
        return Invalid(file, "[target] map_owner maps uid " + std::to_string(from) + " twice (to " +
                                 std::to_string(to) + " and " + std::to_string(pair->second) + ")");
      }
    }
    map.push_back(*pair);
  }
  return map;
}

Result<StackFile> ParseStackFileUnguarded(const std::string& text, const fs::path& file,
                                          StackOrigin origin);

}  // namespace

// The copy on the medium is untrusted input: a value of the wrong type that
// a lookup below does not check (found by fuzz/stack_file_fuzzer: `name =
// ["x"]`) is S001, never an exception out of the parser.
Result<StackFile> ParseStackFile(const std::string& text, const fs::path& file,
                                 StackOrigin origin) {
  // What TOML never allows is refused before toml++ sees it: some of it
  // reaches undefined behaviour inside toml++ 3.3 (stack/toml_precheck.h).
  if (auto why = TomlNeverAllows(text)) return Invalid(file, *why);
  try {
    return ParseStackFileUnguarded(text, file, origin);
  } catch (const nlohmann::json::exception& e) {
    return Invalid(file, std::string("a key has a value of the wrong type: ") + e.what());
  }
}

bool IsConfinedPath(const std::string& path) {
  fs::path p(path);
  if (p.is_absolute() || p.has_root_name() || p.has_root_directory()) return false;
  for (const fs::path& part : p) {
    if (part == "..") return false;
  }
  return true;
}

namespace {

Result<StackFile> ParseStackFileUnguarded(const std::string& text, const fs::path& file,
                                          StackOrigin origin) {
  toml::table doc;
  try {
    doc = toml::parse(text, file.string());
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << "line " << e.source().begin.line << ": " << e.description();
    return Invalid(file, msg.str());
  }
  nlohmann::json root = ToJson(doc);
  FERRY_RETURN_IF_ERROR(RefuseSecrets(root, "", file));
  StackFile stack;
  stack.file = file;
  stack.dir = file.parent_path();
  stack.text = text;
  stack.origin = origin;
  for (const auto& [key, value] : root.items()) stack.top_level_keys.push_back(key);
  const nlohmann::json& head = root.value("stack", nlohmann::json::object());
  if (!head.is_object()) return Invalid(file, "[stack] must be a table");
  stack.head = head;
  if (head.contains("name") && !head["name"].is_string())
    return Invalid(file, "[stack] name must be a string");
  stack.name = head.value("name", file.stem().string());
  if (head.contains("zstd_level")) {
    if (!head["zstd_level"].is_number_integer())
      return Invalid(file, "zstd_level must be an integer");
    const int64_t level = head["zstd_level"].get<int64_t>();
    if (level < 1 || level > 19) return Invalid(file, "zstd_level must be 1..19");
    stack.zstd_level = static_cast<int>(level);
  }
  if (head.contains("threads")) {
    if (!head["threads"].is_number_integer() || head["threads"].get<int64_t>() < 0 ||
        head["threads"].get<int64_t>() > 256) {
      return Invalid(file, "[stack] threads must be an integer 0..256 (0: one per core)");
    }
    stack.threads = head["threads"].get<int>();
  }
  FERRY_ASSIGN_OR_RETURN(stack.containers, StringList(head, "containers", file));
  FERRY_ASSIGN_OR_RETURN(stack.needs, ParseNeeds(head, "[stack]", file));
  if (root.contains("target")) {
    if (!root["target"].is_object()) return Invalid(file, "[target] must be a table");
    stack.target = root["target"];
    FERRY_ASSIGN_OR_RETURN(stack.owner_map, ParseOwnerMap(stack.target, file));
  }

  if (!root.contains("component")) return Invalid(file, "no [[component]] entries");
  if (!root["component"].is_array())
    return Invalid(file, "component must be an array of tables ([[component]])");
  std::map<std::string, std::string> names;  // lower case -> as written
  for (const nlohmann::json& c : root["component"]) {
    ComponentSpec spec;
    if (!c.is_object())
      return Invalid(file, "component must be an array of tables ([[component]])");
    if (!c.contains("name") || !c["name"].is_string())
      return Invalid(file, "a component lacks a name");
    spec.name = c["name"].get<std::string>();
    FERRY_RETURN_IF_ERROR(CheckComponentName(file, spec.name));
    auto [seen, fresh] = names.emplace(Lower(spec.name), spec.name);
    if (!fresh) {
      return Invalid(file,
                     seen->second == spec.name
                         ? "component name '" + spec.name + "' is used twice"
                         : "component names '" + seen->second + "' and '" + spec.name +
                               "' differ only in case: they are one folder on macOS and Windows");
    }
    if (!c.contains("kind") || !c["kind"].is_string()) {
      return Invalid(file, "component '" + spec.name + "' lacks a kind");
    }
    spec.kind = c["kind"].get<std::string>();
    if (c.contains("path") && !c["path"].is_string())
      return Invalid(file, "component '" + spec.name + "': path must be a string");
    if (c.contains("container") && !c["container"].is_string()) {
      return Invalid(file, "component '" + spec.name + "': container must be a string");
    }
    spec.path = c.value("path", "");
    if (spec.path.find('\0') != std::string::npos)
      return Invalid(file, "component '" + spec.name + "': path holds a NUL");
    spec.container = c.value("container", "");
    FERRY_ASSIGN_OR_RETURN(spec.include, StringList(c, "include", file));
    FERRY_ASSIGN_OR_RETURN(spec.exclude, StringList(c, "exclude", file));
    FERRY_ASSIGN_OR_RETURN(spec.needs, ParseNeeds(c, "component '" + spec.name + "'", file));
    spec.options = c;
    stack.components.push_back(std::move(spec));
  }
  for (ComponentSpec& spec : stack.components) {
    const std::set<std::string> own = SecretVariables(spec.options);
    std::set<std::string> foreign;
    for (const ComponentSpec& other : stack.components) {
      for (const std::string& var : SecretVariables(other.options)) {
        if (!own.count(var)) foreign.insert(var);
      }
    }
    spec.foreign_secret_env.assign(foreign.begin(), foreign.end());
  }
  return stack;
}

}  // namespace

Result<StackFile> LoadStackFile(platform::Platform& os, const fs::path& file) {
  fs::path absolute = fs::absolute(file).lexically_normal();
  auto in = os.OpenRead(absolute);
  if (!in.ok())
    return Status::Error("S001", "cannot read stack file " + absolute.string(),
                         in.status().sys_errno());
  stream::FileSource source(std::move(*in));
  FERRY_ASSIGN_OR_RETURN(std::optional<std::string> text, stream::ReadAll(source, 16 << 20));
  if (!text) return Invalid(absolute, "larger than 16 MiB; not a stack file");
  return ParseStackFile(*text, absolute);
}

fs::path ResolveComponentPath(const StackFile& stack, const ComponentSpec& spec,
                              const fs::path& root) {
  fs::path p(spec.path);
  if (p.is_absolute()) return p.lexically_normal();
  return ((root.empty() ? stack.dir : fs::absolute(root)) / p).lexically_normal();
}

Result<std::string> ReadSecret(platform::Platform& os, const StackFile& stack,
                               const ComponentSpec& spec) {
  if (spec.options.contains("password_env")) {
    std::string var = spec.options.value("password_env", "");
    std::string value = os.GetEnv(var);
    if (value.empty()) {
      return Status::Error(
          "S004", "component '" + spec.name + "': environment variable " + var + " is not set");
    }
    return value;
  }
  if (spec.options.contains("password_file")) {
    fs::path file = spec.options.value("password_file", "");
    if (file.is_relative()) file = stack.dir / file;
    auto in = os.OpenRead(file);
    if (!in.ok()) {
      return Status::Error(
          "S004", "component '" + spec.name + "': cannot read password_file " + file.string(),
          in.status().sys_errno());
    }
    std::string value(4096, '\0');
    FERRY_ASSIGN_OR_RETURN(
        size_t n, (*in)->Read(std::as_writable_bytes(std::span(value.data(), value.size()))));
    value.resize(n);
    if (!value.empty() && value.back() == '\n') value.pop_back();
    if (!value.empty() && value.back() == '\r') value.pop_back();
    return value;
  }
  return std::string();
}

}  // namespace ferry::stack
