#include "archive/path_filter.h"

#include <gtest/gtest.h>

namespace ferry::archive {
namespace {

TEST(PathFilterTest, ExcludesMatchAnyTrailingPartLikeTar) {
  PathFilter filter({}, {"*.pyc", "__pycache__", ".git", "build/*.o"});
  EXPECT_TRUE(filter.Excluded("a.pyc"));
  EXPECT_TRUE(filter.Excluded("pkg/sub/a.pyc"));
  EXPECT_TRUE(filter.Excluded("pkg/__pycache__"));
  EXPECT_TRUE(filter.Excluded(".git"));
  EXPECT_TRUE(filter.Excluded("vendor/lib/.git"));
  EXPECT_TRUE(filter.Excluded("src/build/x.o"));
  EXPECT_FALSE(filter.Excluded("a.py"));
  EXPECT_FALSE(filter.Excluded(".gitignore"));
  EXPECT_FALSE(filter.Excluded("my.git/x"));
  EXPECT_FALSE(filter.Excluded("x.o"));
}

TEST(PathFilterTest, StarMatchesSlashAndEmptyIncludeTakesAll) {
  PathFilter filter({"models/*"}, {});
  EXPECT_TRUE(filter.has_includes());
  EXPECT_TRUE(filter.Included("models/a/b.bin"));
  EXPECT_FALSE(filter.Included("data/a.bin"));
  PathFilter all;
  EXPECT_TRUE(all.Included("anything/at/all"));
  EXPECT_FALSE(all.Excluded("anything"));
}

TEST(PathFilterTest, HostileNamesAreJustNames) {
  PathFilter filter({}, {"-*", "*\n*"});
  EXPECT_TRUE(filter.Excluded("dir/-rf"));
  EXPECT_TRUE(filter.Excluded("new\nline"));
  EXPECT_FALSE(filter.Excluded("back\\slash"));
}

}  // namespace
}  // namespace ferry::archive
