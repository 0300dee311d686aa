// Reporters for people and for scripts. On a terminal: findings as lines,
// a progress bar with bytes/s and ETA on stderr. Not on a terminal: plain
// progress lines every few seconds. With --json: one JSON object per line on
// stdout (events, progress, findings) and a final summary object.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "phases/phase.h"
#include "platform/platform.h"

namespace ferry::cli {

struct OutputOptions {
  bool json = false;
  bool quiet = false;    // findings only, no notes or progress
  bool verbose = false;  // also passing checks
};

class ConsoleReporter final : public phases::Reporter {
 public:
  ConsoleReporter(platform::Platform& os, OutputOptions options);
  void PhaseStarted(const std::string& phase) override;
  void PhaseFinished(const std::string& phase, bool ok) override;
  void OnFinding(const Finding& finding) override;
  void OnProgress(const phases::Progress& progress) override;
  void Note(const std::string& text) override;

  // Prints a whole report (each finding once) and the summary line/object.
  void PrintReport(const std::string& command, const phases::Report& report, int exit_code);
  void PrintError(const std::string& command, const Status& status);

 private:
  void ClearBar();
  platform::Platform& os_;
  OutputOptions options_;
  bool tty_;
  std::mutex mu_;
  bool bar_shown_ = false;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_progress_;
  std::string progress_item_;
  std::chrono::steady_clock::time_point item_started_;
};

std::string FormatBytes(uint64_t bytes);

}  // namespace ferry::cli
