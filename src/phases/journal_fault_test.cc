// Export with a fault at each journal write in turn, in the manner of
// phase_fault_test.cc (which injects faults into the platform's writes; the
// journal writes through SQLite, out of the platform's reach, so its own
// hook is used: journal::Journal::SetWriteHook). An export is run once to
// count its journal writes, then once per write k:
//  - failing: write k returns an error, before it happens or after it
//    committed; the export must not report success and the medium must not
//    verify;
//  - crashing: the process is killed with SIGKILL just before write k, or
//    just after it committed (a gtest death test forks, so the kill is
//    real and ends a real process holding the journal and the medium lock);
//    the medium must not verify;
// and each time a second run, with the same journal, must finish and the
// medium must verify (promise 5), and a payload the journal recorded as
// verified must be kept, not written again. Deterministic: faults are
// placed by count, never by time.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>

#include "archive/testing/tree_fixtures.h"
#include "phases/export.h"
#include "phases/verify.h"

namespace ferry::phases {
namespace {

namespace fs = std::filesystem;

using archive::testing::WriteFile;

class JournalFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    GTEST_FLAG_SET(death_test_style, "fast");  // fork at the statement, no re-run of the test
    const fs::path src = tmp_.path() / "source";
    std::mt19937 rng(11);
    std::string weights(256 << 10, '\0');
    for (char& c : weights) c = static_cast<char>(rng());
    WriteFile(src / "models" / "weights.bin", weights);
    WriteFile(src / "models" / "config.json", "{\"layers\": 12}\n");
    WriteFile(src / "docs" / "readme.md", "the docs\n");
    WriteFile(src / "notes" / "todo.txt", "move the stack\n");
    const std::string text =
        "[stack]\nname = \"journal-faults\"\n\n"
        "[[component]]\nname = \"models\"\nkind = \"files\"\npath = \"models\"\n\n"
        "[[component]]\nname = \"docs\"\nkind = \"files\"\npath = \"docs\"\n\n"
        "[[component]]\nname = \"notes\"\nkind = \"files\"\npath = \"notes\"\n";
    WriteFile(src / "ferry.toml", text);
    auto parsed = stack::ParseStackFile(text, src / "ferry.toml");
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    stack_ = *parsed;
  }

  std::unique_ptr<journal::Journal> OpenJournal(const fs::path& file) {
    auto j = journal::Journal::Open(file);
    EXPECT_TRUE(j.ok()) << j.status().ToString();
    return j.ok() ? std::move(j).value() : nullptr;
  }

  PhaseEnv Env(journal::Journal* journal) {
    return PhaseEnv{platform::DefaultPlatform(), reporter_, Options{}, journal, 0, nullptr};
  }

  static bool Succeeds(const Result<Report>& r) { return r.ok() && r->ok(); }

  bool Verifies(const fs::path& medium) {
    PhaseEnv env = Env(nullptr);
    return Succeeds(RunVerify(env, medium, {}));
  }

  // The payloads the journal calls verified, with their mtime now.
  std::map<std::string, int64_t> VerifiedPayloads(const fs::path& journal_file,
                                                  const fs::path& medium) {
    std::map<std::string, int64_t> out;
    auto journal = OpenJournal(journal_file);
    auto records = journal->Payloads(medium.string());
    EXPECT_TRUE(records.ok());
    for (const journal::PayloadRecord& r :
         records.ok() ? *records : std::vector<journal::PayloadRecord>{}) {
      auto info = platform::DefaultPlatform().Stat(medium / r.path);
      // A payload the failed run removed again is not there to keep.
      if (r.state == "verified" && info.ok()) out[r.path] = info->mtime_ns;
    }
    return out;
  }

  // Runs export again on the real platform with the same journal: it must
  // finish, the medium must verify, and what was verified is kept as it was.
  void ResumeAndVerify(const fs::path& journal_file, const fs::path& medium) {
    const std::map<std::string, int64_t> kept = VerifiedPayloads(journal_file, medium);
    auto journal = OpenJournal(journal_file);
    PhaseEnv again = Env(journal.get());
    Result<Report> resumed = RunExport(again, stack_, medium);
    ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
    EXPECT_TRUE(resumed->ok());
    EXPECT_TRUE(Verifies(medium));
    for (const auto& [path, mtime] : kept) {
      auto info = platform::DefaultPlatform().Stat(medium / path);
      ASSERT_TRUE(info.ok()) << path;
      EXPECT_EQ(info->mtime_ns, mtime)
          << path << " was verified before the fault and written again after it";
    }
  }

  // The journal writes of an export that runs undisturbed, in order.
  std::vector<std::string> CountJournalWrites() {
    const fs::path medium = tmp_.path() / "count-medium";
    fs::create_directories(medium);
    auto journal = OpenJournal(tmp_.path() / "count.sqlite");
    std::vector<std::string> writes;
    journal->SetWriteHook([&](std::string_view write, bool committed) {
      if (!committed) writes.emplace_back(write);
      return Status::Ok();
    });
    PhaseEnv env = Env(journal.get());
    EXPECT_TRUE(Succeeds(RunExport(env, stack_, medium)));
    return writes;
  }

  archive::testing::TempDir tmp_;
  stack::StackFile stack_;
  SilentReporter reporter_;
};

// Per component: its facts, then its one payload written and verified.
constexpr size_t kJournalWrites = 9;

TEST_F(JournalFaultTest, ExportFailingAtEveryJournalWriteNeverPassesAndResumes) {
  const std::vector<std::string> writes = CountJournalWrites();
  ASSERT_EQ(writes.size(), kJournalWrites);

  for (bool after_commit : {false, true}) {
    for (size_t k = 0; k < writes.size(); ++k) {
      SCOPED_TRACE("journal write " + std::to_string(k) + " (" + writes[k] + ") failing " +
                   (after_commit ? "after it committed" : "before it happened"));
      const std::string name = std::string(after_commit ? "after-" : "before-") + std::to_string(k);
      const fs::path medium = tmp_.path() / ("medium-" + name);
      const fs::path journal_file = tmp_.path() / ("journal-" + name + ".sqlite");
      fs::create_directories(medium);
      {
        auto journal = OpenJournal(journal_file);
        size_t n = 0;
        journal->SetWriteHook([&](std::string_view, bool committed) {
          if (committed != after_commit || n++ != k) return Status::Ok();
          return Status::Error("X004", "journal: injected failure");
        });
        PhaseEnv env = Env(journal.get());
        EXPECT_FALSE(Succeeds(RunExport(env, stack_, medium)));
        EXPECT_EQ(n, k + 1) << "the failing write was never reached";
      }
      EXPECT_FALSE(Verifies(medium))
          << "an export whose journal failed left a medium that verifies";
      ResumeAndVerify(journal_file, medium);
    }
  }
}

TEST_F(JournalFaultTest, ExportKilledAtEveryJournalWriteResumes) {
  const std::vector<std::string> writes = CountJournalWrites();
  ASSERT_EQ(writes.size(), kJournalWrites);

  for (bool after_commit : {false, true}) {
    for (size_t k = 0; k < writes.size(); ++k) {
      SCOPED_TRACE("killed " + std::string(after_commit ? "after" : "before") + " journal write " +
                   std::to_string(k) + " (" + writes[k] + ")");
      const std::string name = std::string(after_commit ? "after-" : "before-") + std::to_string(k);
      const fs::path medium = tmp_.path() / ("medium-" + name);
      const fs::path journal_file = tmp_.path() / ("journal-" + name + ".sqlite");
      fs::create_directories(medium);
      // In a forked child: it opens the journal, exports, and is killed at
      // the step; returning from the export instead is a failure.
      EXPECT_EXIT(
          {
            auto journal = OpenJournal(journal_file);
            size_t n = 0;
            journal->SetWriteHook([&](std::string_view, bool committed) {
              if (committed == after_commit && n++ == k) std::raise(SIGKILL);
              return Status::Ok();
            });
            PhaseEnv env = Env(journal.get());
            (void)RunExport(env, stack_, medium);
            std::fprintf(stderr, "the export finished without reaching journal write %zu\n", k);
            std::_Exit(3);
          },
          ::testing::KilledBySignal(SIGKILL), "");
      EXPECT_FALSE(Verifies(medium))
          << "an export killed before its manifest left a medium that verifies";
      ResumeAndVerify(journal_file, medium);
    }
  }
}

}  // namespace
}  // namespace ferry::phases
