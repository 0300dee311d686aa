// libFuzzer target: the Docker multiplexed-stream decoder (exec/docker
// FrameDemuxer). The first byte picks how the rest is split into reads, so
// headers and payloads arrive cut at every place; the verdict and the bytes
// handed on (each with its stream id) must not depend on the chunking.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "exec/docker/frames.h"

using ferry::exec::docker::FrameDemuxer;
using ferry::exec::docker::StreamId;

namespace {

struct Decoded {
  bool ok = true;
  bool at_boundary = false;
  std::string tagged;  // (id, byte) pairs
};

Decoded Decode(std::string_view stream, size_t chunk) {
  Decoded d;
  FrameDemuxer demux([&](StreamId id, std::string_view payload) {
    for (char c : payload) {
      d.tagged.push_back(static_cast<char>(id));
      d.tagged.push_back(c);
    }
    return ferry::Status::Ok();
  });
  for (size_t pos = 0; pos < stream.size(); pos += chunk) {
    if (!demux.Feed(stream.substr(pos, chunk)).ok()) {
      d.ok = false;
      break;
    }
  }
  d.at_boundary = demux.AtBoundary();
  return d;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);
  const size_t chunk = 1 + data[0] % 17;
  Decoded whole = Decode(stream, stream.size() + 1);
  Decoded cut = Decode(stream, chunk);
  if (whole.ok != cut.ok) __builtin_trap();
  if (whole.ok && (whole.tagged != cut.tagged || whole.at_boundary != cut.at_boundary))
    __builtin_trap();
  return 0;
}
