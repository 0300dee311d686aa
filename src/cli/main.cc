// ferry: move a data stack through a medium and prove nothing was lost.
// main parses the command line, sets up signals and the journal, runs the
// chosen command and maps the outcome to the exit code. Nothing below main
// exits the process.
#include <csignal>
#include <cstdio>
#include <exception>

#include "cli/command.h"
#include "phases/version.h"

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void OnSignal(int sig) {
  if (g_interrupted.exchange(true)) {
    // Second signal: stop now. Half-written files are *.part and never count.
    std::signal(sig, SIG_DFL);
    std::raise(sig);
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ferry;
  using namespace ferry::cli;
  std::signal(SIGPIPE, SIG_IGN);  // a dead child's pipe is an error value, not a death
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);

  CLI::App app{
      "ferry: move a data stack through a medium and prove at every step that nothing was lost"};
  app.set_version_flag("--version", std::string("ferry ") + kFerryVersion);
  app.require_subcommand(1);
  Invocation inv;
  AddCheck(app, inv);
  AddExport(app, inv);
  AddVerify(app, inv);
  AddPull(app, inv);
  AddRestore(app, inv);
  AddValidate(app, inv);
  AddRollback(app, inv);
  AddResetVolume(app, inv);
  AddMigrate(app, inv);
  AddStatus(app, inv);
  AddExplain(app, inv);
  // Bad usage names its catalog code, like every other failure.
  app.failure_message([](const CLI::App* a, const CLI::Error& e) {
    return "ferry: X003 invalid usage: " + CLI::FailureMessage::simple(a, e);
  });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitCannotRun;
  }

  // Errors are values everywhere below; this is the last guard, so that a
  // bug that throws still ends with a catalog code and exit 2, not an abort.
  try {
    platform::Platform& os = platform::DefaultPlatform();
    ConsoleReporter reporter(os, inv.output);
    auto journal = journal::Journal::Open(os.StateDir() / "journal.sqlite");
    if (!journal.ok() && !inv.output.quiet) {
      std::fprintf(stderr, "ferry: warning: %s; runs will not be resumable\n",
                   journal.status().ToString().c_str());
    }
    CommandEnv env{os, reporter, journal.ok() ? journal->get() : nullptr, g_interrupted};
    return inv.run(env);
  } catch (const std::exception& e) {
    std::fprintf(
        stderr,
        "ferry: X004 internal error: %s\nPlease report it with the --json output of the failing "
        "command.\n",
        e.what());
  } catch (...) {
    std::fprintf(stderr, "ferry: X004 internal error: an unknown exception\n");
  }
  return kExitCannotRun;
}
