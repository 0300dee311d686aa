// libFuzzer target: the JSON manifest parser, with its schema and limits.
// Input: JSON bytes, optionally followed by a NUL and the text manifest.
// Each input is tried twice: as it is, and with both digests recomputed
// (anyone can: they are unkeyed), so that mutations reach past the digest
// checks into the comparison of the two manifests.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "integrity/manifest.h"
#include "stream/sha256.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view all(reinterpret_cast<const char*>(data), size);
  size_t nul = all.find('\0');
  std::string_view json = all.substr(0, nul);
  std::string_view text = nul == std::string_view::npos ? std::string_view() : all.substr(nul + 1);
  (void)ferry::integrity::ParseManifestJson(json, text);

  // Rehashed: only when the document is shallow enough to be handled here
  // without the parser's own limits (the fuzzer must not crash itself).
  if (json.size() > (1 << 16)) return 0;
  int depth = 0, max_depth = 0;
  for (char c : json) {
    if (c == '[' || c == '{') max_depth = std::max(max_depth, ++depth);
    if (c == ']' || c == '}') --depth;
  }
  if (max_depth > 32) return 0;
  auto j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return 0;
  j["text_manifest_sha256"] = ferry::stream::Sha256Hex(text);
  j["self_sha256"] = "";
  j["self_sha256"] = ferry::stream::Sha256Hex(j.dump(2));
  std::string rehashed = j.dump(2);
  auto m = ferry::integrity::ParseManifestJson(rehashed, text);
  if (m.ok()) {
    for (const auto& e : m->entries) {
      if (!ferry::integrity::CheckSafeRelativePath(e.path).ok()) __builtin_trap();
      if (e.size > ferry::integrity::kMaxPayloadSize) __builtin_trap();
    }
  }
  return 0;
}
