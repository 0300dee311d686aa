#include "components/stack_review.h"

#include <algorithm>

#include "components/component.h"

namespace ferry::components {
namespace {

using stack::KeyAuthority;
using stack::KeySpec;
using stack::KeyType;

Status Invalid(const stack::StackFile& stack, const std::string& what) {
  return Status::Error("S001", stack.file.string() + ": " + what);
}

std::string Range(const KeySpec& k) { return std::to_string(k.min) + ".." + std::to_string(k.max); }

bool IsPort(const nlohmann::json& v) {
  return v.is_number_integer() && v.get<int64_t>() >= 1 && v.get<int64_t>() <= 65535;
}

// "" when the value fits the key, else what is wrong with it.
std::string Misfit(const KeySpec& k, const nlohmann::json& v) {
  switch (k.type) {
    case KeyType::kString:
      return v.is_string() ? "" : "must be a string";
    case KeyType::kBoolean:
      return v.is_boolean() ? "" : "must be true or false";
    case KeyType::kInteger:
      if (!v.is_number_integer()) return "must be an integer " + Range(k);
      if (v.get<int64_t>() < k.min || v.get<int64_t>() > k.max) {
        return "= " + v.dump() + " is out of range: allowed " + Range(k);
      }
      return "";
    case KeyType::kStringList:
      if (!v.is_array() ||
          !std::all_of(v.begin(), v.end(), [](const auto& e) { return e.is_string(); })) {
        return "must be a list of strings";
      }
      return "";
    case KeyType::kPort:
      if (IsPort(v) || (v.is_string() && !v.get<std::string>().empty())) return "";
      return "must be a port number 1..65535 (or a service name)";
    case KeyType::kPortList:
      if (!v.is_array() || !std::all_of(v.begin(), v.end(), IsPort))
        return "must be a list of port numbers 1..65535";
      return "";
  }
  return "";
}

std::vector<std::string_view> Names(std::span<const KeySpec> a, std::span<const KeySpec> b = {}) {
  std::vector<std::string_view> out;
  for (const KeySpec& k : a) out.push_back(k.name);
  for (const KeySpec& k : b) out.push_back(k.name);
  return out;
}

std::string DidYouMean(std::string_view key, const std::vector<std::string_view>& known) {
  std::string close = stack::ClosestKey(key, known);
  return close.empty() ? "" : "; did you mean '" + close + "'?";
}

// The key's declaration for a component of this kind, or null.
const KeySpec* KeyOf(std::span<const KeySpec> kind_keys, std::string_view key) {
  if (const KeySpec* k = stack::FindKey(kind_keys, key)) return k;
  return stack::FindKey(stack::CommonComponentKeys(), key);
}

// a is b, or lies inside it (whole path parts).
bool Within(const std::filesystem::path& a, const std::filesystem::path& b) {
  auto ai = a.begin();
  for (auto bi = b.begin(); bi != b.end(); ++bi, ++ai) {
    if (ai == a.end() || *ai != *bi) return false;
  }
  return true;
}

}  // namespace

bool HasPath(const stack::ComponentSpec& spec) {
  auto component = MakeComponent(spec.kind);
  return component.ok() && stack::FindKey((*component)->Keys(), "path") != nullptr;
}

Result<std::vector<Finding>> ReviewStack(const stack::StackFile& stack) {
  std::vector<Finding> warnings;
  const std::vector<std::string_view> top(stack::TopLevelKeys().begin(),
                                          stack::TopLevelKeys().end());
  for (const std::string& key : stack.top_level_keys) {
    if (std::find(top.begin(), top.end(), key) != top.end()) continue;
    warnings.push_back(
        MakeFinding("S006", "stack file",
                    "unknown top-level key '" + key + "' is ignored" + DidYouMean(key, top)));
  }
  for (const auto& [key, value] : stack.head.items()) {
    if (stack::FindKey(stack::StackKeys(), key)) continue;
    warnings.push_back(MakeFinding("S006", "stack file",
                                   "unknown key '" + key + "' in [stack] is ignored" +
                                       DidYouMean(key, Names(stack::StackKeys()))));
  }
  for (const auto& [key, value] : stack.target.items()) {
    if (stack::FindKey(stack::TargetKeys(), key)) continue;
    warnings.push_back(MakeFinding("S006", "stack file",
                                   "unknown key '" + key + "' in [target] is ignored" +
                                       DidYouMean(key, Names(stack::TargetKeys()))));
  }

  std::vector<std::pair<const stack::ComponentSpec*, std::filesystem::path>> sources;
  for (const stack::ComponentSpec& spec : stack.components) {
    FERRY_ASSIGN_OR_RETURN(auto component, MakeComponent(spec.kind));
    const std::span<const KeySpec> kind_keys = component->Keys();
    const std::string where = "component '" + spec.name + "' (" + spec.kind + ")";
    for (const auto& [key, value] : spec.options.items()) {
      const KeySpec* k = KeyOf(kind_keys, key);
      if (k == nullptr) {
        warnings.push_back(
            MakeFinding("S006", spec.name,
                        "unknown key '" + key + "' in " + where + " is ignored" +
                            DidYouMean(key, Names(kind_keys, stack::CommonComponentKeys()))));
        continue;
      }
      std::string misfit = Misfit(*k, value);
      if (!misfit.empty()) return Invalid(stack, where + ": " + key + " " + misfit);
    }
    for (std::span<const KeySpec> keys : {kind_keys, stack::CommonComponentKeys()}) {
      for (const KeySpec& k : keys) {
        if (!k.required || spec.options.contains(std::string(k.name))) continue;
        // A withheld key was there; its absence is reported as S005.
        if (std::find(spec.withheld.begin(), spec.withheld.end(), k.name) != spec.withheld.end())
          continue;
        std::string why = k.name == "path"
                              ? " (ferry never takes a whole folder by default: name what to move)"
                              : "";
        return Invalid(stack, where + " needs " + std::string(k.name) + why);
      }
    }
    if (stack::FindKey(kind_keys, "path") && !spec.path.empty()) {
      std::filesystem::path source = stack::ResolveComponentPath(stack, spec);
      if (!source.has_filename() && source.has_relative_path())
        source = source.parent_path();  // "models/"
      sources.emplace_back(&spec, source);
    }
  }
  for (size_t i = 0; i < sources.size(); ++i) {
    for (size_t j = i + 1; j < sources.size(); ++j) {
      const auto& [a, pa] = sources[i];
      const auto& [b, pb] = sources[j];
      if (!Within(pa, pb) && !Within(pb, pa)) continue;
      std::string how =
          pa == pb ? "have the same path " + pa.string()
                   : "overlap: " + (Within(pa, pb) ? pa.string() + " is inside " + pb.string()
                                                   : pb.string() + " is inside " + pa.string());
      return Invalid(
          stack, "components '" + a->name + "' and '" + b->name + "' " + how +
                     "; each component must have its own path (use exclude to leave one out of the "
                     "other)");
    }
  }
  return warnings;
}

void WithholdLocalKeys(stack::StackFile& stack) {
  for (stack::ComponentSpec& spec : stack.components) {
    auto component = MakeComponent(spec.kind);
    const std::span<const KeySpec> kind_keys =
        component.ok() ? (*component)->Keys() : std::span<const KeySpec>();
    std::vector<std::string> local;
    for (const auto& [key, value] : spec.options.items()) {
      const KeySpec* k = KeyOf(kind_keys, key);
      if ((k && k->authority == KeyAuthority::kLocal) || stack::IsSecretIndirection(key))
        local.push_back(key);
    }
    for (const std::string& key : local) {
      spec.options.erase(key);
      spec.withheld.push_back(key);
      if (key == "container") spec.container.clear();
      if (key == "ports") spec.needs.ports.clear();
      if (key == "volumes") spec.needs.volumes.clear();
      if (key == "networks") spec.needs.networks.clear();
    }
    if (spec.options.contains("path") && !stack::IsConfinedPath(spec.path))
      spec.withheld.push_back("path");
  }
  for (const char* key : {"containers", "ports", "volumes", "networks"}) {
    if (stack.head.contains(key)) {
      stack.head.erase(key);
      stack.withheld.push_back(key);
    }
  }
  stack.containers.clear();
  stack.needs = {};
  // Who owns the restored files is this machine's decision: a medium that
  // maps every owner to root would hand the user's files to root. Dropped,
  // not refused: without it restore does what it does for any medium
  // (keeps owners that exist here, gives the others to the restoring user).
  for (const auto& [key, value] : stack.target.items()) stack.withheld.push_back("[target] " + key);
  stack.target = nlohmann::json::object();
  stack.owner_map.clear();
}

Status RefuseWithheld(const stack::StackFile& stack, const std::string& only) {
  std::string what;
  bool path = false;
  for (const stack::ComponentSpec& spec : stack.components) {
    if ((!only.empty() && spec.name != only) || spec.withheld.empty()) continue;
    std::string keys;
    for (const std::string& key : spec.withheld) {
      if (key == "path") {
        path = true;
        keys += std::string(keys.empty() ? "" : ", ") + "path '" + spec.path + "' (outside --root)";
      } else {
        keys += (keys.empty() ? "" : ", ") + key;
      }
    }
    what += std::string(what.empty() ? "" : "; ") + "component '" + spec.name + "' names " + keys;
  }
  if (what.empty()) return Status::Ok();
  return Status::Error(
      "S005",
      "the stack file on the medium may not decide where to write or what to run, "
      "connect to or read secrets from: " +
          what + ". Pass your own --stack FILE naming them for this machine" +
          (path ? " (a relative path there is taken under --root, or its folder)" : "") +
          ", or restore the other components with --component NAME");
}

}  // namespace ferry::components
