#include "bolt/packstream.h"

#include <gtest/gtest.h>

#include <limits>

namespace ferry::bolt {
namespace {

using B = std::vector<uint8_t>;

// Byte-exact vectors from the PackStream specification's examples.
TEST(PackStream, EncodesScalarsAsTheSpecShows) {
  EXPECT_EQ(Pack(Value()), (B{0xC0}));
  EXPECT_EQ(Pack(true), (B{0xC3}));
  EXPECT_EQ(Pack(false), (B{0xC2}));
  EXPECT_EQ(Pack(1.23), (B{0xC1, 0x3F, 0xF3, 0xAE, 0x14, 0x7A, 0xE1, 0x47, 0xAE}));
  EXPECT_EQ(Pack(""), (B{0x80}));
  EXPECT_EQ(Pack("A"), (B{0x81, 0x41}));
  EXPECT_EQ(Pack(Bytes{1, 2, 3}), (B{0xCC, 0x03, 0x01, 0x02, 0x03}));
  EXPECT_EQ(Pack(Bytes{}), (B{0xCC, 0x00}));
}

TEST(PackStream, PicksTheSmallestIntegerForm) {
  EXPECT_EQ(Pack(1), (B{0x01}));
  EXPECT_EQ(Pack(127), (B{0x7F}));
  EXPECT_EQ(Pack(-16), (B{0xF0}));
  EXPECT_EQ(Pack(-17), (B{0xC8, 0xEF}));
  EXPECT_EQ(Pack(-128), (B{0xC8, 0x80}));
  EXPECT_EQ(Pack(128), (B{0xC9, 0x00, 0x80}));
  EXPECT_EQ(Pack(-129), (B{0xC9, 0xFF, 0x7F}));
  EXPECT_EQ(Pack(32767), (B{0xC9, 0x7F, 0xFF}));
  EXPECT_EQ(Pack(32768), (B{0xCA, 0x00, 0x00, 0x80, 0x00}));
  EXPECT_EQ(Pack(int64_t{-2147483648LL}), (B{0xCA, 0x80, 0x00, 0x00, 0x00}));
  EXPECT_EQ(Pack(int64_t{2147483648LL}), (B{0xCB, 0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00}));
  EXPECT_EQ(Pack(std::numeric_limits<int64_t>::min()),
            (B{0xCB, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}));
}

TEST(PackStream, EncodesContainers) {
  EXPECT_EQ(Pack(List{}), (B{0x90}));
  EXPECT_EQ(Pack(List{1, 2, 3}), (B{0x93, 0x01, 0x02, 0x03}));
  Map m;
  m.Set("one", "eins");
  EXPECT_EQ(Pack(m), (B{0xA1, 0x83, 0x6F, 0x6E, 0x65, 0x84, 0x65, 0x69, 0x6E, 0x73}));
  List sixteen(16, Value(1));
  B packed = Pack(sixteen);
  ASSERT_EQ(packed.size(), 18u);
  EXPECT_EQ(packed[0], 0xD4);
  EXPECT_EQ(packed[1], 16);
  EXPECT_EQ(Pack(Date{19000}), (B{0xB1, 'D', 0xC9, 0x4A, 0x38}));
}

TEST(PackStream, SizedStringsAndBytesUseWiderHeaders) {
  std::string utf8 = "Größenmaßstäbe";  // 14 characters, 18 bytes
  B packed = Pack(utf8);
  EXPECT_EQ(packed[0], 0xD0);
  EXPECT_EQ(packed[1], 18);
  std::string big(70000, 'x');
  packed = Pack(big);
  EXPECT_EQ((B{packed.begin(), packed.begin() + 5}), (B{0xD2, 0x00, 0x01, 0x11, 0x70}));
  packed = Pack(Bytes(300, 7));
  EXPECT_EQ((B{packed.begin(), packed.begin() + 3}), (B{0xCD, 0x01, 0x2C}));
}

void ExpectRoundTrip(const Value& v) {
  auto back = Unpack(Pack(v));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, v) << v.ToString() << " came back as " << back->ToString();
}

TEST(PackStream, EveryIntegerWidthRoundTrips) {
  for (int64_t i : {int64_t{0}, int64_t{-1}, int64_t{-16}, int64_t{-17}, int64_t{127}, int64_t{128},
                    int64_t{-128}, int64_t{-129}, int64_t{32767}, int64_t{-32769},
                    int64_t{2147483647}, int64_t{-2147483649LL},
                    std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min()}) {
    ExpectRoundTrip(i);
  }
}

TEST(PackStream, EveryTypeRoundTrips) {
  Map props;
  props.Set("name", "Ada");
  props.Set("tags", List{"x", 1.5, Value(), true});
  ExpectRoundTrip(props);
  ExpectRoundTrip(std::string(300, 'y'));
  ExpectRoundTrip(Bytes(70000, 9));
  ExpectRoundTrip(List(300, Value("z")));
  ExpectRoundTrip(Node{7, {"Person", "Admin"}, props, "4:abc:7"});
  ExpectRoundTrip(Relationship{1, 2, 3, "KNOWS", props, "5:r:1", "4:n:2", "4:n:3"});
  ExpectRoundTrip(UnboundRelationship{1, "KNOWS", props, "5:r:1"});
  ExpectRoundTrip(Path{{Node{1, {"A"}, {}, "n1"}, Node{2, {"B"}, {}, "n2"}},
                       {UnboundRelationship{9, "T", {}, "r9"}},
                       {1, 1}});
  ExpectRoundTrip(Date{-719162});
  ExpectRoundTrip(Time{3600'000'000'000, -7200});
  ExpectRoundTrip(LocalTime{86399'999'999'999});
  ExpectRoundTrip(DateTime{1700000000, 123, 3600, true});
  ExpectRoundTrip(DateTime{1700003600, 123, 3600, false});
  ExpectRoundTrip(DateTimeZoneId{1700000000, 5, "Europe/Berlin", true});
  ExpectRoundTrip(DateTimeZoneId{1700000000, 5, "Europe/Berlin", false});
  ExpectRoundTrip(LocalDateTime{-1, 999'999'999});
  ExpectRoundTrip(Duration{14, 3, -5, 7});
  ExpectRoundTrip(Point2D{7203, 1.5, -2.25});
  ExpectRoundTrip(Point3D{4979, 12.5, 55.75, 100.0});
  ExpectRoundTrip(Structure{0x01, {1, "x"}});
}

TEST(PackStream, Bolt44EntitiesHaveNoElementIds) {
  Node n{7, {"L"}, {}, ""};
  auto back = Unpack(Pack(n, /*element_ids=*/false));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->as<Node>().id, 7);
  EXPECT_EQ(Pack(n, false)[0], 0xB3);
}

TEST(PackStream, RejectsMalformedInput) {
  EXPECT_EQ(Unpack(B{0xC9, 0x01}).status().code(), "N004");                    // truncated int
  EXPECT_EQ(Unpack(B{0x85, 'a'}).status().code(), "N004");                     // truncated string
  EXPECT_EQ(Unpack(B{0xD6, 0x7F, 0xFF, 0xFF, 0xFF}).status().code(), "N004");  // huge list
  EXPECT_EQ(Unpack(B{0xA1, 0x01, 0x01}).status().code(), "N004");              // non-string key
  EXPECT_EQ(Unpack(B{0xC4}).status().code(), "N004");                          // unknown marker
  EXPECT_EQ(Unpack(B{0xB1, 'D', 0x81, 'x'}).status().code(), "N004");          // Date of a string
  EXPECT_EQ(Unpack(B{0x01, 0x02}).status().code(), "N004");                    // trailing bytes
  B deep(200, 0x91);
  deep.push_back(0xC0);
  EXPECT_EQ(Unpack(deep).status().code(), "N004");
}

TEST(PackStream, ReadsNonMinimalEncodings) {
  auto v = Unpack(B{0xCB, 0, 0, 0, 0, 0, 0, 0, 0x05});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->as<int64_t>(), 5);
  v = Unpack(B{0xD0, 0x01, 'q'});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->as<std::string>(), "q");
}

TEST(Value, ToStringIsReadable) {
  Map m;
  m.Set("born", Date{-56270});
  m.Set("tags", List{"a", 2});
  EXPECT_EQ(Value(m).ToString(), "{born: 1815-12-10, tags: [\"a\", 2]}");
  EXPECT_EQ(Value(DateTime{0, 0, 3600, true}).ToString(), "1970-01-01T01:00:00.000000000+01:00");
  EXPECT_EQ(Value(Node{1, {"P"}, {}, ""}).ToString(), "(:P)");
  EXPECT_EQ(Value(Bytes{0xAB, 0x01}).ToString(), "#ab01");
  EXPECT_EQ(Value(Point2D{7203, 1, 2}).TypeName(), "POINT");
}

TEST(Value, MapsCompareWithoutOrder) {
  Map a, b;
  a.Set("x", 1);
  a.Set("y", "z");
  b.Set("y", "z");
  b.Set("x", 1);
  EXPECT_EQ(Value(a), Value(b));
  b.Set("x", 2);
  EXPECT_NE(Value(a), Value(b));
}

}  // namespace
}  // namespace ferry::bolt
