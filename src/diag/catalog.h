// The error catalog: every code ferry can print, with its severity, the
// pattern it stands for, the likely cause, the resolution steps and the
// outcome of a run that fails with it. The table itself is
// diag/catalog_table.h; code a value of it with Code (diag/code.h).
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace ferry {

enum class Severity { kInfo, kLow, kMedium, kHigh, kCritical };

std::string_view SeverityName(Severity severity);  // "CRITICAL", "HIGH", ...

// What a phase that stops on a code means to a script (main maps it to the
// exit code: 1, 2, 130).
enum class Outcome { kProblemFound, kCannotRun, kInterrupted };

struct CatalogEntry {
  std::string_view code;
  Severity severity;
  std::string_view pattern;     // one line: what the code stands for
  std::string_view cause;       // why it usually happens
  std::string_view resolution;  // what to do, possibly several lines
  std::string_view detection;   // how ferry (or a person) detects it
  Outcome outcome;              // what a phase stopped by it means
};

// All entries, ordered by code family as in the seed.
std::span<const CatalogEntry> Catalog();

// The entry for code, or nullptr when the code is unknown (case-insensitive).
const CatalogEntry* FindCatalogEntry(std::string_view code);

// Severity of code; kHigh for an unknown code so that it is never ignored.
Severity SeverityOf(std::string_view code);

}  // namespace ferry
