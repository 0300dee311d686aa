// The content fingerprint of a graph: equal for equal content on any server,
// whatever the internal ids, the order the server streams entities in, or
// the order of labels and property keys.
//
// Each node hashes to SHA-256("N" + sorted labels + sorted properties), each
// relationship to SHA-256("R" + type + sorted properties + the hashes of its
// start and end nodes). Values are encoded with a type tag and a length, so
// 1 (INTEGER) differs from 1.0 (FLOAT) and "1" (STRING), and no two different
// values share an encoding. The graph's fingerprint is the sum of all entity
// hashes modulo 2^256: order-independent like XOR, but unlike XOR two equal
// nodes do not cancel out. It needs 32 bytes of state for any graph size.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "bolt/value.h"

namespace ferry::components::neo4j {

using Digest = std::array<uint8_t, 32>;

// Appends the canonical encoding of value to out. Maps (never a stored
// property, but possible in lists of query results) are sorted by key.
// DateTime values in the legacy local form are converted to UTC seconds.
void AppendCanonical(const bolt::Value& value, std::string& out);

Digest NodeDigest(const std::vector<std::string>& labels, const bolt::Map& properties);
Digest RelationshipDigest(const std::string& type, const bolt::Map& properties, const Digest& start,
                          const Digest& end);

// Lowercase hex of bytes (digests, the payload's $bytes values).
std::string LowerHex(const uint8_t* data, size_t size);

// Sum of digests modulo 2^256 (big-endian).
class Fingerprint {
 public:
  void Add(const Digest& digest);
  std::string Hex() const;

 private:
  Digest sum_{};
};

}  // namespace ferry::components::neo4j
