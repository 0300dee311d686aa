#include "bolt/handshake.h"

#include <gtest/gtest.h>

#include "bolt/testing/memory_stream.h"

namespace ferry::bolt {
namespace {

using B = std::vector<uint8_t>;

TEST(Handshake, OffersFiveFourDownToFiveZeroThenFourFour) {
  auto r = HandshakeRequest();
  EXPECT_EQ(B(r.begin(), r.end()),
            (B{0x60, 0x60, 0xB0, 0x17, 0, 4, 4, 5, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0}));
}

TEST(Handshake, CappedAtFourFourOffersOnlyFourFour) {
  auto r = HandshakeRequest(BoltVersion{4, 4});
  EXPECT_EQ(B(r.begin(), r.end()),
            (B{0x60, 0x60, 0xB0, 0x17, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  auto two = HandshakeRequest(BoltVersion{5, 2});
  EXPECT_EQ(B(two.begin() + 4, two.begin() + 12), (B{0, 2, 2, 5, 0, 0, 4, 4}));
}

TEST(Handshake, CappedAtFourFourRefusesAFiveAnswer) {
  std::array<uint8_t, 4> five_four{0, 0, 4, 5};
  EXPECT_EQ(ParseHandshakeResponse(five_four, BoltVersion{4, 4}).status().code(), "N004");
  std::array<uint8_t, 4> four_four{0, 0, 4, 4};
  EXPECT_EQ(*ParseHandshakeResponse(four_four, BoltVersion{4, 4}), (BoltVersion{4, 4}));
}

TEST(Handshake, ParsesTheChosenVersion) {
  std::array<uint8_t, 4> five_two{0, 0, 2, 5};
  auto v = ParseHandshakeResponse(five_two);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, (BoltVersion{5, 2}));
  std::array<uint8_t, 4> four_four{0, 0, 4, 4};
  EXPECT_EQ(*ParseHandshakeResponse(four_four), (BoltVersion{4, 4}));
}

TEST(Handshake, RejectsNoVersionHttpAndUnofferedVersions) {
  std::array<uint8_t, 4> none{0, 0, 0, 0};
  EXPECT_EQ(ParseHandshakeResponse(none).status().code(), "N004");
  std::array<uint8_t, 4> http{'H', 'T', 'T', 'P'};
  auto s = ParseHandshakeResponse(http).status();
  EXPECT_NE(s.message().find("HTTP"), std::string::npos);
  std::array<uint8_t, 4> three{0, 0, 0, 3};
  EXPECT_FALSE(ParseHandshakeResponse(three).ok());
}

TEST(Handshake, ExchangesBytesOverAStream) {
  testing::MemoryStream stream(B{0, 0, 4, 5}, 1);
  auto v = Handshake(stream);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(*v, (BoltVersion{5, 4}));
  EXPECT_EQ(stream.output().size(), 20u);
  testing::MemoryStream closed(B{0, 0});
  EXPECT_EQ(Handshake(closed).status().code(), "N004");
}

}  // namespace
}  // namespace ferry::bolt
