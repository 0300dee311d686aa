// libFuzzer target: the zstd reader (stream/zstd ZstdDecompressSource) on
// payload bytes from the medium. Output is read in odd-sized chunks and
// capped, since a tiny frame may legitimately expand to gigabytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "stream/zstd.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t chunk = 1 + data[0] * 97;
  ferry::stream::StringSource compressed(
      std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  ferry::stream::ZstdDecompressSource plain(compressed);
  std::vector<std::byte> buffer(chunk);
  uint64_t total = 0;
  while (total < (64u << 20)) {
    auto n = plain.Read(buffer);
    if (!n.ok() || *n == 0) break;
    if (*n > buffer.size()) __builtin_trap();
    total += *n;
  }
  return 0;
}
