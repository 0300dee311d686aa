// Reading JSON that came from the medium: parsed with limits (nesting depth,
// string length, element count) that are enforced before any document is
// built, then read through typed field lookups that never throw and answer
// with the field's JSON path ("payloads[3].size: expected an unsigned
// integer"). The medium is untrusted input (promise 9): a wrong type, a
// missing key or 100,000 nested arrays must be a catalog code, not an abort.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "diag/status.h"

namespace ferry::integrity {

struct JsonLimits {
  size_t max_depth = 64;              // nested arrays/objects
  size_t max_string_bytes = 1 << 20;  // one string or key
  size_t max_elements = 4'000'000;    // values in the whole document
};

// Parses text. code is the catalog code of a document that breaks a limit
// or is not JSON (M002 for the manifest); what names it in the message.
Result<nlohmann::json> ParseJsonLimited(std::string_view text, Code code, std::string_view what,
                                        const JsonLimits& limits = {});

// Typed field lookups on an object at JSON path `path` ("" for the root).
// Each answers code with "<what>: <path>.<key>: expected ...".
class JsonFields {
 public:
  JsonFields(const nlohmann::json& object, std::string path, Code code, std::string what)
      : object_(object), path_(std::move(path)), code_(code), what_(std::move(what)) {}

  // REQUIRES nothing: an object_ that is not an object fails every lookup.
  bool Has(std::string_view key) const;
  Result<std::string> String(std::string_view key) const;
  // A string of exactly 64 lowercase hex digits.
  Result<std::string> Sha256(std::string_view key) const;
  Result<uint64_t> Unsigned(std::string_view key, uint64_t max) const;
  Result<int64_t> Integer(std::string_view key) const;
  Result<bool> Bool(std::string_view key) const;
  // The value, which must be an object / an array.
  Result<const nlohmann::json*> Object(std::string_view key) const;
  Result<const nlohmann::json*> Array(std::string_view key) const;

  std::string PathOf(std::string_view key) const;
  Status Error(std::string_view key, std::string_view problem) const;

 private:
  Result<const nlohmann::json*> Get(std::string_view key) const;

  const nlohmann::json& object_;
  std::string path_;
  Code code_;
  std::string what_;
};

// Name of a JSON value's type for messages: "a string", "null", ...
std::string JsonTypeName(const nlohmann::json& value);

}  // namespace ferry::integrity
