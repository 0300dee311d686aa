// Every property type survives the payload's JSON form with type and bits.
#include "components/neo4j/json_values.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "components/neo4j/canonical.h"

namespace ferry::components::neo4j {
namespace {

std::string Canon(const bolt::Value& v) {
  std::string out;
  AppendCanonical(v, out);
  return out;
}

// Through JSON text and back, as the payload does.
bolt::Value RoundTrip(const bolt::Value& v) {
  auto j = ToJson(v);
  EXPECT_TRUE(j.ok()) << j.status().ToString();
  if (!j.ok()) return {};
  auto back = FromJson(nlohmann::json::parse(j->dump()));
  EXPECT_TRUE(back.ok()) << back.status().ToString() << " for " << j->dump();
  return back.ok() ? *back : bolt::Value();
}

TEST(JsonValuesTest, EveryPropertyTypeRoundTrips) {
  std::vector<bolt::Value> values = {
      bolt::Value(),
      bolt::Value(true),
      bolt::Value(int64_t{-9007199254740993}),
      bolt::Value(std::numeric_limits<int64_t>::max()),
      bolt::Value(1.0),
      bolt::Value(0.1),
      bolt::Value(-1e300),
      bolt::Value(std::numeric_limits<double>::infinity()),
      bolt::Value("ünïcødé 日本 ✓ \"quoted\"\n"),
      bolt::Value(bolt::Bytes{0, 1, 0xfe, 0xff}),
      bolt::Value(bolt::List{int64_t{1}, int64_t{2}}),
      bolt::Value(bolt::List{1.5, 2.0}),
      bolt::Value(bolt::List{}),
      bolt::Value(bolt::Date{-719162}),
      bolt::Value(bolt::Time{3600'000'000'123, -18000}),
      bolt::Value(bolt::LocalTime{86399'999'999'999}),
      bolt::Value(bolt::DateTime{1700000000, 123456789, 3600, true}),
      bolt::Value(bolt::DateTimeZoneId{1700000000, 1, "Europe/Berlin", true}),
      bolt::Value(bolt::LocalDateTime{-1, 999}),
      bolt::Value(bolt::Duration{14, -3, 59, 1}),
      bolt::Value(bolt::Point2D{4326, 13.4, 52.5}),
      bolt::Value(bolt::Point3D{9157, 1, 2, 3}),
      bolt::Value(bolt::List{bolt::Value(bolt::Date{1}), bolt::Value(bolt::Date{2})}),
  };
  for (const auto& v : values) EXPECT_EQ(Canon(RoundTrip(v)), Canon(v)) << v.ToString();
  EXPECT_TRUE(std::isnan(RoundTrip(bolt::Value(std::nan(""))).as<double>()));
}

TEST(JsonValuesTest, IntegersAndFloatsStayApart) {
  EXPECT_TRUE(RoundTrip(bolt::Value(2.0)).is<double>());
  EXPECT_TRUE(RoundTrip(bolt::Value(int64_t{2})).is<int64_t>());
}

TEST(JsonValuesTest, RejectsWhatNoPropertyCanHold) {
  EXPECT_EQ(ToJson(bolt::Value(bolt::Node{})).status().code(), "D002");
  EXPECT_EQ(FromJson(nlohmann::json{{"$nope", 1}}).status().code(), "D002");
  EXPECT_EQ(FromJson(nlohmann::json{{"$bytes", "0g"}}).status().code(), "D002");
  EXPECT_EQ(FromJson(nlohmann::json{{"$point", {1}}}).status().code(), "D002");
}

}  // namespace
}  // namespace ferry::components::neo4j
