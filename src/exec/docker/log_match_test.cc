#include "exec/docker/log_match.h"

#include <gtest/gtest.h>

namespace ferry::exec::docker {
namespace {

std::vector<LogLine> Log(std::vector<std::string> texts) {
  std::vector<LogLine> lines;
  for (auto& t : texts) lines.push_back(LogLine{false, std::move(t)});
  return lines;
}

TEST(LogMatch, MatchesWhatTheSeedGrepsForAndOutOfMemory) {
  EXPECT_TRUE(IsErrorLine("ERROR 2002 (HY000): Can't connect"));
  EXPECT_TRUE(IsErrorLine("java.lang.OutOfMemoryError: Java heap space"));
  EXPECT_TRUE(IsErrorLine("Caused by: org.neo4j.SomeException"));
  EXPECT_TRUE(IsErrorLine("mysqld: Out of memory (Needed 1048576 bytes)"));
  EXPECT_FALSE(IsErrorLine("mysqld: ready for connections"));
  EXPECT_FALSE(IsErrorLine(""));
}

TEST(LogMatch, KeepsTheLastMatchesInOrder) {
  auto found = LastErrorLines(Log({"error one", "fine", "error two", "exception three", "ok"}), 2);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0], "error two");
  EXPECT_EQ(found[1], "exception three");
}

TEST(LogMatch, CutsLongLinesAndCarriageReturns) {
  auto found = LastErrorLines(Log({"error " + std::string(1000, 'x'), "error\r"}), 5, 20);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].size(), 23u);
  EXPECT_EQ(found[1], "error");
}

TEST(LogMatch, NoMatchesGiveNothing) { EXPECT_TRUE(LastErrorLines(Log({"a", "b"})).empty()); }

}  // namespace
}  // namespace ferry::exec::docker
