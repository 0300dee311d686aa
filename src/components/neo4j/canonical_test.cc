// The fingerprint's promises: independent of order and of internal ids,
// sensitive to every type, label, property and link.
#include "components/neo4j/canonical.h"

#include <gtest/gtest.h>

#include <cmath>

namespace ferry::components::neo4j {
namespace {

bolt::Map Props(std::vector<std::pair<std::string, bolt::Value>> entries) {
  bolt::Map m;
  for (auto& [k, v] : entries) m.Set(k, std::move(v));
  return m;
}

std::string Encode(const bolt::Value& v) {
  std::string out;
  AppendCanonical(v, out);
  return out;
}

TEST(CanonicalTest, LabelAndPropertyOrderDoNotMatter) {
  EXPECT_EQ(NodeDigest({"A", "B"}, Props({{"x", 1}, {"y", "two"}})),
            NodeDigest({"B", "A"}, Props({{"y", "two"}, {"x", 1}})));
}

// Pins the definition: payloads of earlier exports carry fingerprints made
// with it. SHA-256 of "N" 1 "A" "M" 1 "x" 'i' 1 (lengths and integers as
// 8-byte big-endian), computed outside ferry.
TEST(CanonicalTest, NodeDigestIsTheDocumentedSha256) {
  Digest d = NodeDigest({"A"}, Props({{"x", 1}}));
  EXPECT_EQ(LowerHex(d.data(), d.size()),
            "9ad3e1fa7adc0260ff94243904018f5068271d2119e275f1ca4f40ccf2c8fab1");
}

// A digest computed inside another one's encoding (a node nested in a
// value) must not clobber the outer encoding.
TEST(CanonicalTest, NestedDigestsAreIndependent) {
  bolt::Node inner;
  inner.labels = {"In"};
  inner.properties = Props({{"k", "v"}});
  Digest a = NodeDigest({"Out"}, Props({{"n", bolt::Value(inner)}, {"z", 2}}));
  Digest b = NodeDigest({"Out"}, Props({{"z", 2}, {"n", bolt::Value(inner)}}));
  EXPECT_EQ(a, b);
  EXPECT_NE(a, NodeDigest({"Out"}, Props({{"z", 2}})));
}

TEST(CanonicalTest, TypesAreKeptApart) {
  EXPECT_NE(Encode(bolt::Value(int64_t{1})), Encode(bolt::Value(1.0)));
  EXPECT_NE(Encode(bolt::Value(int64_t{1})), Encode(bolt::Value("1")));
  EXPECT_NE(Encode(bolt::Value(bolt::Date{1})), Encode(bolt::Value(int64_t{1})));
  EXPECT_NE(Encode(bolt::Value(bolt::List{"ab"})), Encode(bolt::Value(bolt::List{"a", "b"})));
  EXPECT_NE(Encode(bolt::Value(bolt::Point2D{7203, 1, 2})),
            Encode(bolt::Value(bolt::Point2D{4326, 1, 2})));
  EXPECT_NE(Encode(bolt::Value(bolt::Bytes{1, 2})), Encode(bolt::Value("\x01\x02")));
}

TEST(CanonicalTest, LabelsAndKeysCannotRunTogether) {
  EXPECT_NE(NodeDigest({"AB"}, {}), NodeDigest({"A", "B"}, {}));
  EXPECT_NE(NodeDigest({}, Props({{"ab", 1}})), NodeDigest({}, Props({{"a", 1}})));
}

TEST(CanonicalTest, LegacyDateTimeEqualsUtcForm) {
  bolt::DateTime utc{1000, 5, 3600, true};
  bolt::DateTime legacy{1000 + 3600, 5, 3600, false};
  EXPECT_EQ(Encode(bolt::Value(utc)), Encode(bolt::Value(legacy)));
}

TEST(CanonicalTest, SignedZeroAndNaNPayloadsAreOneValue) {
  EXPECT_EQ(Encode(bolt::Value(0.0)), Encode(bolt::Value(-0.0)));
  EXPECT_EQ(Encode(bolt::Value(std::nan("1"))), Encode(bolt::Value(std::nan("2"))));
}

TEST(CanonicalTest, FingerprintIsOrderIndependent) {
  Digest a = NodeDigest({"A"}, Props({{"k", 1}}));
  Digest b = NodeDigest({"B"}, Props({{"k", 2}}));
  Digest c = RelationshipDigest("R", {}, a, b);
  Fingerprint f1, f2;
  for (const auto& d : {a, b, c}) f1.Add(d);
  for (const auto& d : {c, a, b}) f2.Add(d);
  EXPECT_EQ(f1.Hex(), f2.Hex());
  EXPECT_EQ(f1.Hex().size(), 64u);
}

TEST(CanonicalTest, DuplicatesDoNotCancel) {
  Digest a = NodeDigest({"A"}, {});
  Fingerprint once, twice;
  once.Add(a);
  twice.Add(a);
  twice.Add(a);
  EXPECT_NE(once.Hex(), twice.Hex());
  EXPECT_NE(twice.Hex(), Fingerprint().Hex());
}

TEST(CanonicalTest, InternalIdsDoNotMatter) {
  bolt::Node n1{.id = 1, .labels = {"A"}, .properties = Props({{"k", 1}}), .element_id = "4:x:1"};
  bolt::Node n2{.id = 99, .labels = {"A"}, .properties = Props({{"k", 1}}), .element_id = "4:y:99"};
  EXPECT_EQ(Encode(bolt::Value(n1)), Encode(bolt::Value(n2)));
}

TEST(CanonicalTest, RelationshipDirectionAndEndpointsMatter) {
  Digest a = NodeDigest({"A"}, {}), b = NodeDigest({"B"}, {});
  EXPECT_NE(RelationshipDigest("R", {}, a, b), RelationshipDigest("R", {}, b, a));
  EXPECT_NE(RelationshipDigest("R", {}, a, b), RelationshipDigest("S", {}, a, b));
  EXPECT_NE(RelationshipDigest("R", {}, a, b), RelationshipDigest("R", Props({{"w", 1}}), a, b));
}

TEST(CanonicalTest, CarryPropagatesAcrossAllBytes) {
  Digest ones{};
  ones.fill(0xff);
  Digest one{};
  one[31] = 1;
  Fingerprint f;
  f.Add(ones);
  f.Add(one);
  EXPECT_EQ(f.Hex(), std::string(64, '0'));
}

}  // namespace
}  // namespace ferry::components::neo4j
