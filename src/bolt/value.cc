#include "bolt/value.h"

#include <chrono>
#include <cstdio>
#include <ostream>
#include <type_traits>

namespace ferry::bolt {

size_t Map::size() const { return entries.size(); }

const Value* Map::Find(std::string_view key) const {
  for (const auto& [k, v] : entries) {
    if (k == key) return &v;
  }
  return nullptr;
}

void Map::Set(std::string key, Value value) {
  for (auto& [k, v] : entries) {
    if (k == key) {
      v = std::move(value);
      return;
    }
  }
  entries.emplace_back(std::move(key), std::move(value));
}

// Maps are unordered in PackStream and Cypher (Neo4j returns properties in
// its own order): equal means same keys with equal values.
bool Map::operator==(const Map& other) const {
  if (entries.size() != other.entries.size()) return false;
  for (const auto& [k, v] : entries) {
    const Value* o = other.Find(k);
    if (o == nullptr || !(*o == v)) return false;
  }
  return true;
}
bool Structure::operator==(const Structure& other) const {
  return tag == other.tag && fields == other.fields;
}

namespace {

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string DateText(int64_t days) {
  std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string TimeText(int64_t nanos_of_day) {
  char buf[96];
  std::snprintf(buf, sizeof(buf), "%02lld:%02lld:%02lld.%09lld",
                static_cast<long long>(nanos_of_day / 3'600'000'000'000),
                static_cast<long long>(nanos_of_day / 60'000'000'000 % 60),
                static_cast<long long>(nanos_of_day / 1'000'000'000 % 60),
                static_cast<long long>(nanos_of_day % 1'000'000'000));
  return buf;
}

// Local epoch seconds + nanoseconds as "YYYY-MM-DDTHH:MM:SS.nnnnnnnnn".
std::string DateTimeText(int64_t local_seconds, int64_t nanos) {
  int64_t days = local_seconds / 86400;
  int64_t rest = local_seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    days -= 1;
  }
  return DateText(days) + "T" + TimeText(rest * 1'000'000'000 + nanos);
}

std::string OffsetText(int64_t offset) {
  char buf[48];
  int64_t a = offset < 0 ? -offset : offset;
  std::snprintf(buf, sizeof(buf), "%c%02lld:%02lld", offset < 0 ? '-' : '+',
                static_cast<long long>(a / 3600), static_cast<long long>(a / 60 % 60));
  return buf;
}

std::string PropsText(const Map& m) { return m.size() == 0 ? "" : " " + Value(m).ToString(); }

std::string NodeText(const Node& n) {
  std::string out = "(";
  for (const auto& l : n.labels) out += ":" + l;
  return out + PropsText(n.properties) + ")";
}

struct Printer {
  std::string operator()(std::monostate) const { return "null"; }
  std::string operator()(bool b) const { return b ? "true" : "false"; }
  std::string operator()(int64_t i) const { return std::to_string(i); }
  std::string operator()(double d) const {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.17g", d);
    return buf;
  }
  std::string operator()(const std::string& s) const { return Quote(s); }
  std::string operator()(const Bytes& b) const {
    std::string out = "#";
    char buf[3];
    for (uint8_t c : b) {
      std::snprintf(buf, sizeof(buf), "%02x", c);
      out += buf;
    }
    return out;
  }
  std::string operator()(const List& l) const {
    std::string out = "[";
    for (size_t i = 0; i < l.size(); ++i) out += (i ? ", " : "") + l[i].ToString();
    return out + "]";
  }
  std::string operator()(const Map& m) const {
    std::string out = "{";
    for (size_t i = 0; i < m.entries.size(); ++i) {
      out += (i ? ", " : "") + m.entries[i].first + ": " + m.entries[i].second.ToString();
    }
    return out + "}";
  }
  std::string operator()(const Structure& s) const {
    return "Structure<0x" + (*this)(Bytes{s.tag}).substr(1) + ">" + (*this)(s.fields);
  }
  std::string operator()(const Node& n) const { return NodeText(n); }
  std::string operator()(const Relationship& r) const {
    return "[:" + r.type + PropsText(r.properties) + "]";
  }
  std::string operator()(const UnboundRelationship& r) const {
    return "[:" + r.type + PropsText(r.properties) + "]";
  }
  std::string operator()(const Path& p) const {
    std::string out = p.nodes.empty() ? "" : NodeText(p.nodes[0]);
    for (size_t i = 0; i + 1 < p.indices.size(); i += 2) {
      int64_t rel = p.indices[i];
      size_t r = static_cast<size_t>((rel < 0 ? -rel : rel) - 1);
      size_t n = static_cast<size_t>(p.indices[i + 1]);
      std::string rel_text = r < p.relationships.size() ? (*this)(p.relationships[r]) : "[?]";
      out += rel < 0 ? "<-" + rel_text + "-" : "-" + rel_text + "->";
      out += n < p.nodes.size() ? NodeText(p.nodes[n]) : "(?)";
    }
    return out;
  }
  std::string operator()(const Date& d) const { return DateText(d.days); }
  std::string operator()(const Time& t) const {
    return TimeText(t.nanoseconds) + OffsetText(t.tz_offset_seconds);
  }
  std::string operator()(const LocalTime& t) const { return TimeText(t.nanoseconds); }
  std::string operator()(const DateTime& d) const {
    int64_t local = d.utc ? d.seconds + d.tz_offset_seconds : d.seconds;
    return DateTimeText(local, d.nanoseconds) + OffsetText(d.tz_offset_seconds);
  }
  std::string operator()(const DateTimeZoneId& d) const {
    // The offset of a named zone needs the zone database; UTC seconds are
    // printed as UTC so the text is never wrong, only less local.
    return DateTimeText(d.seconds, d.nanoseconds) + (d.utc ? "Z" : "") + "[" + d.tz_id + "]";
  }
  std::string operator()(const LocalDateTime& d) const {
    return DateTimeText(d.seconds, d.nanoseconds);
  }
  std::string operator()(const Duration& d) const {
    return "P" + std::to_string(d.months) + "M" + std::to_string(d.days) + "DT" +
           std::to_string(d.seconds) + "." + std::to_string(d.nanoseconds) + "S";
  }
  std::string operator()(const Point2D& p) const {
    return "point({srid: " + std::to_string(p.srid) + ", x: " + (*this)(p.x) +
           ", y: " + (*this)(p.y) + "})";
  }
  std::string operator()(const Point3D& p) const {
    return "point({srid: " + std::to_string(p.srid) + ", x: " + (*this)(p.x) +
           ", y: " + (*this)(p.y) + ", z: " + (*this)(p.z) + "})";
  }
};

constexpr std::string_view kTypeNames[] = {
    "NULL",           "BOOLEAN",  "INTEGER",    "FLOAT",      "STRING",         "BYTES",
    "LIST",           "MAP",      "STRUCTURE",  "NODE",       "RELATIONSHIP",   "RELATIONSHIP",
    "PATH",           "DATE",     "ZONED TIME", "LOCAL TIME", "ZONED DATETIME", "ZONED DATETIME",
    "LOCAL DATETIME", "DURATION", "POINT",      "POINT"};
static_assert(std::size(kTypeNames) == std::variant_size_v<Value::Variant>);

}  // namespace

std::string Value::ToString() const { return std::visit(Printer{}, v_); }

void PrintTo(const Value& value, std::ostream* os) { *os << value.ToString(); }
std::string_view Value::TypeName() const { return kTypeNames[v_.index()]; }

}  // namespace ferry::bolt
