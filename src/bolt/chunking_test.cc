#include "bolt/chunking.h"

#include <gtest/gtest.h>

#include "bolt/testing/memory_stream.h"

namespace ferry::bolt {
namespace {

using B = std::vector<uint8_t>;

TEST(Chunking, SmallMessageIsOneChunkAndEndMarker) {
  B out;
  AppendChunked(B{0xB1, 0x01, 0xA0}, out);
  EXPECT_EQ(out, (B{0x00, 0x03, 0xB1, 0x01, 0xA0, 0x00, 0x00}));
}

TEST(Chunking, LargeMessageSplitsAt65535) {
  B message(65535 + 10, 0x42);
  B out;
  AppendChunked(message, out);
  ASSERT_EQ(out.size(), 2 + 65535 + 2 + 10 + 2);
  EXPECT_EQ(out[0], 0xFF);
  EXPECT_EQ(out[1], 0xFF);
  EXPECT_EQ(out[2 + 65535], 0x00);
  EXPECT_EQ(out[2 + 65535 + 1], 10);
  EXPECT_EQ(out[out.size() - 2], 0);
  EXPECT_EQ(out[out.size() - 1], 0);
}

TEST(Chunking, ReaderReassemblesAndSkipsNoops) {
  B big(70000);
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<uint8_t>(i * 7);
  B wire = {0x00, 0x00, 0x00, 0x00};  // two NOOPs
  AppendChunked(B{1, 2, 3}, wire);
  AppendChunked(big, wire);
  testing::MemoryStream stream(wire, /*max_read=*/1000);
  MessageReader reader(stream);
  B message;
  ASSERT_TRUE(reader.Next(message).ok());
  EXPECT_EQ(message, (B{1, 2, 3}));
  ASSERT_TRUE(reader.Next(message).ok());
  EXPECT_EQ(message, big);
  Status end = reader.Next(message);
  EXPECT_EQ(end.code(), "N004");
}

TEST(Chunking, TruncatedMessageIsAnError) {
  testing::MemoryStream stream(B{0x00, 0x05, 1, 2});
  MessageReader reader(stream);
  B message;
  EXPECT_EQ(reader.Next(message).code(), "N004");
}

}  // namespace
}  // namespace ferry::bolt
