// The stack file (TOML): what to move. A [stack] table and [[component]]
// entries; see docs/stack-file.md. Kind-specific keys stay in `options` as
// JSON so that a new component kind needs no change here.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "diag/status.h"
#include "platform/platform.h"
#include "stack/owner_map.h"

namespace ferry::stack {

namespace fs = std::filesystem;

// What a stack needs from its container engine and this machine; `ferry
// check` proves each is there and unclaimed (D004, D005/N001, D006).
struct EngineNeeds {
  std::vector<uint16_t> ports;        // TCP ports published on this machine
  std::vector<std::string> volumes;   // named volumes that must exist
  std::vector<std::string> networks;  // networks that must not clash
};

// Where a stack file came from. The user's own file (--stack) decides
// everything; the copy on the medium is data, not authority: keys that
// select a program, a host, a container or a secret are withheld from it
// and its paths must stay under --root (stack/keys.h).
enum class StackOrigin { kUser, kMedium };

struct ComponentSpec {
  std::string name;                  // unique; names the component's folder on the medium
  std::string kind;                  // files, git, sqlite, mysql, neo4j, ...
  std::string path;                  // as written: relative to the stack file's folder (or --root)
  std::vector<std::string> include;  // globs; empty means everything
  std::vector<std::string> exclude;  // globs
  std::string container;             // run commands inside this container
  EngineNeeds needs;                 // keys ports, volumes, networks
  nlohmann::json options;            // every key of the table, for kind-specific settings
  // From the medium only: the keys it named that only the user's own stack
  // file may decide (removed from `options`), and "path" when the path
  // leaves --root. A target phase refuses such a component (S005).
  std::vector<std::string> withheld;
  // The environment variables that hold the other components' secrets
  // (their password_env and other *_env keys): removed from the
  // environment of this component's programs.
  std::vector<std::string> foreign_secret_env;
};

struct StackFile {
  std::string name;
  fs::path file;  // absolute path of the stack file
  fs::path dir;   // its folder: the default root for relative component paths
  int zstd_level = 3;
  int threads = 0;  // 0: all cores
  std::vector<ComponentSpec> components;
  // [stack] containers: containers that belong to the stack without being a
  // component (the API server), checked like a component's container.
  std::vector<std::string> containers;
  EngineNeeds needs;  // [stack] ports, volumes, networks
  std::string text;   // the file as read, copied to the medium as ferry.toml
  StackOrigin origin = StackOrigin::kUser;
  nlohmann::json head = nlohmann::json::object();  // the [stack] table as written
  std::vector<std::string> top_level_keys;         // keys at the top level, as written
  // [stack] and [target] keys withheld from the medium's copy ("containers",
  // "[target] map_owner", ...): dropped, never used (stack_review.h).
  std::vector<std::string> withheld;
  // [target] map_owner: source uid -> target uid for what restore writes
  // (owner_map.h). Only from the user's own stack file.
  OwnerMap owner_map;
  nlohmann::json target = nlohmann::json::object();  // the [target] table as written
};

// Parses text; `file` is used for messages and for the default root.
// S001 for bad syntax, a missing or ill-typed key, a bad, reserved or
// duplicate component name (also when names differ only in case), a
// secret-looking key anywhere (password, Token, api_key, ...; the
// password_env / password_file indirections are the way) or a URL with a
// password in it.
Result<StackFile> ParseStackFile(const std::string& text, const fs::path& file,
                                 StackOrigin origin = StackOrigin::kUser);
Result<StackFile> LoadStackFile(platform::Platform& os, const fs::path& file);

// Where a component lives: `root` when given, else the stack file's folder,
// joined with the component's path (an absolute path stays as it is; from
// the medium, such a path is withheld and its component refused first).
fs::path ResolveComponentPath(const StackFile& stack, const ComponentSpec& spec,
                              const fs::path& root = {});

// The component's secret from `password_env` (a variable's name) or
// `password_file` (a file holding it; one trailing newline dropped).
// S004 when named but unavailable; an empty string when neither is set.
// True when `path` stays below its base: relative, and no ".." part.
bool IsConfinedPath(const std::string& path);

Result<std::string> ReadSecret(platform::Platform& os, const StackFile& stack,
                               const ComponentSpec& spec);

}  // namespace ferry::stack
