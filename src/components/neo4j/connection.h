// The neo4j component's settings from its stack-file table, and the Bolt
// connection they describe:
//   [[component]]
//   name = "graph"
//   kind = "neo4j"
//   uri = "bolt://localhost:7687"      # required; bolt+s:// and neo4j:// too
//   user = "neo4j"                     # default neo4j
//   password_env = "NEO4J_PASSWORD"    # or password_file; never the password itself
//   database = "neo4j"                 # default: the server's default database
//   mode = "logical"                   # or "physical": neo4j-admin dump/load, host only
//   batch_size = 5000                  # rows per restore transaction
//   fetch_size = 1000                  # records per PULL while exporting
//   import_csv = false                 # logical export also writes neo4j-admin import CSV
#pragma once

#include <memory>
#include <string>

#include "bolt/client.h"
#include "components/component.h"

namespace ferry::components::neo4j {

struct Settings {
  std::string uri;
  std::string user = "neo4j";
  std::string database;
  std::string mode = "logical";
  int64_t batch_size = 5000;
  int64_t fetch_size = 1000;
  bool import_csv = false;  // see csv_import.h
};

// S001-style usage errors as X003 (a missing uri, an unknown mode).
Result<Settings> ReadSettings(const stack::ComponentSpec& spec);

// Connects with the component's secret. N004 (unreachable), N005 (refused
// credentials) with the server's own message; the password is never in it.
Result<std::unique_ptr<bolt::Client>> Connect(ComponentContext& ctx, const Settings& settings);

}  // namespace ferry::components::neo4j
