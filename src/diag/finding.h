// A Finding is one typed observation of a check, verify or validate pass.
// Passes collect findings and keep going; they never stop at the first one.
#pragma once

#include <string>
#include <vector>

#include "diag/catalog.h"
#include "diag/status.h"

namespace ferry {

struct Finding {
  std::string code;  // catalog code's name (MakeFinding); empty for a passing ("OK") line
  Severity severity = Severity::kInfo;
  std::string component;  // component or payload it concerns, may be empty
  std::string what;       // the evidence found
  std::string fix;        // the resolution, defaulting to the catalog's

  bool passed() const { return code.empty(); }
  bool Is(Code c) const { return code == c.name(); }
};

// A finding for code with the catalog's severity and resolution.
Finding MakeFinding(Code code, std::string component, std::string what);
// A passing line ("OK ...") for reports.
Finding PassFinding(std::string component, std::string what);
// The finding a failed Status stands for.
Finding FindingFromStatus(const Status& status, std::string component);

// The worst severity among failing findings; kInfo when all passed.
Severity WorstSeverity(const std::vector<Finding>& findings);
bool HasFailures(const std::vector<Finding>& findings);
bool HasCritical(const std::vector<Finding>& findings);

}  // namespace ferry
