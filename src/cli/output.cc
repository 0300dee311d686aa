#include "cli/output.h"

#include <fmt/format.h>

#include <cstdio>
#include <nlohmann/json.hpp>

namespace ferry::cli {
namespace {

void PrintJson(const nlohmann::json& j) {
  std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fflush(stdout);
}

nlohmann::json FindingJson(const Finding& f) {
  return {{"type", "finding"},
          {"ok", f.passed()},
          {"code", f.code},
          {"severity", std::string(SeverityName(f.severity))},
          {"component", f.component},
          {"what", f.what},
          {"fix", f.fix}};
}

}  // namespace

std::string FormatBytes(uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  return u == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.1f} {}", v, units[u]);
}

ConsoleReporter::ConsoleReporter(platform::Platform& os, OutputOptions options)
    : os_(os),
      options_(options),
      tty_(os.IsTerminal(2)),
      started_(os.Monotonic()),
      last_progress_(started_) {}

void ConsoleReporter::ClearBar() {
  if (bar_shown_) {
    std::fputs("\r\033[K", stderr);
    bar_shown_ = false;
  }
}

void ConsoleReporter::PhaseStarted(const std::string& phase) {
  std::lock_guard lock(mu_);
  if (options_.json) return PrintJson({{"type", "phase"}, {"phase", phase}, {"state", "started"}});
  if (options_.quiet) return;
  ClearBar();
  std::fprintf(stderr, "== %s\n", phase.c_str());
}

void ConsoleReporter::PhaseFinished(const std::string& phase, bool ok) {
  std::lock_guard lock(mu_);
  if (options_.json)
    return PrintJson({{"type", "phase"}, {"phase", phase}, {"state", ok ? "ok" : "failed"}});
  ClearBar();
}

void ConsoleReporter::OnFinding(const Finding& f) {
  std::lock_guard lock(mu_);
  if (options_.json) return PrintJson(FindingJson(f));
}

void ConsoleReporter::Note(const std::string& text) {
  std::lock_guard lock(mu_);
  if (options_.json) return PrintJson({{"type", "note"}, {"text", text}});
  if (options_.quiet) return;
  ClearBar();
  std::fprintf(stderr, "   %s\n", text.c_str());
}

void ConsoleReporter::OnProgress(const phases::Progress& p) {
  std::lock_guard lock(mu_);
  auto now = os_.Monotonic();
  bool first = p.item != progress_item_;
  if (first) {
    progress_item_ = p.item;
    item_started_ = now;
  }
  // The first event of an item and its last always show; between them a
  // terminal redraws 5 times a second and a log gets a line every 5 seconds.
  bool done = (p.total > 0 && p.done >= p.total) || first;
  auto since = now - last_progress_;
  auto every =
      tty_ && !options_.json ? std::chrono::milliseconds(200) : std::chrono::milliseconds(5000);
  if (since < every && !done) return;
  last_progress_ = now;
  double secs = std::chrono::duration<double>(now - item_started_).count();
  double rate = secs > 0 ? static_cast<double>(p.done) / secs : 0;
  double eta = (p.total > p.done && rate > 0) ? static_cast<double>(p.total - p.done) / rate : 0;
  double percent =
      p.total ? 100.0 * static_cast<double>(p.done) / static_cast<double>(p.total) : -1;
  if (options_.json) {
    return PrintJson({{"type", "progress"},
                      {"phase", p.phase},
                      {"payload", p.item},
                      {"bytes_done", p.done},
                      {"bytes_total", p.total},
                      {"percent", percent < 0 ? nlohmann::json() : nlohmann::json(percent)},
                      {"bytes_per_second", static_cast<uint64_t>(rate)},
                      {"eta_seconds", p.total ? nlohmann::json(eta) : nlohmann::json()}});
  }
  if (options_.quiet) return;
  std::string line = fmt::format("{} {}: {}", p.phase, p.item, FormatBytes(p.done));
  if (p.total) line += fmt::format(" of {} ({:.0f}%)", FormatBytes(p.total), percent);
  if (secs >= 0.5) line += fmt::format(", {}/s", FormatBytes(static_cast<uint64_t>(rate)));
  if (p.total && !done) line += fmt::format(", ETA {:.0f}s", eta);
  if (tty_) {
    int width = 24;
    int filled = p.total ? static_cast<int>(width * percent / 100) : 0;
    std::string bar =
        p.total ? "[" + std::string(filled, '#') + std::string(width - filled, '.') + "] " : "";
    std::fprintf(stderr, "\r\033[K%s%s", bar.c_str(), line.c_str());
    bar_shown_ = true;
  } else {
    std::fprintf(stderr, "   %s\n", line.c_str());
  }
}

void ConsoleReporter::PrintReport(const std::string& command, const phases::Report& report,
                                  int exit_code) {
  std::lock_guard lock(mu_);
  ClearBar();
  size_t failures = 0;
  for (const Finding& f : report.findings) {
    if (!f.passed()) ++failures;
  }
  if (options_.json) {
    for (const Finding& f : report.findings) PrintJson(FindingJson(f));
    PrintJson({{"type", "summary"},
               {"command", command},
               {"ok", exit_code == 0},
               {"exit_code", exit_code},
               {"findings", failures},
               {"worst_severity", std::string(SeverityName(WorstSeverity(report.findings)))}});
    return;
  }
  for (const Finding& f : report.findings) {
    if (f.passed()) {
      if (!options_.quiet) std::printf("OK    %s: %s\n", f.component.c_str(), f.what.c_str());
      continue;
    }
    std::printf("%-5s %-8s %s: %s\n", f.code.c_str(), std::string(SeverityName(f.severity)).c_str(),
                f.component.c_str(), f.what.c_str());
    if (!f.fix.empty()) std::printf("      fix: %s\n", f.fix.c_str());
  }
  double secs = std::chrono::duration<double>(os_.Monotonic() - started_).count();
  if (failures == 0) {
    std::printf("%s: all good (%.1fs)\n", command.c_str(), secs);
  } else {
    std::printf("%s: %zu problem%s found, worst %s (%.1fs)\n", command.c_str(), failures,
                failures == 1 ? "" : "s",
                std::string(SeverityName(WorstSeverity(report.findings))).c_str(), secs);
  }
  std::fflush(stdout);
}

void ConsoleReporter::PrintError(const std::string& command, const Status& status) {
  std::lock_guard lock(mu_);
  ClearBar();
  const CatalogEntry* entry = FindCatalogEntry(status.code());
  if (options_.json) {
    PrintJson({{"type", "error"},
               {"command", command},
               {"code", status.code()},
               {"what", status.ToString()},
               {"fix", entry ? std::string(entry->resolution) : ""}});
    return;
  }
  std::fprintf(stderr, "ferry %s: %s\n", command.c_str(), status.ToString().c_str());
  if (entry) std::fprintf(stderr, "      fix: %s\n", std::string(entry->resolution).c_str());
}

}  // namespace ferry::cli
