// Who owns what a restore writes: the numeric accounts of the machine that
// exported (uid 1000 on Linux) are not this machine's (501 on a Mac). A map
// from source uid to target uid comes from `--map-owner SRC:DST` on restore
// and migrate, and from `[target] map_owner` in the user's own stack file;
// the flag adds to the file's map and wins for the same source uid.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace ferry::stack {

using OwnerMap = std::vector<std::pair<uint32_t, uint32_t>>;  // source uid -> target uid

// The highest uid a map may name: (uid_t)-1 means "leave unchanged" to chown.
inline constexpr uint32_t kMaxUid = 0xFFFFFFFEu;

// "1000:501" -> {1000, 501}. Only decimal digits on both sides (no sign, no
// space), each 0..kMaxUid; anything else is nullopt.
std::optional<std::pair<uint32_t, uint32_t>> ParseOwnerPair(std::string_view text);

// `base` with each pair of `overrides` applied: it replaces base's pair of
// the same source uid, or is added.
OwnerMap MergeOwnerMaps(const OwnerMap& base, const OwnerMap& overrides);

}  // namespace ferry::stack
