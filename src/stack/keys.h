// The keys a stack file may hold, and who may decide each one.
//
// Every kind declares its keys in a small table (Component::Keys()); the
// keys every component and the [stack] table share are declared here. A
// key's authority says where its value may come from: kData keys describe
// what was moved and may come from the stack file on the medium; kLocal keys
// select a program, a host, a port, a container, a URI or a secret, and come
// only from the user's own stack file (--stack) or the defaults, never from
// the medium (docs/stack-file.md, "What the medium may not decide").
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::stack {

enum class KeyType {
  kString,
  kInteger,  // range min..max
  kBoolean,
  kStringList,
  kPort,      // an integer 1..65535, or a string (a named port)
  kPortList,  // a list of integers 1..65535
};

enum class KeyAuthority {
  kData,   // may come from the medium's copy of the stack file
  kLocal,  // only from the user's own stack file or the defaults
};

struct KeySpec {
  std::string_view name;
  KeyType type;
  KeyAuthority authority = KeyAuthority::kData;
  int64_t min = 0;  // kInteger only
  int64_t max = 0;
  bool required = false;
};

// Keys of every [[component]], whatever its kind.
std::span<const KeySpec> CommonComponentKeys();
// Keys of the [stack] table.
std::span<const KeySpec> StackKeys();
// Keys of the [target] table.
std::span<const KeySpec> TargetKeys();
// Tables at the top level of a stack file.
std::span<const std::string_view> TopLevelKeys();

const KeySpec* FindKey(std::span<const KeySpec> keys, std::string_view name);

// True for a key whose value would be a secret: password, Passwd,
// api_key, apiKey, secret, token, private_key, credentials, ... in any
// case, but not the indirections that name where the secret is
// (password_env, api_key_file: names ending in _env or _file).
bool LooksLikeSecretKey(std::string_view key);

// True for a key that names an environment variable or a file holding a
// secret (..._env, ..._file): never taken from the medium.
bool IsSecretIndirection(std::string_view key);

// The candidate closest to `key` when it is a likely typo (at most two
// edits, or a different case), else "".
std::string ClosestKey(std::string_view key, const std::vector<std::string_view>& candidates);

}  // namespace ferry::stack
