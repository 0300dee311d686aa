#include "medium/medium.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>

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
  std::ofstream(dir_ / ".ferry.lock")
      << "{\"host\":\"" << os_.HostName() << "\",\"pid\":" << child << ",\"command\":\"export\"}\n";
  auto taken = MediumLock::Acquire(m, "export", false, say);
  ASSERT_TRUE(taken.ok()) << taken.status().ToString();
  EXPECT_NE(said.find("no longer running"), std::string::npos);
}

TEST_F(MediumTest, ForeignHostLockNeedsBreakLock) {
  Medium m(os_, dir_);
  std::ofstream(dir_ / ".ferry.lock")
      << "{\"host\":\"another-box\",\"pid\":1,\"command\":\"export\"}\n";
  auto refused = MediumLock::Acquire(m, "export", false, [](const std::string&) {});
  EXPECT_EQ(refused.status().code(), "M004");
  auto broken = MediumLock::Acquire(m, "export", true, [](const std::string&) {});
  EXPECT_TRUE(broken.ok());
}

// Counts the bytes the platform hands out of every file opened for reading.
class ReadCountingPlatform final : public platform::PlatformWrapper {
 public:
  explicit ReadCountingPlatform(platform::Platform& target) : PlatformWrapper(target) {}
  Result<std::unique_ptr<platform::ReadableFile>> OpenRead(const fs::path& p,
                                                           platform::ReadMode m) override {
    FERRY_ASSIGN_OR_RETURN(auto file, PlatformWrapper::OpenRead(p, m));
    return std::unique_ptr<platform::ReadableFile>(new Counted(std::move(file), bytes_read));
  }
  uint64_t bytes_read = 0;

 private:
  class Counted final : public platform::ReadableFile {
   public:
    Counted(std::unique_ptr<platform::ReadableFile> inner, uint64_t& count)
        : inner_(std::move(inner)), count_(count) {}
    Result<size_t> Read(std::span<std::byte> buffer) override {
      FERRY_ASSIGN_OR_RETURN(size_t n, inner_->Read(buffer));
      count_ += n;
      return n;
    }
    Result<size_t> ReadAt(uint64_t offset, std::span<std::byte> buffer) override {
      FERRY_ASSIGN_OR_RETURN(size_t n, inner_->ReadAt(offset, buffer));
      count_ += n;
      return n;
    }
    Result<std::vector<platform::DataRegion>> DataRegions() override {
      return inner_->DataRegions();
    }

   private:
    std::unique_ptr<platform::ReadableFile> inner_;
    uint64_t& count_;
  };
};

// Issue 9 item 6: a payload that grew on the medium (its first N bytes still
// the exported ones, so their digest matches) yields its N bytes and then
// M006, and nothing past N is read but the one byte that proves it grew.
TEST_F(MediumTest, PayloadLongerThanItsRecordedSizeIsReadOnlyToThatSize) {
  const std::string exported(100000, 'e');
  {
    std::ofstream out(dir_ / "payload.bin", std::ios::binary);
    out << exported << std::string(8 << 20, 'x');  // 8 MiB appended
  }
  ReadCountingPlatform counting(os_);
  Medium m(counting, dir_);
  auto source = m.Open("payload.bin", platform::ReadMode::kCached, exported.size());
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  stream::StringSink got;
  Status pumped = stream::Pump(**source, got);
  EXPECT_EQ(pumped.code(), "M006") << pumped.ToString();
  EXPECT_EQ(got.text(), exported);
  EXPECT_EQ(counting.bytes_read, exported.size() + 1);

  counting.bytes_read = 0;
  auto digest = m.HashFromDevice("payload.bin", exported.size());
  ASSERT_FALSE(digest.ok());
  EXPECT_EQ(digest.status().code(), "M006");
  EXPECT_LE(counting.bytes_read, exported.size() + 1);
}

}  // namespace
}  // namespace ferry::medium
