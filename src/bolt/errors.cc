#include "bolt/errors.h"

namespace ferry::bolt {

Code CatalogCodeFor(std::string_view code) {
  if (code.starts_with("Neo.ClientError.Security.")) return "N005";
  if (code.find("TimedOut") != std::string_view::npos) return "DB003";
  if (code == "Neo.TransientError.General.DatabaseUnavailable") return "N004";
  return "DB006";
}

Status FailureStatus(const Map& metadata) {
  std::string code = "Neo.DatabaseError.General.UnknownError";
  std::string message = "(no message)";
  if (const Value* c = metadata.Find("code"); c && c->is<std::string>())
    code = c->as<std::string>();
  // 5.7+ servers may send neo4j_code instead of code.
  if (const Value* c = metadata.Find("neo4j_code"); c && c->is<std::string>()) {
    code = c->as<std::string>();
  }
  if (const Value* m = metadata.Find("message"); m && m->is<std::string>()) {
    message = m->as<std::string>();
  }
  Code catalog = CatalogCodeFor(code);
  std::string text = "Neo4j: " + message + " [" + code + "]";
  if (catalog == Code("N005")) {
    text = "Neo4j refused the credentials: " + message + " [" + code + "]";
  }
  return Status::Error(catalog, text);
}

}  // namespace ferry::bolt
