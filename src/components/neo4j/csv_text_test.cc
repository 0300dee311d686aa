// The CSV fields of neo4j-admin import: quoting, every property type's text,
// the column type rule (one type kept, a mix falls back to string), and the
// shell form of the command line. The files as a whole are proven by the
// real neo4j-admin import in neo4j_offline_test.cc.
#include "components/neo4j/csv_text.h"

#include <gtest/gtest.h>

#include <limits>

#include "components/neo4j/csv_import.h"

namespace ferry::components::neo4j {
namespace {

std::string Field(const bolt::Value& v, const std::string& type, CsvFormat format = {}) {
  std::string out;
  Status s = AppendCsvField(v, type, format, out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

TEST(CsvTextTest, QuotesDoubleInnerQuotesAndKeepDelimitersAndNewlines) {
  EXPECT_EQ(Field("plain", "string"), "\"plain\"");
  EXPECT_EQ(Field("say \"hi\", then\nleave\r\n", "string"), "\"say \"\"hi\"\", then\nleave\r\n\"");
  EXPECT_EQ(Field("back\\slash", "string"), "\"back\\slash\"");
  EXPECT_EQ(Field("", "string"), "\"\"");   // an empty string, not a missing property
  EXPECT_EQ(Field(nullptr, "string"), "");  // a missing property
}

TEST(CsvTextTest, ScalarsInTheImportersSyntax) {
  EXPECT_EQ(Field(int64_t{-42}, "long"), "-42");
  EXPECT_EQ(Field(std::numeric_limits<int64_t>::min(), "long"), "-9223372036854775808");
  EXPECT_EQ(Field(true, "boolean"), "true");
  EXPECT_EQ(Field(0.1, "double"), "0.1");
  EXPECT_EQ(Field(5.0, "double"), "5.0");
  EXPECT_EQ(Field(std::numeric_limits<double>::infinity(), "double"), "Infinity");
  EXPECT_EQ(Field(-std::numeric_limits<double>::infinity(), "double"), "-Infinity");
  EXPECT_EQ(Field(std::numeric_limits<double>::quiet_NaN(), "double"), "NaN");
  EXPECT_EQ(Field(bolt::Bytes{0, 1, 0x7f, 0x80, 0xff}, "byte[]"), "0;1;127;-128;-1");
}

TEST(CsvTextTest, TemporalAndSpatialValues) {
  EXPECT_EQ(CsvDate(0), "1970-01-01");
  EXPECT_EQ(CsvDate(19782), "2024-02-29");
  EXPECT_EQ(CsvDate(-719528), "0000-01-01");
  EXPECT_EQ(CsvDate(-719529), "-0001-12-31");
  EXPECT_EQ(CsvDate(2932896), "9999-12-31");
  EXPECT_EQ(CsvDate(2932897), "+10000-01-01");
  EXPECT_EQ(CsvLocalTime(43200123456789), "12:00:00.123456789");
  EXPECT_EQ(CsvLocalTime(0), "00:00:00");
  EXPECT_EQ(CsvOffset(3600), "+01:00");
  EXPECT_EQ(CsvOffset(-19800), "-05:30");
  EXPECT_EQ(CsvOffset(0), "Z");
  EXPECT_EQ(Field(bolt::Time{34200000000000, 3600}, "time"), "09:30:00+01:00");
  EXPECT_EQ(Field(bolt::LocalDateTime{1577836801, 5}, "localdatetime"),
            "2020-01-01T00:00:01.000000005");
  // UTC seconds (Bolt 5) are shown in local time with the offset.
  EXPECT_EQ(Field(bolt::DateTime{1000000000, 0, 7200, true}, "datetime"),
            "2001-09-09T03:46:40+02:00");
  EXPECT_EQ(Field(bolt::DateTime{1000000000, 0, 7200, false}, "datetime"),
            "2001-09-09T01:46:40+02:00");
  CsvFormat zoned;
  zoned.zone_offset = [](const std::string& zone, int64_t) -> Result<int64_t> {
    EXPECT_EQ(zone, "Europe/Zurich");
    return 3600;
  };
  EXPECT_EQ(Field(bolt::DateTimeZoneId{1200000000, 0, "Europe/Zurich", true}, "datetime", zoned),
            "2008-01-10T22:20:00+01:00[Europe/Zurich]");
  std::string out;
  EXPECT_EQ(
      AppendCsvField(bolt::DateTimeZoneId{0, 0, "Europe/Zurich", true}, "datetime", {}, out).code(),
      "D002");  // no zone rules given: refused, never guessed
  EXPECT_EQ(Field(bolt::Duration{14, 3, 4, 7}, "duration"), "P14M3DT4.000000007S");
  EXPECT_EQ(Field(bolt::Duration{0, 0, -5, 7}, "duration"), "P0M0DT-4.999999993S");
  EXPECT_EQ(Field(bolt::Duration{0, 0, -1, 500000000}, "duration"), "P0M0DT-0.500000000S");
  EXPECT_EQ(Field(bolt::Point2D{7203, 1, -2.5}, "point"), "\"{srid:7203, x:1.0, y:-2.5}\"");
  EXPECT_EQ(Field(bolt::Point3D{4979, 8.5, 47.3, 400.25}, "point"),
            "\"{srid:4979, x:8.5, y:47.3, z:400.25}\"");
}

TEST(CsvTextTest, ArraysJoinOnTheArrayDelimiterAndAreQuoted) {
  EXPECT_EQ(Field(bolt::List{"a", "b,\"c\""}, "string[]"), "\"a;b,\"\"c\"\"\"");
  EXPECT_EQ(Field(bolt::List{""}, "string[]"), "\"\"");
  EXPECT_EQ(Field(bolt::List{}, "long[]"), "\"\"");
  CsvFormat pipe;
  pipe.array_delimiter = '|';
  EXPECT_EQ(Field(bolt::List{int64_t{1}, int64_t{2}}, "long[]", pipe), "\"1|2\"");
  EXPECT_EQ(Field(bolt::List{bolt::Date{0}, bolt::Date{1}}, "date[]"), "\"1970-01-01;1970-01-02\"");
  std::string out;
  EXPECT_EQ(AppendCsvField(int64_t{1}, "long[]", {}, out).code(), "D002");
}

TEST(CsvTextTest, ColumnTypes) {
  EXPECT_EQ(CsvTypeOf(int64_t{1}), "long");
  EXPECT_EQ(CsvTypeOf(bolt::List{"a"}), "string[]");
  EXPECT_EQ(CsvTypeOf(bolt::List{}), "[]");
  EXPECT_EQ(CsvTypeOf(bolt::Bytes{1}), "byte[]");
  EXPECT_EQ(CsvTypeOf(bolt::DateTimeZoneId{}), "datetime");
  EXPECT_EQ(CsvTypeOf(bolt::Map{}), "");
  EXPECT_EQ(CsvTypeOf(bolt::List{int64_t{1}, "a"}), "");

  bool fell_back = true;
  EXPECT_EQ(ResolveCsvType({"long"}, &fell_back), "long");
  EXPECT_FALSE(fell_back);
  EXPECT_EQ(ResolveCsvType({"[]", "date[]"}, &fell_back), "date[]");
  EXPECT_FALSE(fell_back);
  EXPECT_EQ(ResolveCsvType({"[]"}, &fell_back), "string[]");
  EXPECT_FALSE(fell_back);
  EXPECT_EQ(ResolveCsvType({"long", "double"}, &fell_back), "string");
  EXPECT_TRUE(fell_back);
  EXPECT_EQ(ResolveCsvType({"[]", "long"}, &fell_back), "string");
  EXPECT_TRUE(fell_back);
}

TEST(CsvTextTest, AStringColumnThatFellBackTakesAnyValuesText) {
  EXPECT_EQ(Field(int64_t{7}, "string"), "\"7\"");
  EXPECT_EQ(Field(bolt::List{int64_t{1}, int64_t{2}}, "string"), "\"1;2\"");
  EXPECT_EQ(Field(bolt::Date{0}, "string"), "\"1970-01-01\"");
}

TEST(CsvTextTest, ShellJoinQuotesOnlyWhatTheShellWouldSplit) {
  EXPECT_EQ(ShellJoin({"neo4j-admin", "--array-delimiter=;", "--nodes=csv-nodes-001-A.csv"}),
            "neo4j-admin '--array-delimiter=;' --nodes=csv-nodes-001-A.csv");
  EXPECT_EQ(ShellJoin({"it's"}), "'it'\\''s'");
}

}  // namespace
}  // namespace ferry::components::neo4j
