// How phases talk to the person (or script) running ferry. Phases never
// print; they hand findings, progress and notes to a Reporter, and the cli
// layer decides between a terminal display and JSON lines.
#pragma once

#include <cstdint>
#include <string>

#include "diag/finding.h"

namespace ferry::phases {

struct Progress {
  std::string phase;   // export, verify, pull, restore, ...
  std::string item;    // payload or component
  uint64_t done = 0;   // bytes
  uint64_t total = 0;  // bytes; 0 when unknown
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void PhaseStarted(const std::string& phase) = 0;
  virtual void PhaseFinished(const std::string& phase, bool ok) = 0;
  virtual void OnFinding(const Finding& finding) = 0;
  virtual void OnProgress(const Progress& progress) = 0;
  // A line of information ("skipping models: verified by an earlier run").
  virtual void Note(const std::string& text) = 0;
};

// Swallows everything: for tests and for nested phases.
class SilentReporter final : public Reporter {
 public:
  void PhaseStarted(const std::string&) override {}
  void PhaseFinished(const std::string&, bool) override {}
  void OnFinding(const Finding&) override {}
  void OnProgress(const Progress&) override {}
  void Note(const std::string&) override {}
};

}  // namespace ferry::phases
