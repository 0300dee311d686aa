// libFuzzer target: the text manifest parser (sha256sum lines from the medium).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "integrity/manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = ferry::integrity::ParseManifestText(text);
  if (parsed.ok()) {
    // What parses must be safe: every name passed CheckSafeRelativePath.
    for (const auto& e : *parsed) {
      if (!ferry::integrity::CheckSafeRelativePath(e.path).ok() || e.sha256.size() != 64)
        __builtin_trap();
    }
  }
  return 0;
}
