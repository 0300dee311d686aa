#include "stack/stack_file.h"

#include <set>
#include <sstream>

#include <toml++/toml.h>

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

Result<EngineNeeds> ParseNeeds(const nlohmann::json& table, const std::string& where, const fs::path& file) {
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

Result<StackFile> ParseStackFileUnguarded(const std::string& text, const fs::path& file);

}  // namespace

// The copy on the medium is untrusted input: a value of the wrong type that
// a lookup below does not check (found by fuzz/stack_file_fuzzer: `name =
// ["x"]`) is S001, never an exception out of the parser.
Result<StackFile> ParseStackFile(const std::string& text, const fs::path& file) {
  try {
    return ParseStackFileUnguarded(text, file);
  } catch (const nlohmann::json::exception& e) {
    return Invalid(file, std::string("a key has a value of the wrong type: ") + e.what());
  }
}

namespace {

Result<StackFile> ParseStackFileUnguarded(const std::string& text, const fs::path& file) {
  toml::table doc;
  try {
    doc = toml::parse(text, file.string());
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << "line " << e.source().begin.line << ": " << e.description();
    return Invalid(file, msg.str());
  }
  nlohmann::json root = ToJson(doc);
  StackFile stack;
  stack.file = file;
  stack.dir = file.parent_path();
  stack.text = text;
  const nlohmann::json& head = root.value("stack", nlohmann::json::object());
  if (!head.is_object()) return Invalid(file, "[stack] must be a table");
  stack.name = head.value("name", file.stem().string());
  if (head.contains("zstd_level")) {
    if (!head["zstd_level"].is_number_integer()) return Invalid(file, "zstd_level must be an integer");
    stack.zstd_level = head["zstd_level"].get<int>();
    if (stack.zstd_level < 1 || stack.zstd_level > 19) return Invalid(file, "zstd_level must be 1..19");
  }
  if (head.contains("threads")) stack.threads = head.value("threads", 0);
  FERRY_ASSIGN_OR_RETURN(stack.containers, StringList(head, "containers", file));
  FERRY_ASSIGN_OR_RETURN(stack.needs, ParseNeeds(head, "[stack]", file));

  if (!root.contains("component")) return Invalid(file, "no [[component]] entries");
  if (!root["component"].is_array()) return Invalid(file, "component must be an array of tables ([[component]])");
  std::set<std::string> names;
  for (const nlohmann::json& c : root["component"]) {
    ComponentSpec spec;
    if (!c.contains("name") || !c["name"].is_string()) return Invalid(file, "a component lacks a name");
    spec.name = c["name"].get<std::string>();
    if (spec.name.empty() || spec.name.find('/') != std::string::npos || spec.name[0] == '.') {
      return Invalid(file, "component name '" + spec.name + "' must be a plain folder name");
    }
    if (!names.insert(spec.name).second) return Invalid(file, "component name '" + spec.name + "' is used twice");
    if (!c.contains("kind") || !c["kind"].is_string()) {
      return Invalid(file, "component '" + spec.name + "' lacks a kind");
    }
    spec.kind = c["kind"].get<std::string>();
    spec.path = c.value("path", "");
    spec.container = c.value("container", "");
    FERRY_ASSIGN_OR_RETURN(spec.include, StringList(c, "include", file));
    FERRY_ASSIGN_OR_RETURN(spec.exclude, StringList(c, "exclude", file));
    FERRY_ASSIGN_OR_RETURN(spec.needs, ParseNeeds(c, "component '" + spec.name + "'", file));
    if (c.contains("password")) {
      return Invalid(file, "component '" + spec.name +
                               "' has a password in the stack file; use password_env or password_file");
    }
    spec.options = c;
    stack.components.push_back(std::move(spec));
  }
  return stack;
}

}  // namespace

Result<StackFile> LoadStackFile(platform::Platform& os, const fs::path& file) {
  fs::path absolute = fs::absolute(file).lexically_normal();
  auto in = os.OpenRead(absolute);
  if (!in.ok()) return Status::Error("S001", "cannot read stack file " + absolute.string(), in.status().sys_errno());
  std::string text;
  std::string buffer(1 << 16, '\0');
  while (true) {
    FERRY_ASSIGN_OR_RETURN(size_t n, (*in)->Read(std::as_writable_bytes(std::span(buffer.data(), buffer.size()))));
    if (n == 0) break;
    text.append(buffer.data(), n);
    if (text.size() > (16 << 20)) return Invalid(absolute, "larger than 16 MiB; not a stack file");
  }
  return ParseStackFile(text, absolute);
}

fs::path ResolveComponentPath(const StackFile& stack, const ComponentSpec& spec, const fs::path& root) {
  fs::path p(spec.path);
  if (p.is_absolute()) return p.lexically_normal();
  return ((root.empty() ? stack.dir : fs::absolute(root)) / p).lexically_normal();
}

Result<std::string> ReadSecret(platform::Platform& os, const StackFile& stack, const ComponentSpec& spec) {
  if (spec.options.contains("password_env")) {
    std::string var = spec.options.value("password_env", "");
    std::string value = os.GetEnv(var);
    if (value.empty()) {
      return Status::Error("S004", "component '" + spec.name + "': environment variable " + var + " is not set");
    }
    return value;
  }
  if (spec.options.contains("password_file")) {
    fs::path file = spec.options.value("password_file", "");
    if (file.is_relative()) file = stack.dir / file;
    auto in = os.OpenRead(file);
    if (!in.ok()) {
      return Status::Error("S004", "component '" + spec.name + "': cannot read password_file " + file.string(),
                           in.status().sys_errno());
    }
    std::string value(4096, '\0');
    FERRY_ASSIGN_OR_RETURN(size_t n, (*in)->Read(std::as_writable_bytes(std::span(value.data(), value.size()))));
    value.resize(n);
    if (!value.empty() && value.back() == '\n') value.pop_back();
    if (!value.empty() && value.back() == '\r') value.pop_back();
    return value;
  }
  return std::string();
}

}  // namespace ferry::stack
