// Whole phases under injected write faults, in the manner of leveldb's
// fault_injection_test: export and pull are run once to count their
// writes, then once per write with exactly that write failing (ENOSPC
// after a short write, EIO), and each time
//  - the phase must not report success,
//  - the medium must not pass verify (nothing partial passes for complete),
//  - a second run on the real platform must finish and verify,
// which is promise 5: every interruption is resumable.
#include <gtest/gtest.h>

#include <cerrno>
#include <fstream>
#include <random>

#include "archive/testing/tree_fixtures.h"
#include "phases/export.h"
#include "phases/pull.h"
#include "phases/verify.h"
#include "platform/fault_injection.h"

namespace ferry::phases {
namespace {

namespace fs = std::filesystem;

using archive::testing::RandomBytes;
using archive::testing::WriteFile;

class PhaseFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const fs::path src = tmp_.path() / "source";
    for (int i = 0; i < 12; ++i)
      WriteFile(src / "models" / ("part-" + std::to_string(i) + ".txt"),
                std::string(3000, 'a' + i));
    WriteFile(src / "models" / "weights.bin", RandomBytes(1 << 20, 7));
    WriteFile(src / "docs" / "readme.md", "the docs\n");
    const std::string text =
        "[stack]\nname = \"faults\"\n\n"
        "[[component]]\nname = \"models\"\nkind = \"files\"\npath = \"models\"\n\n"
        "[[component]]\nname = \"docs\"\nkind = \"files\"\npath = \"docs\"\n";
    WriteFile(src / "ferry.toml", text);
    auto parsed = stack::ParseStackFile(text, src / "ferry.toml");
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    stack_ = *parsed;
  }

  // A journal of its own per medium, as a real run on another day would use.
  std::unique_ptr<journal::Journal> OpenJournal(const std::string& name) {
    auto j = journal::Journal::Open(tmp_.path() / ("journal-" + name + ".db"));
    EXPECT_TRUE(j.ok()) << j.status().ToString();
    return j.ok() ? std::move(j).value() : nullptr;
  }

  PhaseEnv Env(platform::Platform& os, journal::Journal* journal) {
    return PhaseEnv{os, reporter_, Options{}, journal, 0, nullptr};
  }

  bool Succeeds(const Result<Report>& r) { return r.ok() && r->ok(); }

  bool Verifies(const fs::path& medium) {
    PhaseEnv env = Env(platform::DefaultPlatform(), nullptr);
    return Succeeds(RunVerify(env, medium, {}));
  }

  archive::testing::TempDir tmp_;
  stack::StackFile stack_;
  SilentReporter reporter_;
};

struct Fault {
  int err;
  bool short_write;
  const char* name;
};

constexpr Fault kFaults[] = {{ENOSPC, true, "ENOSPC after a short write"}, {EIO, false, "EIO"}};

TEST_F(PhaseFaultTest, ExportFailingAtEveryWriteNeverPassesAndResumes) {
  platform::FaultInjectingPlatform counting(platform::DefaultPlatform());
  auto counting_journal = OpenJournal("count");
  PhaseEnv count_env = Env(counting, counting_journal.get());
  fs::create_directories(tmp_.path() / "count-medium");
  ASSERT_TRUE(Succeeds(RunExport(count_env, stack_, tmp_.path() / "count-medium")));
  const int64_t writes = counting.WriteCalls();
  ASSERT_GT(writes, 3);

  for (const Fault& fault : kFaults) {
    for (int64_t n = 0; n < writes; ++n) {
      SCOPED_TRACE(std::string(fault.name) + " at write " + std::to_string(n) + " of " +
                   std::to_string(writes));
      const fs::path medium =
          tmp_.path() / ("medium-" + std::to_string(fault.err) + "-" + std::to_string(n));
      fs::create_directories(medium);
      auto journal = OpenJournal(medium.filename().string());
      platform::FaultInjectingPlatform faulty(platform::DefaultPlatform());
      faulty.FailNthWrite(n, fault.err, fault.short_write);
      PhaseEnv env = Env(faulty, journal.get());
      EXPECT_FALSE(Succeeds(RunExport(env, stack_, medium)));
      EXPECT_FALSE(Verifies(medium)) << "a failed export left a medium that verifies";

      PhaseEnv again = Env(platform::DefaultPlatform(), journal.get());
      Result<Report> resumed = RunExport(again, stack_, medium);
      ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
      EXPECT_TRUE(resumed->ok());
      EXPECT_TRUE(Verifies(medium));
    }
  }
}

TEST_F(PhaseFaultTest, PullFailingAtEveryWriteNeverPassesAndResumes) {
  const fs::path medium = tmp_.path() / "medium";
  fs::create_directories(medium);
  {
    PhaseEnv env = Env(platform::DefaultPlatform(), nullptr);
    ASSERT_TRUE(Succeeds(RunExport(env, stack_, medium)));
  }
  platform::FaultInjectingPlatform counting(platform::DefaultPlatform());
  auto counting_journal = OpenJournal("count");
  PhaseEnv count_env = Env(counting, counting_journal.get());
  ASSERT_TRUE(Succeeds(RunPull(count_env, medium, tmp_.path() / "count-copy")));
  const int64_t writes = counting.WriteCalls();
  ASSERT_GT(writes, 3);

  for (const Fault& fault : kFaults) {
    for (int64_t n = 0; n < writes; ++n) {
      SCOPED_TRACE(std::string(fault.name) + " at write " + std::to_string(n) + " of " +
                   std::to_string(writes));
      const fs::path copy =
          tmp_.path() / ("copy-" + std::to_string(fault.err) + "-" + std::to_string(n));
      auto journal = OpenJournal(copy.filename().string());
      platform::FaultInjectingPlatform faulty(platform::DefaultPlatform());
      faulty.FailNthWrite(n, fault.err, fault.short_write);
      PhaseEnv env = Env(faulty, journal.get());
      EXPECT_FALSE(Succeeds(RunPull(env, medium, copy)));
      EXPECT_FALSE(Verifies(copy)) << "a failed pull left a copy that verifies";

      PhaseEnv again = Env(platform::DefaultPlatform(), journal.get());
      EXPECT_TRUE(Succeeds(RunPull(again, medium, copy)));
      EXPECT_TRUE(Verifies(copy));
    }
  }
}

}  // namespace
}  // namespace ferry::phases
