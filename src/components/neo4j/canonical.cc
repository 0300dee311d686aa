#include "components/neo4j/canonical.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <variant>

#include "components/neo4j/overload.h"
#include "stream/sha256.h"

namespace ferry::components::neo4j {
namespace {

void AppendInt(int64_t v, std::string& out) {
  uint64_t u = static_cast<uint64_t>(v);
  char bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((u >> (8 * (7 - i))) & 0xff);
  out.append(bytes, 8);
}

void AppendDouble(double d, std::string& out) {
  // One NaN and one zero: servers may hand back either sign of zero or any
  // NaN payload for what a user considers the same value.
  if (std::isnan(d)) d = std::numeric_limits<double>::quiet_NaN();
  if (d == 0.0) d = 0.0;
  AppendInt(static_cast<int64_t>(std::bit_cast<uint64_t>(d)), out);
}

void AppendString(std::string_view s, std::string& out) {
  AppendInt(static_cast<int64_t>(s.size()), out);
  out.append(s);
}

void AppendSortedMap(const bolt::Map& map, std::string& out) {
  std::vector<const std::pair<std::string, bolt::Value>*> entries;
  entries.reserve(map.entries.size());
  for (const auto& e : map.entries) entries.push_back(&e);
  std::sort(entries.begin(), entries.end(), [](auto* a, auto* b) { return a->first < b->first; });
  out.push_back('M');
  AppendInt(static_cast<int64_t>(entries.size()), out);
  for (const auto* e : entries) {
    AppendString(e->first, out);
    AppendCanonical(e->second, out);
  }
}

// One encoding buffer and one hash context per thread, reused for every
// entity: a graph has millions, and a fresh context and string each was a
// third of the export's client time.
struct Scratch {
  std::string encoding;
  stream::Sha256 hash;
  bool busy = false;
};

// Hands encode() the thread's scratch buffer, or a fresh one when a digest
// is nested in another (a node inside a value being encoded).
template <class Encode>
Digest Hashed(Encode encode) {
  thread_local Scratch shared;
  std::optional<Scratch> fresh;
  Scratch& s = shared.busy ? fresh.emplace() : shared;
  s.busy = true;
  s.encoding.clear();
  encode(s.encoding);
  s.hash.Update(s.encoding);
  s.busy = false;
  return s.hash.DigestAndReset();
}

}  // namespace

void AppendCanonical(const bolt::Value& value, std::string& out) {
  std::visit(Overload{
                 [&](std::monostate) { out.push_back('0'); },
                 [&](bool b) { out.append(b ? "T" : "F"); },
                 [&](int64_t i) {
                   out.push_back('i');
                   AppendInt(i, out);
                 },
                 [&](double d) {
                   out.push_back('f');
                   AppendDouble(d, out);
                 },
                 [&](const std::string& s) {
                   out.push_back('s');
                   AppendString(s, out);
                 },
                 [&](const bolt::Bytes& b) {
                   out.push_back('b');
                   AppendString(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()),
                                out);
                 },
                 [&](const bolt::List& l) {
                   out.push_back('L');
                   AppendInt(static_cast<int64_t>(l.size()), out);
                   for (const auto& v : l) AppendCanonical(v, out);
                 },
                 [&](const bolt::Map& m) { AppendSortedMap(m, out); },
                 [&](const bolt::Structure& s) {
                   out.push_back('S');
                   out.push_back(static_cast<char>(s.tag));
                   AppendInt(static_cast<int64_t>(s.fields.size()), out);
                   for (const auto& v : s.fields) AppendCanonical(v, out);
                 },
                 // Graph entities never are property values; encode their content only.
                 [&](const bolt::Node& n) {
                   Digest d = NodeDigest(n.labels, n.properties);
                   out.push_back('n');
                   out.append(reinterpret_cast<const char*>(d.data()), d.size());
                 },
                 [&](const bolt::Relationship& r) {
                   out.push_back('r');
                   AppendString(r.type, out);
                   AppendSortedMap(r.properties, out);
                 },
                 [&](const bolt::UnboundRelationship& r) {
                   out.push_back('r');
                   AppendString(r.type, out);
                   AppendSortedMap(r.properties, out);
                 },
                 [&](const bolt::Path& p) {
                   out.push_back('p');
                   for (const auto& n : p.nodes) AppendCanonical(bolt::Value(n), out);
                   for (const auto& r : p.relationships) AppendCanonical(bolt::Value(r), out);
                   for (int64_t i : p.indices) AppendInt(i, out);
                 },
                 [&](const bolt::Date& d) {
                   out.push_back('D');
                   AppendInt(d.days, out);
                 },
                 [&](const bolt::Time& t) {
                   out.push_back('t');
                   AppendInt(t.nanoseconds, out);
                   AppendInt(t.tz_offset_seconds, out);
                 },
                 [&](const bolt::LocalTime& t) {
                   out.push_back('l');
                   AppendInt(t.nanoseconds, out);
                 },
                 [&](const bolt::DateTime& t) {
                   out.push_back('d');
                   AppendInt(t.utc ? t.seconds : t.seconds - t.tz_offset_seconds, out);
                   AppendInt(t.nanoseconds, out);
                   AppendInt(t.tz_offset_seconds, out);
                 },
                 [&](const bolt::DateTimeZoneId& t) {
                   // The legacy form cannot be turned into UTC without a zone
                   // database; the flag keeps the two forms apart instead.
                   out.push_back(t.utc ? 'z' : 'Z');
                   AppendInt(t.seconds, out);
                   AppendInt(t.nanoseconds, out);
                   AppendString(t.tz_id, out);
                 },
                 [&](const bolt::LocalDateTime& t) {
                   out.push_back('e');
                   AppendInt(t.seconds, out);
                   AppendInt(t.nanoseconds, out);
                 },
                 [&](const bolt::Duration& d) {
                   out.push_back('u');
                   for (int64_t v : {d.months, d.days, d.seconds, d.nanoseconds}) AppendInt(v, out);
                 },
                 [&](const bolt::Point2D& p) {
                   out.push_back('2');
                   AppendInt(p.srid, out);
                   AppendDouble(p.x, out);
                   AppendDouble(p.y, out);
                 },
                 [&](const bolt::Point3D& p) {
                   out.push_back('3');
                   AppendInt(p.srid, out);
                   for (double v : {p.x, p.y, p.z}) AppendDouble(v, out);
                 },
             },
             value.variant());
}

Digest NodeDigest(const std::vector<std::string>& labels, const bolt::Map& properties) {
  std::vector<const std::string*> sorted;
  sorted.reserve(labels.size());
  for (const auto& l : labels) sorted.push_back(&l);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return *a < *b; });
  return Hashed([&](std::string& enc) {
    enc.push_back('N');
    AppendInt(static_cast<int64_t>(sorted.size()), enc);
    for (const auto* l : sorted) AppendString(*l, enc);
    AppendSortedMap(properties, enc);
  });
}

Digest RelationshipDigest(const std::string& type, const bolt::Map& properties, const Digest& start,
                          const Digest& end) {
  return Hashed([&](std::string& enc) {
    enc.push_back('R');
    AppendString(type, enc);
    AppendSortedMap(properties, enc);
    enc.append(reinterpret_cast<const char*>(start.data()), start.size());
    enc.append(reinterpret_cast<const char*>(end.data()), end.size());
  });
}

void Fingerprint::Add(const Digest& digest) {
  unsigned carry = 0;
  for (int i = 31; i >= 0; --i) {
    unsigned s = unsigned{sum_[i]} + digest[i] + carry;
    sum_[i] = static_cast<uint8_t>(s & 0xff);
    carry = s >> 8;
  }
}

std::string LowerHex(const uint8_t* data, size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * size);
  for (size_t i = 0; i < size; ++i) {
    out.push_back(kHex[data[i] >> 4]);
    out.push_back(kHex[data[i] & 0xf]);
  }
  return out;
}

std::string Fingerprint::Hex() const { return LowerHex(sum_.data(), sum_.size()); }

}  // namespace ferry::components::neo4j
