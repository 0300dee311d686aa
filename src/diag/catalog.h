// The error catalog: every code ferry can print, with its severity, the
// pattern it stands for, the likely cause and the resolution steps.
//
// The seed runbook's Error Code Reference (G001-G005, D001-D006, DB001-DB005,
// FS001-FS005, N001-N004, P001-P003, R001-R003) is carried over with its
// severities and resolutions; ferry adds families of its own in the same
// format: M (medium and manifest), S (stack file), T (restore target),
// V (validation), X (external commands and usage), I (interruption).
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace ferry {

enum class Severity { kInfo, kLow, kMedium, kHigh, kCritical };

std::string_view SeverityName(Severity severity);  // "CRITICAL", "HIGH", ...

struct CatalogEntry {
  std::string_view code;
  Severity severity;
  std::string_view pattern;     // one line: what the code stands for
  std::string_view cause;       // why it usually happens
  std::string_view resolution;  // what to do, possibly several lines
  std::string_view detection;   // how ferry (or a person) detects it
};

// All entries, ordered by code family as in the seed.
std::span<const CatalogEntry> Catalog();

// The entry for code, or nullptr when the code is unknown (case-insensitive).
const CatalogEntry* FindCatalogEntry(std::string_view code);

// Severity of code; kHigh for an unknown code so that it is never ignored.
Severity SeverityOf(std::string_view code);

}  // namespace ferry
