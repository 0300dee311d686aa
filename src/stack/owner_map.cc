#include "stack/owner_map.h"

#include <algorithm>

namespace ferry::stack {
namespace {

std::optional<uint32_t> ParseUid(std::string_view digits) {
  if (digits.empty() || digits.size() > 10) return std::nullopt;
  uint64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  if (value > kMaxUid) return std::nullopt;
  return static_cast<uint32_t>(value);
}

}  // namespace

std::optional<std::pair<uint32_t, uint32_t>> ParseOwnerPair(std::string_view text) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto from = ParseUid(text.substr(0, colon));
  auto to = ParseUid(text.substr(colon + 1));
  if (!from || !to) return std::nullopt;
  return std::make_pair(*from, *to);
}

OwnerMap MergeOwnerMaps(const OwnerMap& base, const OwnerMap& overrides) {
  OwnerMap merged = base;
  for (const auto& [from, to] : overrides) {
    // A named copy: clang 14 (C++20 before P2036) cannot capture a
    // structured binding in a lambda.
    const auto uid = from;
    auto same =
        std::find_if(merged.begin(), merged.end(), [uid](const auto& p) { return p.first == uid; });
    if (same != merged.end()) {
      same->second = to;
    } else {
      merged.emplace_back(from, to);
    }
  }
  return merged;
}

}  // namespace ferry::stack
