#include "components/neo4j/connection.h"

namespace ferry::components::neo4j {

Result<Settings> ReadSettings(const stack::ComponentSpec& spec) {
  Settings s;
  const nlohmann::json& o = spec.options;
  auto text = [&](const char* key, std::string& out) -> Status {
    if (!o.contains(key)) return Status::Ok();
    if (!o[key].is_string())
      return Status::Error("X003", std::string("neo4j option '") + key + "' must be a string");
    out = o[key].get<std::string>();
    return Status::Ok();
  };
  auto number = [&](const char* key, int64_t& out) -> Status {
    if (!o.contains(key)) return Status::Ok();
    if (!o[key].is_number_integer() || o[key].get<int64_t>() <= 0)
      return Status::Error("X003",
                           std::string("neo4j option '") + key + "' must be a positive integer");
    out = o[key].get<int64_t>();
    return Status::Ok();
  };
  FERRY_RETURN_IF_ERROR(text("uri", s.uri));
  FERRY_RETURN_IF_ERROR(text("user", s.user));
  FERRY_RETURN_IF_ERROR(text("database", s.database));
  FERRY_RETURN_IF_ERROR(text("mode", s.mode));
  FERRY_RETURN_IF_ERROR(number("batch_size", s.batch_size));
  FERRY_RETURN_IF_ERROR(number("fetch_size", s.fetch_size));
  if (o.contains("import_csv")) {
    if (!o["import_csv"].is_boolean())
      return Status::Error("X003", "neo4j option 'import_csv' must be true or false");
    s.import_csv = o["import_csv"].get<bool>();
  }
  if (s.uri.empty())
    return Status::Error("X003",
                         "neo4j component '" + spec.name + "' needs uri = \"bolt://host:7687\"");
  if (s.mode != "logical" && s.mode != "physical")
    return Status::Error("X003",
                         "neo4j mode must be \"logical\" or \"physical\", not \"" + s.mode + "\"");
  if (s.import_csv && s.mode != "logical")
    return Status::Error("X003",
                         "neo4j option import_csv needs mode = \"logical\" (the CSV is "
                         "read over Bolt; a physical dump has no CSV form)");
  return s;
}

Result<std::unique_ptr<bolt::Client>> Connect(ComponentContext& ctx, const Settings& settings) {
  FERRY_ASSIGN_OR_RETURN(std::string password, stack::ReadSecret(ctx.os, ctx.stack, ctx.spec));
  bolt::ClientOptions options;
  options.database = settings.database;
  options.fetch_size = settings.fetch_size;
  auto client = bolt::Client::Connect(settings.uri, settings.user, password, options);
  std::fill(password.begin(), password.end(), '\0');
  if (!client.ok()) return Status(client.status()).WithContext(settings.uri);
  return client;
}

}  // namespace ferry::components::neo4j
