// The mysql kind's parsing and stream stages, without a server.
#include <gtest/gtest.h>

#include "components/mysql/client.h"
#include "components/mysql/databases.h"
#include "components/mysql/dump.h"

namespace ferry::components::mysql {
namespace {

std::string Through(stream::ByteSink& sink, stream::StringSink& out, const std::vector<std::string>& parts) {
  for (const std::string& p : parts) EXPECT_TRUE(sink.Write(stream::AsBytes(p)).ok());
  EXPECT_TRUE(sink.Finish().ok());
  return out.text();
}

TEST(MysqlBatchOutput, UndoesTheClientEscapes) {
  auto rows = ParseBatchOutput("a\\tb\tline\\nbreak\n\\\\x\tNULL\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (Row{"a\tb", "line\nbreak"}));
  EXPECT_EQ(rows[1], (Row{"\\x", "NULL"}));
  EXPECT_EQ(ParseBatchOutput("a\\0b\n")[0][0], std::string("a\0b", 3));
  EXPECT_TRUE(ParseBatchOutput("").empty());
}

TEST(MysqlQuoting, IdentifiersAndStrings) {
  EXPECT_EQ(QuoteIdent("we`ird"), "`we``ird`");
  EXPECT_EQ(QuoteString("it's a \\ test"), "'it\\'s a \\\\ test'");
  EXPECT_EQ(OptionFileValue("p#w\"d\\\n"), "\"p#w\"d\\\\\\n\"");
}

TEST(MysqlPayloadNames, RoundTrip) {
  EXPECT_EQ(PayloadName("openspg"), "openspg.sql.zst");
  EXPECT_EQ(DatabaseOfPayload("openspg.sql.zst"), "openspg");
  EXPECT_FALSE(DatabaseOfPayload("users.sql").has_value());
  EXPECT_FALSE(DatabaseOfPayload(".sql.zst").has_value());
}

TEST(MysqlDumpArguments, ConsistentSnapshotAndEveryObject) {
  auto args = DumpArguments("db");
  for (const char* want : {"--single-transaction", "--quick", "--routines", "--triggers", "--events",
                           "--hex-blob", "--default-character-set=utf8mb4"}) {
    EXPECT_NE(std::find(args.begin(), args.end(), want), args.end()) << want;
  }
  EXPECT_EQ(args.back(), "db");
}

TEST(MysqlTrailer, CompleteOnlyWithTheTrailerAsLastLine) {
  stream::StringSink out;
  TrailerWatchSink watch(out);
  Through(watch, out, {"INSERT ...;\n-- Dump comp", "leted on 2026-11-25 21:00:00\n"});
  EXPECT_TRUE(watch.completed());

  stream::StringSink cut_out;
  TrailerWatchSink cut(cut_out);
  Through(cut, cut_out, {"-- Dump completed on x\nINSERT INTO t VALUES (1"});
  EXPECT_FALSE(cut.completed());

  stream::StringSink empty_out;
  TrailerWatchSink empty(empty_out);
  EXPECT_FALSE(empty.completed());
}

TEST(MysqlSandboxLine, StrippedWhenFirstLineAndSplitAcrossWrites) {
  stream::StringSink out;
  SandboxStripSink strip(out);
  EXPECT_EQ(Through(strip, out, {"/*M!999999\\- enable the", " sandbox mode */\n-- MariaDB dump\n", "x"}),
            "-- MariaDB dump\nx");
  stream::StringSink other_out;
  SandboxStripSink other(other_out);
  EXPECT_EQ(Through(other, other_out, {"-- MySQL dump\n/*M!999999\\- enable the sandbox mode */\n"}),
            "-- MySQL dump\n/*M!999999\\- enable the sandbox mode */\n");
  stream::StringSink short_out;
  SandboxStripSink tiny(short_out);
  EXPECT_EQ(Through(tiny, short_out, {"ab"}), "ab");
}

}  // namespace
}  // namespace ferry::components::mysql
