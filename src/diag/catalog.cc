#include "diag/catalog.h"

#include <algorithm>
#include <cctype>

#include "diag/catalog_table.h"
#include "diag/code.h"

namespace ferry {

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kInfo:
      return "INFO";
    case Severity::kLow:
      return "LOW";
    case Severity::kMedium:
      return "MEDIUM";
    case Severity::kHigh:
      return "HIGH";
    case Severity::kCritical:
      return "CRITICAL";
  }
  return "UNKNOWN";
}

std::span<const CatalogEntry> Catalog() { return kCatalogTable; }

const CatalogEntry* FindCatalogEntry(std::string_view code) {
  auto same = [&](std::string_view other) {
    return other.size() == code.size() &&
           std::equal(other.begin(), other.end(), code.begin(), [](char a, char b) {
             return std::toupper(static_cast<unsigned char>(a)) ==
                    std::toupper(static_cast<unsigned char>(b));
           });
  };
  for (const CatalogEntry& e : kCatalogTable) {
    if (same(e.code)) return &e;
  }
  return nullptr;
}

std::optional<Code> Code::Parse(std::string_view name) {
  const CatalogEntry* e = FindCatalogEntry(name);
  if (!e) return std::nullopt;
  return Code(static_cast<uint16_t>(e - kCatalogTable.data()), 0);
}

Severity SeverityOf(std::string_view code) {
  const CatalogEntry* e = FindCatalogEntry(code);
  return e ? e->severity : Severity::kHigh;
}

}  // namespace ferry
