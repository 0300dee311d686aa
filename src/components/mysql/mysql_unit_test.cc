// The mysql kind's parsing and stream stages, without a server.
#include <gtest/gtest.h>

#include <algorithm>

#include "components/mysql/accounts.h"
#include "components/mysql/client.h"
#include "components/mysql/databases.h"
#include "components/mysql/dump.h"
#include "components/mysql/facts.h"
#include "components/mysql/parallel.h"
#include "components/mysql/storage.h"
#include "exec/executor.h"

namespace ferry::components::mysql {
namespace {

std::string Through(stream::ByteSink& sink, stream::StringSink& out,
                    const std::vector<std::string>& parts) {
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

TEST(MysqlParallelPayloadNames, RoundTripAndDistinctFromDumps) {
  EXPECT_EQ(ParallelPayloadName("openspg"), "openspg.mydumper.tar.zst");
  EXPECT_EQ(DatabaseOfParallelPayload("openspg.mydumper.tar.zst"), "openspg");
  EXPECT_FALSE(DatabaseOfParallelPayload("openspg.sql.zst").has_value());
  EXPECT_FALSE(DatabaseOfParallelPayload(".mydumper.tar.zst").has_value());
  EXPECT_FALSE(DatabaseOfPayload("openspg.mydumper.tar.zst").has_value());
}

TEST(MysqlMydumperArguments, OneSnapshotEveryObjectAndNoSecret) {
  auto args = MydumperArguments("shop", "/tmp/x/dump", 3, 5000);
  auto has = [&](const std::string& a) {
    return std::find(args.begin(), args.end(), a) != args.end();
  };
  for (const char* a : {"--trx-consistency-only", "--routines", "--triggers", "--events"}) {
    EXPECT_TRUE(has(a)) << a;
  }
  EXPECT_TRUE(has("shop") && has("/tmp/x/dump") && has("3") && has("5000"));
  for (const std::string& a : args) {
    EXPECT_EQ(a.find("password"), std::string::npos) << a;
    EXPECT_NE(a.substr(0, 2), "-p") << a;
  }
}

TEST(MysqlChangeMarker, FullFactsReduceToTheMarkerAndChangesAreNamed) {
  auto full =
      nlohmann::json::parse(R"({"charset":"utf8mb4","collation":"c","views":["v"],"triggers":[],
    "routines":[],"events":[],"tables":{"t":{"rows":3,"digest":"9","checksum":"11"},
    "u":{"rows":0,"digest":"0","checksum":"0"}}})");
  auto marker =
      nlohmann::json::parse(R"({"charset":"utf8mb4","collation":"c","views":["v"],"triggers":[],
    "routines":[],"events":[],"tables":{"t":{"checksum":"11"},"u":{"checksum":"0"}}})");
  EXPECT_EQ(ChangeMarkerOf(full), marker);
  EXPECT_TRUE(ChangeMarkerDifferences(marker, ChangeMarkerOf(full)).empty());
  auto later = marker;
  later["tables"]["t"]["checksum"] = "12";
  later["tables"].erase("u");
  later["tables"]["w"] = {{"checksum", "1"}};
  later["views"] = nlohmann::json::array();
  EXPECT_EQ(
      ChangeMarkerDifferences(marker, later),
      (std::vector<std::string>{"table 't' CHECKSUM TABLE \"11\" -> \"12\"", "table 'u' dropped",
                                "table 'w' created", "views [\"v\"] -> []"}));
}

TEST(MysqlErrorLines, KeepsErrorLinesShortAndNeverTheWholeStatement) {
  const std::string hex(100000, 'A');
  EXPECT_EQ(ErrorLines(hex + "\nERROR 2006 (HY000) at line 49: Server has gone away\n"),
            "ERROR 2006 (HY000) at line 49: Server has gone away");
  std::string cut = ErrorLines("ERROR 1064 near '" + hex + "'");
  EXPECT_LT(cut.size(), 400u);
  EXPECT_TRUE(cut.ends_with(" [...]")) << cut;
  std::string tail = ErrorLines(hex + "CRITICAL: Duplicate entry");
  EXPECT_LT(tail.size(), 520u);
  EXPECT_TRUE(tail.ends_with("CRITICAL: Duplicate entry"));
  EXPECT_EQ(ErrorLines("short"), "short");
}

TEST(MysqlDumpArguments, ConsistentSnapshotAndEveryObject) {
  auto args = DumpArguments("db");
  for (const char* want : {"--single-transaction", "--quick", "--routines", "--triggers",
                           "--events", "--hex-blob", "--default-character-set=utf8mb4"}) {
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
  EXPECT_EQ(
      Through(strip, out, {"/*M!999999\\- enable the", " sandbox mode */\n-- MariaDB dump\n", "x"}),
      "-- MariaDB dump\nx");
  stream::StringSink other_out;
  SandboxStripSink other(other_out);
  EXPECT_EQ(
      Through(other, other_out, {"-- MySQL dump\n/*M!999999\\- enable the sandbox mode */\n"}),
      "-- MySQL dump\n/*M!999999\\- enable the sandbox mode */\n");
  stream::StringSink short_out;
  SandboxStripSink tiny(short_out);
  EXPECT_EQ(Through(tiny, short_out, {"ab"}), "ab");
}

TEST(MysqlAccounts, GrantsLoseTheRepeatedPasswordClause) {
  EXPECT_EQ(PortableGrant("GRANT USAGE ON *.* TO `app`@`%` IDENTIFIED BY PASSWORD '*AB12'"),
            "GRANT USAGE ON *.* TO `app`@`%`");
  EXPECT_EQ(
      PortableGrant("GRANT ALL PRIVILEGES ON *.* TO `a`@`h` IDENTIFIED VIA ed25519 USING 'x+y' "
                    "WITH GRANT OPTION"),
      "GRANT ALL PRIVILEGES ON *.* TO `a`@`h` WITH GRANT OPTION");
  EXPECT_EQ(PortableGrant("GRANT SELECT ON `db`.* TO `a`@`h`"),
            "GRANT SELECT ON `db`.* TO `a`@`h`");
}

TEST(MysqlAccounts, ParsesBlocksAndDefersObjectGrants) {
  auto blocks = ParseAccountsSql(
      "-- header\n"
      "-- account {\"user\":\"app\",\"host\":\"%\"}\n"
      "CREATE USER IF NOT EXISTS `app`@`%` IDENTIFIED BY PASSWORD '*AB';\n"
      "GRANT USAGE ON *.* TO `app`@`%`;\n"
      "GRANT EXECUTE ON `ti``ny`.* TO `app`@`%`;\n"
      "GRANT SELECT ON `tiny`.`t` TO `app`@`%`;\n"
      "GRANT EXECUTE ON FUNCTION `tiny`.`f` TO `app`@`%`;\n");
  ASSERT_TRUE(blocks.ok()) << blocks.status().ToString();
  ASSERT_EQ(blocks->size(), 1u);
  const AccountBlock& b = (*blocks)[0];
  EXPECT_EQ(b.account, (Account{"app", "%"}));
  ASSERT_EQ(b.early.size(), 3u);
  EXPECT_EQ(b.early[0], "CREATE USER IF NOT EXISTS `app`@`%` IDENTIFIED BY PASSWORD '*AB'");
  EXPECT_EQ(b.late,
            (std::vector<std::string>{"GRANT SELECT ON `tiny`.`t` TO `app`@`%`",
                                      "GRANT EXECUTE ON FUNCTION `tiny`.`f` TO `app`@`%`"}));

  // Anything else is refused, named by line number only (it may hold a hash).
  auto bad = ParseAccountsSql("-- account {\"user\":\"a\",\"host\":\"h\"}\nDROP USER x;\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("line 2"), std::string::npos);
  EXPECT_EQ(bad.status().message().find("DROP"), std::string::npos);
}

TEST(MysqlAccounts, HexAuthStringsOnlyWhereTheServerKnowsThem) {
  EXPECT_TRUE(PrintsAuthStringAsHex("8.0.17"));
  EXPECT_TRUE(PrintsAuthStringAsHex("8.0.36-0ubuntu0.22.04.1"));
  EXPECT_TRUE(PrintsAuthStringAsHex("8.4.3"));
  EXPECT_TRUE(PrintsAuthStringAsHex("9.1.0"));
  EXPECT_FALSE(PrintsAuthStringAsHex("8.0.16"));
  EXPECT_FALSE(PrintsAuthStringAsHex("5.7.44-log"));
  EXPECT_FALSE(PrintsAuthStringAsHex("10.11.19-MariaDB-0+deb12u1"));
  EXPECT_FALSE(PrintsAuthStringAsHex("garbage"));
}

// MySQL 8's caching_sha2_password hash, as SHOW CREATE USER prints it
// without print_identified_with_as_hex: "$A$005$" + 20 salt bytes + the
// hash, with bytes that would break a line or a quoted string.
TEST(MysqlAccounts, BinaryAuthStringBecomesAHexLiteral) {
  const std::string binary = std::string("$A$005$\x01\n'\\\0z", 13) + "\xff\xfe";
  const std::string line = "CREATE USER `app`@`%` IDENTIFIED WITH 'caching_sha2_password' AS '" +
                           binary +
                           "' REQUIRE NONE PASSWORD EXPIRE DEFAULT ACCOUNT UNLOCK COMMENT 'x y'";
  EXPECT_EQ(AuthStringAsHex(line),
            "CREATE USER `app`@`%` IDENTIFIED WITH 'caching_sha2_password' AS "
            "0x24412430303524010A275C007AFFFE REQUIRE NONE PASSWORD EXPIRE DEFAULT ACCOUNT UNLOCK "
            "COMMENT 'x y'");
  // Printable hashes (mysql_native_password, MariaDB) and hex already: unchanged.
  const std::string native =
      "CREATE USER `app`@`%` IDENTIFIED WITH 'mysql_native_password' AS "
      "'*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9' REQUIRE NONE";
  EXPECT_EQ(AuthStringAsHex(native), native);
  const std::string hexed =
      "CREATE USER `a`@`%` IDENTIFIED WITH 'caching_sha2_password' AS 0x2441 REQUIRE NONE";
  EXPECT_EQ(AuthStringAsHex(hexed), hexed);
  const std::string maria =
      "CREATE USER `app`@`%` IDENTIFIED BY PASSWORD '*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9'";
  EXPECT_EQ(AuthStringAsHex(maria), maria);
}

TEST(MysqlAccounts, ServerErrorsDropTheQuotedStatement) {
  EXPECT_EQ(WithoutQuotedStatement(
                "ERROR 1064 (42000) at line 1: syntax error near 'PASSWORD '*AB'' at line 1"),
            "ERROR 1064 (42000) at line 1: syntax error (statement text withheld)");
}

// The df a container has (coreutils, busybox) answers -P -k in POSIX form;
// here the host's own df is asked about a real folder.
TEST(MysqlDatadirStorage, ReadsTheAvailableColumnOfDf) {
  exec::HostExecutor host(platform::DefaultPlatform());
  exec::Command df;
  df.argv = {"df", "-P", "-k", "/"};
  auto out = exec::Run(host, df);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out->exit_code, 0) << out->err;
  auto available = ParseDfAvailable(out->out);
  ASSERT_TRUE(available.has_value()) << out->out;
  EXPECT_LE(*available, std::filesystem::space("/").capacity);

  EXPECT_EQ(ParseDfAvailable("Filesystem     1024-blocks    Used Available Capacity Mounted on\n"
                             "overlay          61255492 4431236  56807932       8% /\n"),
            56807932ull * 1024);
  // A device name with spaces: the capacity column anchors the fields.
  EXPECT_EQ(ParseDfAvailable("Filesystem 1024-blocks Used Available Capacity Mounted on\n"
                             "my disk 100 40 60 40% /var/lib/mysql\n"),
            60ull * 1024);
  EXPECT_FALSE(ParseDfAvailable(""));
  EXPECT_FALSE(ParseDfAvailable("df: /nope: No such file or directory\n"));
  EXPECT_FALSE(ParseDfAvailable("Filesystem 1024-blocks Used Available Capacity Mounted on\n"));
  EXPECT_FALSE(ParseDfAvailable(
      "Filesystem 1024-blocks Used Available Capacity Mounted on\nx 1 2 lots 5% /\n"));
}

TEST(MysqlDatadirStorage, OnlyThisMachinesAddressesAreLocal) {
  for (const char* host : {"", "localhost", "127.0.0.1", "127.1.2.3", "::1"}) {
    nlohmann::json o = nlohmann::json::object();
    if (*host) o["host"] = host;
    EXPECT_TRUE(ConnectsLocally(o)) << host;
  }
  for (const char* host : {"db.example", "10.0.0.5", "192.168.1.2", "::2"}) {
    EXPECT_FALSE(ConnectsLocally({{"host", host}})) << host;
  }
}

}  // namespace
}  // namespace ferry::components::mysql
