// Helpers for adapter tests that look at findings.
#pragma once

#include <string>
#include <vector>

#include "diag/finding.h"

namespace ferry::components::testing {

inline bool HasCode(const std::vector<Finding>& findings, const std::string& code) {
  for (const Finding& f : findings)
    if (f.code == code) return true;
  return false;
}

// One line per finding, "CODE what" ("OK what" for a pass): for assertions
// on the evidence and for failure messages.
inline std::string FindingsText(const std::vector<Finding>& findings) {
  std::string text;
  for (const Finding& f : findings) text += (f.code.empty() ? "OK" : f.code) + " " + f.what + "\n";
  return text;
}

}  // namespace ferry::components::testing
