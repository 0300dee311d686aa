#include "diag/finding.h"

#include <algorithm>

namespace ferry {

Finding MakeFinding(Code code, std::string component, std::string what) {
  Finding f;
  f.severity = code.severity();
  f.fix = std::string(code.entry().resolution);
  f.code = std::string(code.name());
  f.component = std::move(component);
  f.what = std::move(what);
  return f;
}

Finding PassFinding(std::string component, std::string what) {
  Finding f;
  f.component = std::move(component);
  f.what = std::move(what);
  return f;
}

Finding FindingFromStatus(const Status& status, std::string component) {
  std::string what = status.message();
  if (status.sys_errno() != 0) {
    Status plain = Status::Error(status.catalog_code(), "", status.sys_errno());
    std::string text = plain.ToString();  // "CODE:  (strerror)"
    what += text.substr(text.find('(') - 1);
  }
  return MakeFinding(status.catalog_code(), std::move(component), std::move(what));
}

Severity WorstSeverity(const std::vector<Finding>& findings) {
  Severity worst = Severity::kInfo;
  for (const Finding& f : findings) {
    if (!f.passed()) worst = std::max(worst, f.severity);
  }
  return worst;
}

bool HasFailures(const std::vector<Finding>& findings) {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return !f.passed() && f.severity != Severity::kInfo; });
}

bool HasCritical(const std::vector<Finding>& findings) {
  return WorstSeverity(findings) == Severity::kCritical;
}

}  // namespace ferry
