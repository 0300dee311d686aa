// libFuzzer target: PackStream decoding (bolt/packstream Unpack), the bytes
// a Neo4j server (or anything listening on its port) sends. A value that
// decodes must encode again and decode to the same encoding.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "bolt/packstream.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto value = ferry::bolt::Unpack(std::span<const uint8_t>(data, size));
  if (value.ok()) {
    std::vector<uint8_t> packed = ferry::bolt::Pack(*value);
    auto again = ferry::bolt::Unpack(packed);
    if (!again.ok()) __builtin_trap();
    if (ferry::bolt::Pack(*again) != packed) __builtin_trap();
  }
  return 0;
}
