// The unmounted-drive check against real filesystems: a fake mount location
// in a temp folder on the system disk, and a real tmpfs mounted in it
// (the tests run as root; without the right to mount, that case is skipped
// and says so).
#include "medium/mount_check.h"

#include <gtest/gtest.h>
#include <sys/mount.h>

#include <cerrno>
#include <cstring>

#include "archive/testing/tree_fixtures.h"
#include "platform/file_system_id.h"

namespace ferry::medium {
namespace {

namespace fs = std::filesystem;

class MountCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(drive_);
    // The fake location must be on the same filesystem as the stand-in
    // system root, as /mnt is on a real machine.
    auto same = platform::SameFileSystem(location_, root_);
    ASSERT_TRUE(same.ok() && *same);
  }
  void TearDown() override {
    if (mounted_) ::umount2(drive_.c_str(), MNT_DETACH);
  }

  archive::testing::TempDir tmp_;
  fs::path root_ = tmp_.path();
  fs::path location_ = tmp_.path() / "mnt";
  fs::path drive_ = location_ / "e";
  bool mounted_ = false;
  const fs::path locations_[1] = {location_};
};

TEST_F(MountCheckTest, EmptyFolderAtAMountLocationIsFs006) {
  Status s = CheckDriveMounted(drive_, locations_, root_);
  EXPECT_EQ(s.code(), "FS012") << s.ToString();
  EXPECT_NE(s.message().find(drive_.string()), std::string::npos);
  // A folder below it is on the system disk just the same.
  fs::create_directories(drive_ / "ferry");
  EXPECT_EQ(CheckDriveMounted(drive_ / "ferry", locations_, root_).code(), "FS012");
}

TEST_F(MountCheckTest, FolderElsewhereIsAcceptedAsAPlainFolder) {
  fs::create_directories(tmp_.path() / "ferry-medium");
  Status s = CheckDriveMounted(tmp_.path() / "ferry-medium", locations_, root_);
  EXPECT_TRUE(s.ok()) << s.ToString();
}

TEST_F(MountCheckTest, MountedDriveIsAccepted) {
  if (::mount("tmpfs", drive_.c_str(), "tmpfs", 0, "size=4m") != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs here: " << std::strerror(errno);
  }
  mounted_ = true;
  Status s = CheckDriveMounted(drive_, locations_, root_);
  EXPECT_TRUE(s.ok()) << s.ToString();
  fs::create_directories(drive_ / "ferry");
  EXPECT_TRUE(CheckDriveMounted(drive_ / "ferry", locations_, root_).ok());
}

}  // namespace
}  // namespace ferry::medium
