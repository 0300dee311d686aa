// Every PackStream type through a real Neo4j: sent as a parameter and read
// back, and created by Cypher and decoded.
#include <gtest/gtest.h>

#include "bolt/testing/integration.h"

namespace ferry::bolt::testing {
namespace {

class BoltTypes : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    server_ = SharedNeo4j(&error);
    ASSERT_NE(server_, nullptr) << error;
    auto c = ConnectTo(*server_);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    client_ = std::move(c).value();
  }

  void ExpectEcho(const Value& v) {
    Map params;
    params.Set("v", v);
    auto back = Single(*client_, "RETURN $v AS v", params);
    ASSERT_TRUE(back.ok()) << v.ToString() << ": " << back.status().ToString();
    EXPECT_EQ(*back, v) << "sent " << v.ToString() << ", got " << back->ToString();
  }

  Neo4jTestServer* server_ = nullptr;
  std::unique_ptr<Client> client_;
};

TEST_F(BoltTypes, ScalarsRoundTrip) {
  ExpectEcho(Value());
  ExpectEcho(true);
  ExpectEcho(false);
  for (int64_t i :
       {int64_t{0}, int64_t{-16}, int64_t{-17}, int64_t{127}, int64_t{128}, int64_t{-129},
        int64_t{40000}, int64_t{-40000}, int64_t{3'000'000'000}, INT64_MAX, INT64_MIN}) {
    ExpectEcho(i);
  }
  ExpectEcho(3.141592653589793);
  ExpectEcho(-0.0);
  ExpectEcho(1e300);
  ExpectEcho("");
  ExpectEcho("héllo wörld — 日本語 🚀 \u0000 end");
  ExpectEcho(std::string(100'000, 'x'));
  ExpectEcho(Bytes{0x00, 0xFF, 0x10});
  ExpectEcho(Bytes(70'000, 0xAB));
}

TEST_F(BoltTypes, ContainersRoundTrip) {
  ExpectEcho(List{});
  ExpectEcho(List{1, "two", 3.0, Value(), List{true, List{}}});
  ExpectEcho(List(1000, Value("item")));
  Map inner;
  inner.Set("ключ", "значение");
  inner.Set("list", List{1, 2});
  Map outer;
  outer.Set("inner", inner);
  outer.Set("date", Date{19782});
  ExpectEcho(outer);
}

TEST_F(BoltTypes, TemporalAndSpatialRoundTrip) {
  ExpectEcho(Date{19782});
  ExpectEcho(Date{-719162});  // 0001-01-01
  ExpectEcho(Time{12 * 3'600'000'000'000 + 5, -7200});
  ExpectEcho(LocalTime{86'399'999'999'999});
  ExpectEcho(DateTime{1'704'103'200, 123'456'789, 7200, true});
  ExpectEcho(DateTimeZoneId{1'704'103'200, 1, "Europe/Berlin", true});
  ExpectEcho(LocalDateTime{1'704'103'200, 42});
  ExpectEcho(Duration{14, 3, 7205, 7});
  ExpectEcho(Point2D{7203, 1.5, -2.25});
  ExpectEcho(Point2D{4326, 13.4, 52.5});
  ExpectEcho(Point3D{9157, 1, 2, 3});
  ExpectEcho(Point3D{4979, 13.4, 52.5, 34.0});
}

TEST_F(BoltTypes, CypherValuesDecode) {
  auto d = Single(*client_, "RETURN date('2024-02-29')");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->as<Date>().days, 19782);
  EXPECT_EQ(d->ToString(), "2024-02-29");

  auto dt = Single(*client_, "RETURN datetime('2024-01-01T12:00:00+02:00')");
  ASSERT_TRUE(dt.ok());
  EXPECT_EQ(dt->as<DateTime>(), (DateTime{1'704'103'200, 0, 7200, true}));
  EXPECT_EQ(dt->ToString(), "2024-01-01T12:00:00.000000000+02:00");

  auto zoned = Single(*client_, "RETURN datetime('2024-07-01T12:00:00[Europe/Berlin]')");
  ASSERT_TRUE(zoned.ok());
  EXPECT_EQ(zoned->as<DateTimeZoneId>().tz_id, "Europe/Berlin");
  EXPECT_EQ(zoned->as<DateTimeZoneId>().seconds, 1'719'828'000);  // 10:00 UTC

  auto dur = Single(*client_, "RETURN duration('P1Y2M3DT4H5M6.5S')");
  ASSERT_TRUE(dur.ok());
  EXPECT_EQ(dur->as<Duration>(), (Duration{14, 3, 4 * 3600 + 5 * 60 + 6, 500'000'000}));

  auto p = Single(*client_, "RETURN point({longitude: 13.4, latitude: 52.5})");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->as<Point2D>().srid, 4326);
  auto lt = Single(*client_, "RETURN localtime('23:59:59.5')");
  ASSERT_TRUE(lt.ok());
  EXPECT_EQ(lt->as<LocalTime>().nanoseconds, 86'399'500'000'000);
}

TEST_F(BoltTypes, GraphEntitiesDecode) {
  ASSERT_TRUE(client_->Run("MATCH (n:TypeTest) DETACH DELETE n").ok());
  Node a, b;
  Relationship r;
  Path path;
  auto summary = client_->Run(
      "CREATE p = (a:TypeTest:Extra {born: date('1815-12-10')})"
      "-[r:LINK {w: 1.5}]->(b:TypeTest {name: 'b'}) RETURN a, r, b, p",
      {}, [&](const Record& rec) {
        a = rec.Get("a")->as<Node>();
        r = rec.Get("r")->as<Relationship>();
        b = rec.Get("b")->as<Node>();
        path = rec.Get("p")->as<Path>();
        return Status::Ok();
      });
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(a.labels, (std::vector<std::string>{"TypeTest", "Extra"}));
  EXPECT_EQ(a.properties.Find("born")->as<Date>().days, -56270);
  EXPECT_EQ(a.element_id.empty(), TestingBolt44());  // 4.4 has numeric ids only
  EXPECT_EQ(r.type, "LINK");
  EXPECT_EQ(r.start_id, a.id);
  EXPECT_EQ(r.end_id, b.id);
  EXPECT_EQ(r.start_element_id, a.element_id);
  EXPECT_EQ(r.properties.Find("w")->as<double>(), 1.5);
  ASSERT_EQ(path.nodes.size(), 2u);
  ASSERT_EQ(path.relationships.size(), 1u);
  EXPECT_EQ(path.indices, (std::vector<int64_t>{1, 1}));
  EXPECT_EQ(Value(path).ToString(),
            "(:TypeTest:Extra {born: 1815-12-10})-[:LINK {w: 1.5}]->"
            "(:TypeTest {name: \"b\"})");
  EXPECT_EQ(summary->metadata.Find("type")->as<std::string>(), "rw");
}

}  // namespace
}  // namespace ferry::bolt::testing
