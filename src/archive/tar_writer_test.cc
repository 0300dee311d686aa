#include "archive/tar_writer.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "archive/safe_extract.h"
#include "archive/testing/tree_fixtures.h"
#include "archive/tree_digest.h"
#include "stream/file_stream.h"

namespace ferry::archive {
namespace {

namespace fs = std::filesystem;
using testing::Describe;
using testing::TempDir;
using testing::WriteFile;

platform::Platform& Os() { return platform::DefaultPlatform(); }

std::string TarOf(const fs::path& root, const PathFilter& filter = {}, TreeFacts* facts = nullptr) {
  stream::StringSink sink;
  auto result = WriteTar(Os(), root, filter, sink);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  if (facts && result.ok()) *facts = *result;
  return sink.text();
}

Status Extract(const std::string& tar, const fs::path& target) {
  stream::StringSource source(tar);
  auto result = SafeExtract(source, target);
  return result.ok() ? Status::Ok() : result.status();
}

class TarWriterTest : public ::testing::Test {
 protected:
  TempDir tmp_;
  fs::path src_ = tmp_.path() / "src";
  fs::path out_ = tmp_.path() / "out";
};

TEST_F(TarWriterTest, HostileTreeRoundTripsExactly) {
  testing::MakeHostileTree(src_);
  TreeFacts facts;
  const std::string tar = TarOf(src_, {}, &facts);
  // The sparse file's holes take no room in the archive.
  EXPECT_LT(tar.size(), 4u << 20);
  ASSERT_TRUE(Extract(tar, out_).ok());

  auto restored = TreeDigest(Os(), out_, {});
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  EXPECT_EQ(restored->sha256, facts.sha256);
  EXPECT_EQ(restored->files, facts.files);
  EXPECT_EQ(restored->bytes, facts.bytes);
  EXPECT_EQ(facts.symlinks, 4u);
  // Independent of the digest: stat fields and bytes, path by path.
  EXPECT_EQ(Describe(out_), Describe(src_));
  EXPECT_LT(testing::AllocatedBytes(out_ / "sparse.bin"), 1u << 20) << "sparse file was filled";
}

TEST_F(TarWriterTest, FactsFromTheTarPassEqualTheDigestOfTheSource) {
  testing::MakeHostileTree(src_);
  TreeFacts facts;
  TarOf(src_, {}, &facts);
  auto digest = TreeDigest(Os(), src_, {});
  ASSERT_TRUE(digest.ok());
  EXPECT_EQ(digest->sha256, facts.sha256);
  EXPECT_EQ(digest->files, facts.files);
  EXPECT_EQ(digest->dirs, facts.dirs);
  EXPECT_EQ(digest->bytes, facts.bytes);
  EXPECT_GT(facts.bytes, testing::kSparseSize);
}

TEST_F(TarWriterTest, OutputIsDeterministicAndSourceUntouched) {
  testing::MakeHostileTree(src_);
  auto before = Describe(src_);
  auto digest_before = TreeDigest(Os(), src_, {});
  const std::string first = TarOf(src_);
  const std::string second = TarOf(src_);
  EXPECT_TRUE(first == second) << "two exports of one tree differ";
  EXPECT_EQ(Describe(src_), before);
  auto digest_after = TreeDigest(Os(), src_, {});
  ASSERT_TRUE(digest_before.ok() && digest_after.ok());
  EXPECT_EQ(digest_after->sha256, digest_before->sha256);
}

TEST_F(TarWriterTest, DigestSeesContentModeAndLinkChanges) {
  WriteFile(src_ / "a", "one");
  fs::create_symlink("a", src_ / "l");
  auto base = TreeDigest(Os(), src_, {});
  WriteFile(src_ / "a", "two");
  auto content = TreeDigest(Os(), src_, {});
  ::chmod((src_ / "a").c_str(), 0600);
  auto mode = TreeDigest(Os(), src_, {});
  fs::remove(src_ / "l");
  fs::create_symlink("b", src_ / "l");
  auto link = TreeDigest(Os(), src_, {});
  ASSERT_TRUE(base.ok() && content.ok() && mode.ok() && link.ok());
  EXPECT_NE(base->sha256, content->sha256);
  EXPECT_NE(content->sha256, mode->sha256);
  EXPECT_NE(mode->sha256, link->sha256);
}

TEST_F(TarWriterTest, ExcludesMatchAtAnyDepthAndIncludesSelect) {
  WriteFile(src_ / "keep.py", "x");
  WriteFile(src_ / "keep.pyc", "x");
  WriteFile(src_ / "pkg" / "__pycache__" / "m.cpython.pyc", "x");
  WriteFile(src_ / "pkg" / "mod.py", "x");
  WriteFile(src_ / "pkg" / "deep" / "x.pyc", "x");
  WriteFile(src_ / "proj" / ".git" / "HEAD", "x");
  WriteFile(src_ / "ner.egg-info" / "PKG-INFO", "x");
  PathFilter filter({}, {"*.pyc", "__pycache__", "*.egg-info", ".git"});
  TreeFacts facts;
  ASSERT_TRUE(Extract(TarOf(src_, filter, &facts), out_).ok());
  EXPECT_TRUE(fs::exists(out_ / "keep.py"));
  EXPECT_TRUE(fs::exists(out_ / "pkg" / "mod.py"));
  EXPECT_TRUE(fs::exists(out_ / "proj"));
  EXPECT_FALSE(fs::exists(out_ / "keep.pyc"));
  EXPECT_FALSE(fs::exists(out_ / "pkg" / "__pycache__"));
  EXPECT_FALSE(fs::exists(out_ / "pkg" / "deep" / "x.pyc"));
  EXPECT_FALSE(fs::exists(out_ / "proj" / ".git"));
  EXPECT_FALSE(fs::exists(out_ / "ner.egg-info"));
  EXPECT_EQ(facts.files, 2u);
  auto restored = TreeDigest(Os(), out_, filter);
  ASSERT_TRUE(restored.ok());
  EXPECT_EQ(restored->sha256, facts.sha256);

  PathFilter only_py({"*.py"}, {});
  TreeFacts py;
  TarOf(src_, only_py, &py);
  EXPECT_EQ(py.files, 2u);  // keep.py, pkg/mod.py
}

TEST_F(TarWriterTest, SingleFileTravelsUnderItsName) {
  WriteFile(tmp_.path() / "model.bin", testing::RandomBytes(5000, 3), 0640);
  TreeFacts facts;
  const std::string tar = TarOf(tmp_.path() / "model.bin", {}, &facts);
  EXPECT_EQ(facts.files, 1u);
  stream::StringSource source(tar);
  auto summary = SafeExtract(source, out_);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_FALSE(summary->has_root_dir);
  EXPECT_EQ(summary->first_name, "model.bin");
  EXPECT_EQ(testing::ReadFile(out_ / "model.bin"), testing::ReadFile(tmp_.path() / "model.bin"));
  // The digest ignores the name, so it can be restored under another one.
  fs::rename(out_ / "model.bin", tmp_.path() / "renamed.bin");
  auto digest = TreeDigest(Os(), tmp_.path() / "renamed.bin", {});
  ASSERT_TRUE(digest.ok());
  EXPECT_EQ(digest->sha256, facts.sha256);
}

TEST_F(TarWriterTest, RootSymlinkIsFollowed) {
  WriteFile(src_ / "data" / "a", "a");
  fs::create_directory_symlink(src_ / "data", tmp_.path() / "link");
  fs::create_symlink(src_ / "data" / "a", tmp_.path() / "file-link");
  TreeFacts via_link, direct, file;
  TarOf(tmp_.path() / "link", {}, &via_link);
  TarOf(src_ / "data", {}, &direct);
  EXPECT_EQ(via_link.sha256, direct.sha256);
  EXPECT_EQ(via_link.files, 1u);
  stream::StringSource source(TarOf(tmp_.path() / "file-link", {}, &file));
  auto summary = SafeExtract(source, out_);
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->first_name, "file-link");
  EXPECT_EQ(testing::ReadFile(out_ / "file-link"), "a");
}

TEST_F(TarWriterTest, GnuTarReadsThePayload) {
  testing::MakeHostileTree(src_);
  const fs::path tar_file = tmp_.path() / "t.tar";
  WriteFile(tar_file, TarOf(src_));
  fs::create_directories(out_);
  const std::string cmd = "tar -tf '" + tar_file.string() + "' >/dev/null && tar -xpf '" +
                          tar_file.string() + "' -C '" + out_.string() + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto source = TreeDigest(Os(), src_, {});
  auto restored = TreeDigest(Os(), out_, {});
  ASSERT_TRUE(source.ok() && restored.ok());
  EXPECT_EQ(restored->sha256, source->sha256);
  EXPECT_EQ(Describe(out_), Describe(src_));
}

TEST_F(TarWriterTest, SinkErrorIsReturnedAsIs) {
  struct FullSink final : stream::ByteSink {
    Status Write(std::span<const std::byte>) override {
      return Status::Error("FS005", "disk full", 28);
    }
    Status Finish() override { return Status::Ok(); }
  } sink;
  WriteFile(src_ / "a", testing::RandomBytes(100000, 1));
  auto result = WriteTar(Os(), src_, {}, sink);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), "FS005");
}

}  // namespace
}  // namespace ferry::archive
