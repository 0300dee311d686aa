// ferry status --stack FILE : where the last migration stands, phase by
// phase and payload by payload, from the journal.
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli/command.h"

namespace ferry::cli {
namespace {

int PrintStatus(CommandEnv& env, const Invocation& inv, const std::string& stack_file) {
  if (!env.journal) {
    env.reporter.PrintError("status",
                            Status::Error("R002", "no journal: the state folder cannot be opened"));
    return kExitCannotRun;
  }
  std::string stack = std::filesystem::absolute(stack_file).lexically_normal().string();
  auto runs = env.journal->RunsForStack(stack, 20);
  if (!runs.ok()) {
    env.reporter.PrintError("status", runs.status());
    return kExitCannotRun;
  }
  nlohmann::json out = {{"type", "status"}, {"stack", stack}, {"runs", nlohmann::json::array()}};
  std::string medium;
  for (const journal::RunRecord& r : *runs) {
    nlohmann::json run = {
        {"id", r.id},
        {"command", r.command},
        {"medium", r.medium},
        {"root", r.root},
        {"started_utc", r.started_utc},
        {"finished_utc", r.finished_utc},
        {"outcome", r.finished_utc.empty() ? "interrupted or running" : r.outcome},
        {"phases", nlohmann::json::array()}};
    if (auto phases = env.journal->Phases(r.id); phases.ok()) {
      for (const auto& p : *phases)
        run["phases"].push_back({{"phase", p.phase}, {"state", p.state}, {"at_utc", p.at_utc}});
    }
    if (medium.empty() && !r.medium.empty()) medium = r.medium;
    out["runs"].push_back(run);
  }
  out["payloads"] = nlohmann::json::array();
  if (!medium.empty()) {
    if (auto payloads = env.journal->Payloads(medium); payloads.ok()) {
      for (const auto& p : *payloads) {
        out["payloads"].push_back(
            {{"path", p.path}, {"component", p.component}, {"state", p.state}, {"size", p.size}});
      }
    }
  }
  if (inv.output.json) {
    std::printf("%s\n", out.dump().c_str());
    return kExitOk;
  }
  if (runs->empty()) {
    std::printf("no ferry runs recorded for %s\n", stack.c_str());
    return kExitOk;
  }
  std::printf("stack %s\n\nruns, newest first:\n", stack.c_str());
  for (const auto& r : out["runs"]) {
    std::printf("  #%-4lld %-9s %-22s %s  %s\n", static_cast<long long>(r["id"].get<int64_t>()),
                r["command"].get<std::string>().c_str(), r["outcome"].get<std::string>().c_str(),
                r["started_utc"].get<std::string>().c_str(),
                r["medium"].get<std::string>().c_str());
    for (const auto& p : r["phases"]) {
      std::printf("         %-9s %s\n", p["phase"].get<std::string>().c_str(),
                  p["state"].get<std::string>().c_str());
    }
  }
  if (!medium.empty()) {
    std::printf("\npayloads on %s:\n", medium.c_str());
    for (const auto& p : out["payloads"]) {
      std::printf("  %-9s %12s  %s\n", p["state"].get<std::string>().c_str(),
                  FormatBytes(p["size"].get<uint64_t>()).c_str(),
                  p["path"].get<std::string>().c_str());
    }
  }
  return kExitOk;
}

}  // namespace

void AddStatus(CLI::App& app, Invocation& inv) {
  auto* cmd =
      app.add_subcommand("status", "Where the last migration of a stack stands, phase by phase");
  auto stack = std::make_shared<std::string>();
  cmd->add_option("--stack", *stack, "Stack file (TOML)")->required()->check(FilePath());
  AddOutputFlags(cmd, inv);
  cmd->callback([&inv, stack] {
    inv.name = "status";
    inv.run = [&inv, stack](CommandEnv& env) { return PrintStatus(env, inv, *stack); };
  });
}

}  // namespace ferry::cli
