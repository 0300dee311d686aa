// Code: a catalog code as a value the compiler checks.
//
// Code("FS005") compiles only when FS005 is in the catalog (the constructor
// is consteval and looks it up in diag/catalog_table.h), so a code mistyped in
// the sources is a build error rather than an error printed with no entry,
// no fix and the wrong exit code. Codes named at run time (ferry explain,
// a journal) go through Code::Parse.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "diag/catalog.h"
#include "diag/catalog_table.h"

namespace ferry {

class Code {
 public:
  // REQUIRES: name is a catalog code, exactly as the catalog spells it.
  consteval Code(const char* name) : index_(IndexOf(name)) {}  // NOLINT: implicit by design

  // The code spelled name in any case; nullopt when the catalog has none.
  static std::optional<Code> Parse(std::string_view name);

  const CatalogEntry& entry() const { return kCatalogTable[index_]; }
  std::string_view name() const { return entry().code; }
  Severity severity() const { return entry().severity; }
  Outcome outcome() const { return entry().outcome; }

  friend constexpr bool operator==(Code, Code) = default;

 private:
  explicit constexpr Code(uint16_t index, int /*from_index*/) : index_(index) {}

  static consteval uint16_t IndexOf(const char* name) {
    const std::string_view wanted(name);
    for (size_t i = 0; i < kCatalogTable.size(); ++i) {
      if (kCatalogTable[i].code == wanted) return static_cast<uint16_t>(i);
    }
    // Reached only for a code the catalog lacks: in a constant evaluation a
    // throw is a compile error that points at the offending Code("...").
    throw "not a catalog code: add it to diag/catalog_table.h or fix the spelling";
  }

  uint16_t index_;
};

}  // namespace ferry
