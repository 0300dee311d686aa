#include "platform/platform.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "platform/fault_injection.h"

namespace ferry::platform {
namespace {

class PlatformTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("ferry-platform-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string ReadAll(const fs::path& p, ReadMode mode = ReadMode::kCached) {
    auto file = os_.OpenRead(p, mode);
    EXPECT_TRUE(file.ok()) << file.status().ToString();
    std::string out;
    std::byte buf[7];
    while (true) {
      auto n = (*file)->Read(buf);
      EXPECT_TRUE(n.ok());
      if (*n == 0) break;
      out.append(reinterpret_cast<char*>(buf), *n);
    }
    return out;
  }

  Platform& os_ = DefaultPlatform();
  fs::path dir_;
};

std::span<const std::byte> Bytes(const std::string& s) {
  return std::as_bytes(std::span(s.data(), s.size()));
}

TEST_F(PlatformTest, WriteSyncRenameReadBackFromDevice) {
  auto file = os_.OpenWrite(dir_ / "a.part");
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE((*file)->Append(Bytes("hello, medium")).ok());
  ASSERT_TRUE((*file)->Sync().ok());
  ASSERT_TRUE((*file)->Close().ok());
  ASSERT_TRUE(os_.Rename(dir_ / "a.part", dir_ / "a").ok());
  ASSERT_TRUE(os_.SyncDir(dir_).ok());
  EXPECT_FALSE(os_.Exists(dir_ / "a.part"));
  EXPECT_EQ(ReadAll(dir_ / "a", ReadMode::kFromDevice), "hello, medium");
}

TEST_F(PlatformTest, ListDirIsSortedAndStatDoesNotFollowLinks) {
  ASSERT_TRUE(os_.CreateExclusive(dir_ / "b", "x").ok());
  ASSERT_TRUE(os_.CreateExclusive(dir_ / "a", "yy").ok());
  ASSERT_TRUE(os_.Symlink("a", dir_ / "c").ok());
  auto names = os_.ListDir(dir_);
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(os_.Stat(dir_ / "c")->type, FileType::kSymlink);
  EXPECT_EQ(*os_.ReadLink(dir_ / "c"), "a");
  EXPECT_EQ(os_.Stat(dir_ / "a")->size, 2u);
}

// The platform reports what the OS said and picks no catalog code: "file
// exists" is not "medium locked" (M004) until the medium layer says so.
TEST_F(PlatformTest, CreateExclusiveRefusesExistingWithEexistAndNoCode) {
  ASSERT_TRUE(os_.CreateExclusive(dir_ / "lock", "1").ok());
  Status again = os_.CreateExclusive(dir_ / "lock", "2");
  EXPECT_FALSE(again.ok());
  EXPECT_FALSE(again.classified());
  EXPECT_EQ(again.sys_errno(), EEXIST);
  EXPECT_EQ(ReadAll(dir_ / "lock"), "1");
}

TEST_F(PlatformTest, SparseFileReportsDataRegions) {
  auto file = os_.OpenWrite(dir_ / "sparse");
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE((*file)->Close().ok());
  fs::resize_file(dir_ / "sparse", 64 << 20);
  auto read = os_.OpenRead(dir_ / "sparse", ReadMode::kCached);
  ASSERT_TRUE(read.ok());
  auto regions = (*read)->DataRegions();
  ASSERT_TRUE(regions.ok());
  uint64_t data = 0;
  for (const DataRegion& r : *regions) data += r.length;
  EXPECT_LT(data, uint64_t{64} << 20);
}

// A child's whole stdout; "<read error>" appended if a read fails.
std::string ReadAllStdout(Process& proc) {
  std::string out;
  std::byte buf[64];
  while (true) {
    auto n = proc.ReadStdout(buf);
    if (!n.ok()) return out + "<read error>";
    if (*n == 0) return out;
    out.append(reinterpret_cast<char*>(buf), *n);
  }
}

TEST_F(PlatformTest, SpawnPipesStdinStdoutAndCollectsStderr) {
  SpawnOptions opts;
  opts.argv = {"sh", "-c", "cat; echo oops >&2; exit 3"};
  opts.pipe_stdin = true;
  auto proc = os_.Spawn(opts);
  ASSERT_TRUE(proc.ok()) << proc.status().ToString();
  ASSERT_TRUE((*proc)->WriteStdin(Bytes("ping")).ok());
  (*proc)->CloseStdin();
  std::string out = ReadAllStdout(**proc);
  EXPECT_EQ(out, "ping");
  EXPECT_EQ(*(*proc)->Wait(), 3);
  EXPECT_EQ((*proc)->Stderr(), "oops\n");
}

TEST_F(PlatformTest, InheritedDataReachesChildOnItsDescriptor) {
  SpawnOptions opts;
  opts.argv = {"cat", "/dev/fd/5"};
  opts.inherited = {{5, "secret-in-a-pipe"}};
  auto proc = os_.Spawn(opts);
  ASSERT_TRUE(proc.ok());
  std::byte buf[64];
  auto n = (*proc)->ReadStdout(buf);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(std::string(reinterpret_cast<char*>(buf), *n), "secret-in-a-pipe");
  EXPECT_EQ(*(*proc)->Wait(), 0);
}

// mydumper's worker threads each open their --defaults-file again: a
// pipe would be empty for the second reader.
TEST_F(PlatformTest, RereadableInheritedDataReadsWholeOnEveryOpen) {
  SpawnOptions opts;
  opts.argv = {"sh", "-c", "cat /dev/fd/4; cat /dev/fd/4; cat /dev/fd/4"};
  opts.inherited = {{4, "again;", /*rereadable=*/true}};
  auto proc = os_.Spawn(opts);
  ASSERT_TRUE(proc.ok());
  std::string out = ReadAllStdout(**proc);
  EXPECT_EQ(out, "again;again;again;");
  EXPECT_EQ(*(*proc)->Wait(), 0);
}

TEST_F(PlatformTest, MissingProgramIsEnoentWithNoCode) {
  SpawnOptions opts;
  opts.argv = {"ferry-no-such-program"};
  Status s = os_.Spawn(opts).status();
  EXPECT_FALSE(s.classified());
  EXPECT_EQ(s.sys_errno(), ENOENT);
}

TEST_F(PlatformTest, InjectedEnospcKeepsTheErrnoAfterPartialWrite) {
  FaultInjectingPlatform faulty(os_);
  faulty.FailWritesAfter(5, ENOSPC);
  auto file = faulty.OpenWrite(dir_ / "f");
  ASSERT_TRUE(file.ok());
  Status s = (*file)->Append(Bytes("0123456789"));
  EXPECT_FALSE(s.classified());
  EXPECT_EQ(s.sys_errno(), ENOSPC);
  ASSERT_TRUE((*file)->Close().ok());
  EXPECT_EQ(ReadAll(dir_ / "f"), "01234");
}

TEST_F(PlatformTest, InjectedErofsKeepsTheErrno) {
  FaultInjectingPlatform faulty(os_);
  faulty.FailCreatesUnder(dir_ / "ro", EROFS);
  EXPECT_EQ(faulty.OpenWrite(dir_ / "ro" / "x").status().sys_errno(), EROFS);
  EXPECT_TRUE(faulty.OpenWrite(dir_ / "rw").ok());
}

TEST_F(PlatformTest, UnixSocketHalfCloseLetsThePeerAnswer) {
  // A peer that reads to end of input, then answers: what the Docker exec
  // stream needs from ShutdownWrite.
  SpawnOptions opts;
  opts.argv = {"python3", "-c",
               "import socket, sys\n"
               "s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(1)\n"
               "print('ready', flush=True)\n"
               "c, _ = s.accept(); data = b''\n"
               "while (b := c.recv(65536)): data += b\n"
               "c.sendall(data.upper()); c.close()\n",
               (dir_ / "peer.sock").string()};
  auto peer = os_.Spawn(opts);
  ASSERT_TRUE(peer.ok()) << peer.status().ToString();
  std::byte ready[16];
  ASSERT_GT(*(*peer)->ReadStdout(ready), 0u);

  auto socket = os_.ConnectUnix(dir_ / "peer.sock");
  ASSERT_TRUE(socket.ok()) << socket.status().ToString();
  std::string hello = "hello over a socket";
  ASSERT_TRUE((*socket)->Write(Bytes(hello)).ok());
  ASSERT_TRUE((*socket)->ShutdownWrite().ok());
  std::string answer;
  std::byte buffer[64];
  while (true) {
    auto n = (*socket)->Read(buffer);
    ASSERT_TRUE(n.ok());
    if (*n == 0) break;
    answer.append(reinterpret_cast<const char*>(buffer), *n);
  }
  EXPECT_EQ(answer, "HELLO OVER A SOCKET");
  EXPECT_EQ(*(*peer)->Wait(), 0);
}

TEST_F(PlatformTest, ConnectingToNoSocketKeepsTheErrno) {
  auto socket = os_.ConnectUnix(dir_ / "nobody-listens.sock");
  EXPECT_FALSE(socket.status().classified());
  EXPECT_EQ(socket.status().sys_errno(), ENOENT);
}

}  // namespace
}  // namespace ferry::platform
