#include "medium/medium.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>

#include <gtest/gtest.h>

#include "medium/lock.h"
#include "platform/fault_injection.h"

namespace ferry::medium {
namespace {

class MediumTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("ferry-medium-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  platform::Platform& os_ = platform::DefaultPlatform();
};

TEST_F(MediumTest, CommitRenamesPartAndHashes) {
  Medium m(os_, dir_);
  auto f = m.Create("comp/payload.bin");
  ASSERT_TRUE(f.ok());
  ASSERT_TRUE((*f)->Write(stream::AsBytes("abc")).ok());
  EXPECT_TRUE(fs::exists(dir_ / "comp/payload.bin.part"));
  EXPECT_FALSE(fs::exists(dir_ / "comp/payload.bin"));
  ASSERT_TRUE((*f)->Commit().ok());
  EXPECT_EQ((*f)->sha256(), stream::Sha256Hex("abc"));
  EXPECT_FALSE(fs::exists(dir_ / "comp/payload.bin.part"));
  auto d = m.HashFromDevice("comp/payload.bin");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->sha256, stream::Sha256Hex("abc"));
  EXPECT_EQ(d->size, 3u);
}

TEST_F(MediumTest, AbandonedWriteLeavesNothing) {
  Medium m(os_, dir_);
  {
    auto f = m.Create("x.bin");
    ASSERT_TRUE(f.ok());
    ASSERT_TRUE((*f)->Write(stream::AsBytes("half")).ok());
  }
  auto files = m.List();
  ASSERT_TRUE(files.ok());
  EXPECT_TRUE(files->empty());
}

TEST_F(MediumTest, FullMediumIsFs005AndNoFileRemains) {
  platform::FaultInjectingPlatform faulty(os_);
  faulty.FailWritesAfter(10, ENOSPC);
  Medium m(faulty, dir_);
  auto f = m.Create("big.bin");
  ASSERT_TRUE(f.ok());
  Status s = (*f)->Write(stream::AsBytes(std::string(100, 'x')));
  EXPECT_EQ(s.code(), "FS005");
  (*f)->Abort();
  EXPECT_TRUE(m.List()->empty());
}

TEST_F(MediumTest, ReadOnlyMediumIsFs001) {
  platform::FaultInjectingPlatform faulty(os_);
  faulty.FailCreatesUnder(dir_, EROFS);
  Medium m(faulty, dir_);
  EXPECT_EQ(m.CheckWritable().code(), "FS001");
  EXPECT_TRUE(Medium(os_, dir_).CheckWritable().ok());
  EXPECT_EQ(Medium(os_, dir_ / "absent").CheckWritable().code(), "FS001");
}

TEST_F(MediumTest, LockExcludesSecondWriterAndTakesOverDeadOwner) {
  Medium m(os_, dir_);
  std::string said;
  auto say = [&](const std::string& s) { said = s; };
  {
    auto first = MediumLock::Acquire(m, "export", false, say);
    ASSERT_TRUE(first.ok());
    auto second = MediumLock::Acquire(m, "export", false, say);
    EXPECT_EQ(second.status().code(), "M004");
  }
  EXPECT_FALSE(fs::exists(dir_ / ".ferry.lock"));

  // A lock left by a process that has exited (a real pid, reaped).
  pid_t child = ::fork();
  if (child == 0) _exit(0);
  ::waitpid(child, nullptr, 0);
  std::ofstream(dir_ / ".ferry.lock") << "{\"host\":\"" << os_.HostName() << "\",\"pid\":" << child
                                      << ",\"command\":\"export\"}\n";
  auto taken = MediumLock::Acquire(m, "export", false, say);
  ASSERT_TRUE(taken.ok()) << taken.status().ToString();
  EXPECT_NE(said.find("no longer running"), std::string::npos);
}

TEST_F(MediumTest, ForeignHostLockNeedsBreakLock) {
  Medium m(os_, dir_);
  std::ofstream(dir_ / ".ferry.lock") << "{\"host\":\"another-box\",\"pid\":1,\"command\":\"export\"}\n";
  auto refused = MediumLock::Acquire(m, "export", false, [](const std::string&) {});
  EXPECT_EQ(refused.status().code(), "M004");
  auto broken = MediumLock::Acquire(m, "export", true, [](const std::string&) {});
  EXPECT_TRUE(broken.ok());
}

}  // namespace
}  // namespace ferry::medium
