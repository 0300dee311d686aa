// ferry explain CODE : the catalog entry. `ferry explain` lists them all.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/command.h"

namespace ferry::cli {
namespace {

// What a run that stops on the code exits with, in words and number.
std::string OutcomeText(Outcome outcome) {
  switch (outcome) {
    case Outcome::kProblemFound:
      return "problem found (exit 1)";
    case Outcome::kCannotRun:
      return "could not run (exit 2)";
    case Outcome::kInterrupted:
      return "interrupted (exit 130)";
  }
  return "";
}

void PrintEntry(const CatalogEntry& e, bool json) {
  std::string severity(SeverityName(e.severity));
  if (json) {
    nlohmann::json j = {{"code", e.code},
                        {"severity", severity},
                        {"pattern", e.pattern},
                        {"cause", e.cause},
                        {"resolution", e.resolution},
                        {"detection", e.detection},
                        {"outcome", OutcomeText(e.outcome)}};
    std::printf("%s\n", j.dump().c_str());
    return;
  }
  std::printf("%s  %s  %s\n", std::string(e.code).c_str(), severity.c_str(),
              std::string(e.pattern).c_str());
  std::printf("  cause:      %s\n", std::string(e.cause).c_str());
  std::printf("  detection:  %s\n", std::string(e.detection).c_str());
  std::printf("  resolution: %s\n", std::string(e.resolution).c_str());
  std::printf("  outcome:    %s\n", OutcomeText(e.outcome).c_str());
}

}  // namespace

void AddExplain(CLI::App& app, Invocation& inv) {
  auto* cmd = app.add_subcommand(
      "explain", "Print the error catalog entry of CODE (all entries without CODE)");
  auto code = std::make_shared<std::string>();
  cmd->add_option("code", *code, "A catalog code such as FS003 or G001");
  cmd->add_flag("--json", inv.output.json, "JSON output");
  cmd->callback([&inv, code] {
    inv.name = "explain";
    inv.run = [&inv, code](CommandEnv& env) {
      if (code->empty()) {
        for (const CatalogEntry& e : Catalog()) PrintEntry(e, inv.output.json);
        return kExitOk;
      }
      const CatalogEntry* e = FindCatalogEntry(*code);
      if (!e) {
        env.reporter.PrintError("explain",
                                Status::Error("X003", "no catalog entry for '" + *code + "'"));
        return kExitCannotRun;
      }
      PrintEntry(*e, inv.output.json);
      return kExitOk;
    };
  });
}

}  // namespace ferry::cli
