#include "exec/docker/frames.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ferry::exec::docker {
namespace {

std::string Frame(uint8_t stream, const std::string& payload) {
  std::string f(8, '\0');
  f[0] = static_cast<char>(stream);
  uint32_t n = static_cast<uint32_t>(payload.size());
  f[4] = static_cast<char>(n >> 24);
  f[5] = static_cast<char>(n >> 16);
  f[6] = static_cast<char>(n >> 8);
  f[7] = static_cast<char>(n);
  return f + payload;
}

struct Collected {
  std::string out, err;
  std::vector<StreamId> order;
};

FrameDemuxer Collector(Collected& c) {
  return FrameDemuxer([&c](StreamId id, std::string_view data) {
    (id == StreamId::kStdout ? c.out : c.err).append(data);
    if (c.order.empty() || c.order.back() != id) c.order.push_back(id);
    return Status::Ok();
  });
}

TEST(FrameDemuxerTest, SplitsStdoutAndStderrInOrder) {
  Collected c;
  FrameDemuxer demux = Collector(c);
  ASSERT_TRUE(demux.Feed(Frame(1, "hello\n") + Frame(2, "oops\n") + Frame(1, "world\n")).ok());
  EXPECT_EQ(c.out, "hello\nworld\n");
  EXPECT_EQ(c.err, "oops\n");
  EXPECT_EQ(c.order, (std::vector{StreamId::kStdout, StreamId::kStderr, StreamId::kStdout}));
  EXPECT_TRUE(demux.AtBoundary());
}

TEST(FrameDemuxerTest, AcceptsAnyChunkingIncludingSplitHeaders) {
  std::string stream =
      Frame(1, "abc") + Frame(2, "") + Frame(2, "defg") + Frame(1, std::string(70000, 'x'));
  for (size_t chunk : {1u, 3u, 7u, 8u, 9u, 4096u}) {
    Collected c;
    FrameDemuxer demux = Collector(c);
    for (size_t i = 0; i < stream.size(); i += chunk) {
      ASSERT_TRUE(demux.Feed(std::string_view(stream).substr(i, chunk)).ok()) << chunk;
    }
    EXPECT_EQ(c.out, "abc" + std::string(70000, 'x')) << chunk;
    EXPECT_EQ(c.err, "defg") << chunk;
    EXPECT_TRUE(demux.AtBoundary());
  }
}

TEST(FrameDemuxerTest, ReportsAStreamCutInsideAFrame) {
  Collected c;
  FrameDemuxer demux = Collector(c);
  ASSERT_TRUE(demux.Feed(Frame(1, "complete").substr(0, 11)).ok());
  EXPECT_FALSE(demux.AtBoundary());
  EXPECT_EQ(c.out, "com");
}

TEST(FrameDemuxerTest, RejectsAMalformedHeader) {
  Collected c;
  FrameDemuxer demux = Collector(c);
  Status s = demux.Feed(std::string("plain log text, no frames"));
  EXPECT_EQ(s.code(), "X002");
  std::string bad_padding = Frame(1, "x");
  bad_padding[2] = 1;
  FrameDemuxer second = Collector(c);
  EXPECT_EQ(second.Feed(bad_padding).code(), "X002");
}

TEST(FrameDemuxerTest, StopsWhenTheSinkFails) {
  FrameDemuxer demux([](StreamId, std::string_view) { return Status::Error("X002", "full"); });
  EXPECT_EQ(demux.Feed(Frame(1, "data")).message(), "full");
}

}  // namespace
}  // namespace ferry::exec::docker
