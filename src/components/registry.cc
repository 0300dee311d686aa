// The table of component kinds. A new kind adds its factory here: explicit,
// because static self-registration is silently dropped by static linking.
#include <utility>

#include "components/component.h"
#include "components/kinds.h"

namespace ferry::components {
namespace {

using Factory = std::unique_ptr<Component> (*)();

constexpr std::pair<const char*, Factory> kKinds[] = {
    {"files", NewFilesComponent}, {"git", NewGitComponent},     {"sqlite", NewSqliteComponent},
    {"mysql", NewMysqlComponent}, {"neo4j", NewNeo4jComponent}, {"http", NewHttpComponent},
};

}  // namespace

Result<std::unique_ptr<Component>> MakeComponent(const std::string& kind) {
  for (const auto& [name, factory] : kKinds) {
    if (kind != name) continue;
    std::unique_ptr<Component> component = factory();
    if (!component)
      return Status::Error("S002", "component kind '" + kind + "' is not available in this build");
    return component;
  }
  std::string known;
  for (const std::string& k : KnownKinds()) known += (known.empty() ? "" : ", ") + k;
  return Status::Error("S002", "unknown component kind '" + kind + "' (known: " + known + ")");
}

std::vector<std::string> KnownKinds() {
  std::vector<std::string> kinds;
  for (const auto& [name, factory] : kKinds) kinds.push_back(name);
  return kinds;
}

}  // namespace ferry::components
