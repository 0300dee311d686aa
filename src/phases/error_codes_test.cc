// The code a failure gets depends on where it happened, not on the errno
// alone: the same EIO is FS003 ("reseat the drive") on the medium, FS011
// ("check the source disk") on the source, T006 on the restore target; the
// same ENOSPC is FS005 on the medium and R002 on the target. Each case runs a
// whole phase on real files with one fault injected through the platform,
// which itself reports only the errno (issue 10: codes were picked in the
// platform layer, so every read failure advised reseating the USB drive).
#include <gtest/gtest.h>

#include <cerrno>
#include <fstream>

#include "archive/testing/tree_fixtures.h"
#include "phases/export.h"
#include "phases/restore.h"
#include "phases/verify.h"
#include "platform/fault_injection.h"

namespace ferry::phases {
namespace {

namespace fs = std::filesystem;

using archive::testing::WriteFile;

// The first failing code of a phase: its error, or its first failing finding.
std::string FirstCode(const Result<Report>& r) {
  if (!r.ok()) return std::string(r.status().code());
  for (const Finding& f : r->findings) {
    if (!f.passed() && f.severity != Severity::kInfo) return f.code;
  }
  return "";
}

class ErrorCodesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    source_ = tmp_.path() / "source";
    medium_ = tmp_.path() / "medium";
    target_ = tmp_.path() / "target";
    WriteFile(source_ / "models" / "weights.bin", std::string(200000, 'w'));
    WriteFile(source_ / "models" / "meta.json", "{}\n");
    const std::string text =
        "[stack]\nname = \"codes\"\n\n"
        "[[component]]\nname = \"models\"\nkind = \"files\"\npath = \"models\"\n";
    WriteFile(source_ / "ferry.toml", text);
    auto parsed = stack::ParseStackFile(text, source_ / "ferry.toml");
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    stack_ = *parsed;
    fs::create_directories(medium_);
    fs::create_directories(target_);
  }

  PhaseEnv Env(platform::Platform& os) {
    return PhaseEnv{os, reporter_, Options{}, nullptr, 0, nullptr};
  }

  Result<Report> Export(platform::Platform& os) {
    PhaseEnv env = Env(os);
    return RunExport(env, stack_, medium_);
  }
  Result<Report> Restore(platform::Platform& os) {
    PhaseEnv env = Env(os);
    return RunRestore(env, TargetOptions{medium_, {}, target_, false, ""});
  }
  void ExportForReal() {
    auto r = Export(platform::DefaultPlatform());
    ASSERT_TRUE(r.ok() && r->ok()) << FirstCode(r);
  }

  archive::testing::TempDir tmp_;
  fs::path source_, medium_, target_;
  stack::StackFile stack_;
  SilentReporter reporter_;
};

TEST_F(ErrorCodesTest, ASourceThatCannotBeReadIsFs011NotTheMediumsFs003) {
  platform::FaultInjectingPlatform faulty(platform::DefaultPlatform());
  faulty.FailReadsUnder(source_ / "models", EIO);
  auto r = Export(faulty);
  EXPECT_EQ(FirstCode(r), "FS011");
  EXPECT_EQ(Code::Parse(FirstCode(r))->outcome(), Outcome::kProblemFound);
}

TEST_F(ErrorCodesTest, AFullMediumIsFs005AndAReadOnlyOneFs001) {
  platform::FaultInjectingPlatform full(platform::DefaultPlatform());
  full.FailWritesAfter(1000, ENOSPC);
  EXPECT_EQ(FirstCode(Export(full)), "FS005");

  platform::FaultInjectingPlatform read_only(platform::DefaultPlatform());
  read_only.FailCreatesUnder(medium_, EROFS);
  EXPECT_EQ(FirstCode(Export(read_only)), "FS001");
}

TEST_F(ErrorCodesTest, AMediumThatCannotBeReadIsFs003) {
  ExportForReal();
  platform::FaultInjectingPlatform faulty(platform::DefaultPlatform());
  faulty.FailReadsUnder(medium_ / "models", EIO);
  PhaseEnv env = Env(faulty);
  EXPECT_EQ(FirstCode(RunVerify(env, medium_, {})), "FS003");
}

TEST_F(ErrorCodesTest, AFullTargetIsR002AndAFailingOneT006NotTheMediumsCodes) {
  ExportForReal();
  for (auto [err, expected] : {std::pair{ENOSPC, "R002"}, std::pair{EIO, "T006"}}) {
    SCOPED_TRACE(expected);
    target_ = tmp_.path() / ("target-" + std::string(expected));
    fs::create_directories(target_);
    platform::FaultInjectingPlatform failing(platform::DefaultPlatform());
    failing.FailCreatesUnder(target_, err);
    EXPECT_EQ(FirstCode(Restore(failing)), expected);
  }
}

TEST_F(ErrorCodesTest, ALockedMediumIsM004AndItsOwnFileExistsIsNot) {
  // A leftover of ours is taken over; another live ferry's lock is M004.
  WriteFile(medium_ / ".ferry.lock", "{\"host\":\"elsewhere\",\"pid\":1,\"command\":\"export\"}\n");
  EXPECT_EQ(FirstCode(Export(platform::DefaultPlatform())), "M004");
}

}  // namespace
}  // namespace ferry::phases
