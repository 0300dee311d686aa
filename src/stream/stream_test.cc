#include "stream/stream.h"

#include <gtest/gtest.h>

#include <string>

#include "stream/sha256.h"
#include "stream/zstd.h"

namespace ferry::stream {
namespace {

std::string Pseudorandom(size_t n) {
  std::string s(n, '\0');
  uint64_t x = 88172645463325252ull;
  for (size_t i = 0; i < n; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    s[i] = static_cast<char>(i % 3 == 0 ? 'a' : x & 0xff);  // partly compressible
  }
  return s;
}

TEST(Sha256Test, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256Test, DigestAndResetStartsOver) {
  Sha256 h;
  h.Update("abc");
  auto first = h.DigestAndReset();
  EXPECT_EQ(first[0], 0xba);
  EXPECT_EQ(first[31], 0xad);
  h.Update("abc");
  EXPECT_EQ(h.DigestAndReset(), first);  // not "abcabc"
  EXPECT_EQ(h.HexDigest(), Sha256Hex(""));
}

TEST(Sha256Test, SinkHashesAndCountsWhatPasses) {
  StringSink out;
  Sha256Sink sink(&out);
  ASSERT_TRUE(sink.Write(AsBytes("ab")).ok());
  ASSERT_TRUE(sink.Write(AsBytes("c")).ok());
  ASSERT_TRUE(sink.Finish().ok());
  EXPECT_EQ(sink.hex(), Sha256Hex("abc"));
  EXPECT_EQ(sink.size(), 3u);
  EXPECT_EQ(out.text(), "abc");
}

TEST(ReadAllTest, ReadsToTheEndAtAndBelowTheLimit) {
  const std::string text = Pseudorandom(200 * 1024);  // several reads
  StringSource source(text);
  auto all = ReadAll(source, text.size());
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_TRUE(all->has_value());
  EXPECT_EQ(**all, text);
  StringSource empty("");
  EXPECT_EQ(*ReadAll(empty, 0), std::optional<std::string>(""));
}

TEST(ReadAllTest, MoreThanTheLimitIsNulloptNotAnError) {
  StringSource source(Pseudorandom(1000));
  auto all = ReadAll(source, 999);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_FALSE(all->has_value());
}

TEST(ZstdTest, RoundTripThroughSinkAndSource) {
  const std::string data = Pseudorandom(5 << 20);
  StringSink compressed;
  ZstdCompressSink zsink(compressed, {.level = 3, .threads = 2});
  StringSource src(data);
  ASSERT_TRUE(Pump(src, zsink).ok());
  EXPECT_LT(compressed.text().size(), data.size());

  StringSink plain;
  ZstdDecompressSink dsink(plain);
  StringSource csrc(compressed.text());
  ASSERT_TRUE(Pump(csrc, dsink).ok());
  EXPECT_EQ(plain.text(), data);

  StringSource csrc2(compressed.text());
  ZstdDecompressSource dsrc(csrc2);
  StringSink plain2;
  ASSERT_TRUE(Pump(dsrc, plain2).ok());
  EXPECT_EQ(plain2.text(), data);
}

TEST(ZstdTest, SameInputSameBytesWhateverTheThreadCount) {
  const std::string data = Pseudorandom(3 << 20);
  StringSink a, b;
  ZstdCompressSink za(a, {.level = 3, .threads = 1});
  ZstdCompressSink zb(b, {.level = 3, .threads = 2});
  StringSource sa(data), sb(data);
  ASSERT_TRUE(Pump(sa, za).ok());
  ASSERT_TRUE(Pump(sb, zb).ok());
  EXPECT_EQ(Sha256Hex(a.text()), Sha256Hex(b.text()));
}

TEST(ZstdTest, TruncatedFrameIsFs002) {
  StringSink compressed;
  ZstdCompressSink zsink(compressed, {});
  StringSource src(Pseudorandom(1 << 20));
  ASSERT_TRUE(Pump(src, zsink).ok());
  std::string cut = compressed.text().substr(0, compressed.text().size() / 2);

  StringSink plain;
  ZstdDecompressSink dsink(plain);
  StringSource csrc(cut);
  Status s = Pump(csrc, dsink);
  EXPECT_EQ(s.code(), "FS002");

  StringSource csrc2(cut);
  ZstdDecompressSource dsrc(csrc2);
  StringSink plain2;
  EXPECT_EQ(Pump(dsrc, plain2).code(), "FS002");
}

// A flip inside compressed data can decode to the same bytes (unused bits),
// which is why payloads carry SHA-256; the frame checksum must still catch a
// damaged checksum field itself.
TEST(ZstdTest, DamagedFrameChecksumIsFs002) {
  StringSink compressed;
  ZstdCompressSink zsink(compressed, {});
  StringSource src(Pseudorandom(1 << 20));
  ASSERT_TRUE(Pump(src, zsink).ok());
  std::string bad = compressed.text();
  bad[bad.size() - 1] ^= 0x40;
  StringSink plain;
  ZstdDecompressSink dsink(plain);
  StringSource csrc(bad);
  EXPECT_EQ(Pump(csrc, dsink).code(), "FS002");
}

}  // namespace
}  // namespace ferry::stream
