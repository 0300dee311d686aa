#include "archive/safe_extract.h"

#include <gtest/gtest.h>

#include "archive/tar_writer.h"
#include "archive/testing/evil_tar.h"
#include "archive/testing/tree_fixtures.h"

namespace ferry::archive {
namespace {

namespace fs = std::filesystem;
using testing::EvilTar;
using testing::TempDir;

class SafeExtractTest : public ::testing::Test {
 protected:
  Status Extract(const std::string& tar) {
    stream::StringSource source(tar);
    auto result = SafeExtract(source, target_);
    return result.ok() ? Status::Ok() : result.status();
  }
  // Every file under tmp_, outside the target.
  std::vector<std::string> Outside() {
    std::vector<std::string> found;
    for (auto it = fs::recursive_directory_iterator(tmp_.path()); it != fs::end(it); ++it) {
      const fs::path rel = it->path().lexically_relative(tmp_.path());
      if (*rel.begin() != "target" && rel != "outside") found.push_back(rel.string());
    }
    return found;
  }

  TempDir tmp_;
  fs::path target_ = tmp_.path() / "target";
  fs::path outside_ = tmp_.path() / "outside";
  void SetUp() override { fs::create_directories(outside_); }
};

TEST_F(SafeExtractTest, DotDotIsRefused) {
  Status s = Extract(EvilTar().Dir("./").File("ok", "fine").File("../evil", "x").Bytes());
  EXPECT_EQ(s.code(), "M003") << s.ToString();
  EXPECT_FALSE(fs::exists(tmp_.path() / "evil"));
  EXPECT_TRUE(Outside().empty());
}

TEST_F(SafeExtractTest, HiddenDotDotIsRefused) {
  Status s = Extract(EvilTar().File("a/../../evil", "x").Bytes());
  EXPECT_EQ(s.code(), "M003");
  EXPECT_TRUE(Outside().empty());
}

TEST_F(SafeExtractTest, AbsolutePathIsRefused) {
  const fs::path evil = outside_ / "abs-evil";
  Status s = Extract(EvilTar().File(evil.string(), "x").Bytes());
  EXPECT_EQ(s.code(), "M003");
  EXPECT_FALSE(fs::exists(evil));
}

TEST_F(SafeExtractTest, WriteThroughSymlinkIsRefused) {
  Status s = Extract(
      EvilTar().Dir("./").Symlink("link", outside_.string()).File("link/file", "x").Bytes());
  EXPECT_EQ(s.code(), "M003") << s.ToString();
  EXPECT_FALSE(fs::exists(outside_ / "file"));
  EXPECT_TRUE(fs::is_empty(outside_));
}

TEST_F(SafeExtractTest, WriteThroughRelativeSymlinkIsRefused) {
  Status s = Extract(EvilTar().Symlink("up", "..").File("up/outside/file", "x").Bytes());
  EXPECT_EQ(s.code(), "M003");
  EXPECT_TRUE(fs::is_empty(outside_));
}

TEST_F(SafeExtractTest, HardLinkOutsideIsRefused) {
  testing::WriteFile(outside_ / "x", "secret");
  Status s = Extract(EvilTar().Dir("./").HardLink("h", "../outside/x").Bytes());
  EXPECT_EQ(s.code(), "M003");
  EXPECT_FALSE(fs::exists(target_ / "h"));
  Status abs = Extract(EvilTar().HardLink("h2", (outside_ / "x").string()).Bytes());
  EXPECT_EQ(abs.code(), "M003");
  EXPECT_EQ(testing::ReadFile(outside_ / "x"), "secret");
}

TEST_F(SafeExtractTest, HardLinkThroughSymlinkIsRefused) {
  testing::WriteFile(outside_ / "x", "secret");
  Status s = Extract(EvilTar().Symlink("l", outside_.string()).HardLink("h", "l/x").Bytes());
  EXPECT_EQ(s.code(), "M003");
  EXPECT_EQ(testing::ReadFile(outside_ / "x"), "secret");
}

TEST_F(SafeExtractTest, AbsoluteSymlinkTargetsAreKeptAsData) {
  ASSERT_TRUE(Extract(EvilTar().Dir("./").Symlink("etc", "/etc").File("ok", "x").Bytes()).ok());
  EXPECT_EQ(fs::read_symlink(target_ / "etc"), "/etc");
}

TEST_F(SafeExtractTest, TruncatedStreamIsFs002) {
  testing::WriteFile(tmp_.path() / "src" / "big", testing::RandomBytes(200000, 5));
  stream::StringSink sink;
  ASSERT_TRUE(WriteTar(platform::DefaultPlatform(), tmp_.path() / "src", {}, sink).ok());
  const std::string tar = sink.text();
  Status s = Extract(tar.substr(0, tar.size() / 2));
  EXPECT_EQ(s.code(), "FS002") << s.ToString();
  Status garbage = Extract(std::string(5000, 'x'));
  EXPECT_EQ(garbage.code(), "FS002") << garbage.ToString();
}

TEST_F(SafeExtractTest, SourceErrorIsReported) {
  struct Failing final : stream::ByteSource {
    Result<size_t> Read(std::span<std::byte>) override {
      return Status::Error("FS002", "zstd truncated");
    }
  } source;
  auto result = SafeExtract(source, target_);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), "FS002");
  EXPECT_EQ(result.status().message(), "zstd truncated");
}

TEST_F(SafeExtractTest, ErrorAfterTheLastEntryStillFails) {
  // A zstd frame cut inside tar's final padding: every entry is complete,
  // but the stream is not.
  struct CutAfterTar final : stream::ByteSource {
    explicit CutAfterTar(std::string tar) : inner(std::move(tar)) {}
    Result<size_t> Read(std::span<std::byte> buffer) override {
      FERRY_ASSIGN_OR_RETURN(size_t n, inner.Read(buffer));
      if (n == 0) return Status::Error("FS002", "zstd frame truncated");
      return n;
    }
    stream::StringSource inner;
  } source(EvilTar().Dir("./").File("a", "complete").Bytes());
  auto result = SafeExtract(source, target_);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), "FS002");
}

TEST(SafeRelativeNameTest, Normalizes) {
  EXPECT_EQ(*SafeRelativeName("./"), "");
  EXPECT_EQ(*SafeRelativeName("a//./b/"), "a/b");
  EXPECT_EQ(*SafeRelativeName("-x\\y z"), "-x\\y z");
  EXPECT_EQ(SafeRelativeName("a/..").status().code(), "M003");
  EXPECT_EQ(SafeRelativeName("/a").status().code(), "M003");
  EXPECT_EQ(SafeRelativeName("").status().code(), "M003");
}

}  // namespace
}  // namespace ferry::archive
