// Value: one PackStream value as the Bolt client hands it out and takes it in.
//
// A variant over the PackStream base types (null, bool, integer, float,
// string, bytes, list, map, structure) and the typed structures Neo4j sends
// (graph entities, temporal and spatial values). Maps keep the order the
// server sent, because a record's field order and a node's property order are
// what a human expects to read back.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ferry::bolt {

class Value;

using Bytes = std::vector<uint8_t>;
using List = std::vector<Value>;

struct Map {
  std::vector<std::pair<std::string, Value>> entries;

  const Value* Find(std::string_view key) const;  // nullptr when absent
  // Equal keys with equal values, in any order.
  void Set(std::string key, Value value);  // replaces an existing key
  size_t size() const;                     // out of line: Value is incomplete here
  bool operator==(const Map&) const;
};

// A structure with a tag this client does not know: kept, not rejected.
struct Structure {
  uint8_t tag = 0;
  std::vector<Value> fields;
  bool operator==(const Structure&) const;
};

// Graph entities. element_id fields are empty on Bolt 4.4.
struct Node {
  int64_t id = 0;
  std::vector<std::string> labels;
  Map properties;
  std::string element_id;
  bool operator==(const Node&) const = default;
};
struct Relationship {
  int64_t id = 0;
  int64_t start_id = 0;
  int64_t end_id = 0;
  std::string type;
  Map properties;
  std::string element_id, start_element_id, end_element_id;
  bool operator==(const Relationship&) const = default;
};
struct UnboundRelationship {
  int64_t id = 0;
  std::string type;
  Map properties;
  std::string element_id;
  bool operator==(const UnboundRelationship&) const = default;
};
// indices alternate relationship (1-based, negative = traversed backwards)
// and node positions, as the protocol sends them.
struct Path {
  std::vector<Node> nodes;
  std::vector<UnboundRelationship> relationships;
  std::vector<int64_t> indices;
  bool operator==(const Path&) const = default;
};

// Temporal values, in the protocol's own units.
struct Date {
  int64_t days = 0;  // since 1970-01-01
  bool operator==(const Date&) const = default;
};
struct Time {
  int64_t nanoseconds = 0;  // since midnight, local
  int64_t tz_offset_seconds = 0;
  bool operator==(const Time&) const = default;
};
struct LocalTime {
  int64_t nanoseconds = 0;
  bool operator==(const LocalTime&) const = default;
};
// A date-time with a fixed offset. seconds are UTC epoch seconds when utc is
// true (Bolt 5.x, tag 'I'); local epoch seconds in the legacy form ('F').
struct DateTime {
  int64_t seconds = 0;
  int64_t nanoseconds = 0;
  int64_t tz_offset_seconds = 0;
  bool utc = true;
  bool operator==(const DateTime&) const = default;
};
// A date-time in a named zone ('i' in 5.x, legacy 'f'); seconds as above.
struct DateTimeZoneId {
  int64_t seconds = 0;
  int64_t nanoseconds = 0;
  std::string tz_id;
  bool utc = true;
  bool operator==(const DateTimeZoneId&) const = default;
};
struct LocalDateTime {
  int64_t seconds = 0;  // local epoch seconds
  int64_t nanoseconds = 0;
  bool operator==(const LocalDateTime&) const = default;
};
struct Duration {
  int64_t months = 0;
  int64_t days = 0;
  int64_t seconds = 0;
  int64_t nanoseconds = 0;
  bool operator==(const Duration&) const = default;
};

// Spatial values; srid 7203 cartesian, 4326 WGS-84, 9157 / 4979 their 3D forms.
struct Point2D {
  int64_t srid = 0;
  double x = 0, y = 0;
  bool operator==(const Point2D&) const = default;
};
struct Point3D {
  int64_t srid = 0;
  double x = 0, y = 0, z = 0;
  bool operator==(const Point3D&) const = default;
};

class Value {
 public:
  using Variant =
      std::variant<std::monostate, bool, int64_t, double, std::string, Bytes, List, Map, Structure,
                   Node, Relationship, UnboundRelationship, Path, Date, Time, LocalTime, DateTime,
                   DateTimeZoneId, LocalDateTime, Duration, Point2D, Point3D>;

  Value() = default;
  Value(std::nullptr_t) {}  // NOLINT: implicit so maps and lists read naturally
  template <class T>
  requires std::is_constructible_v<Variant, T&&> &&
      (!std::is_same_v<std::decay_t<T>, Value>)Value(T&& v)
      : v_(std::forward<T>(v)) {}  // NOLINT
  // Integers of every width are PackStream integers; int would be ambiguous.
  Value(int v) : v_(int64_t{v}) {}              // NOLINT
  Value(const char* s) : v_(std::string(s)) {}  // NOLINT

  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  template <class T>
  bool is() const {
    return std::holds_alternative<T>(v_);
  }
  // REQUIRES: is<T>().
  template <class T>
  const T& as() const {
    return std::get<T>(v_);
  }
  template <class T>
  T& as() {
    return std::get<T>(v_);
  }
  // nullptr when the value holds another type.
  template <class T>
  const T* get_if() const {
    return std::get_if<T>(&v_);
  }
  template <class T>
  T* get_if() {
    return std::get_if<T>(&v_);
  }
  const Variant& variant() const { return v_; }

  // The value as Cypher-like text for logs and test failures, e.g.
  // {name: "Ada", born: 1815-12-10, tags: ["a", "b"]}. Never a secret.
  std::string ToString() const;
  // The type's name as Cypher shows it ("INTEGER", "NODE", "DATE"...).
  std::string_view TypeName() const;

  bool operator==(const Value& other) const { return v_ == other.v_; }

 private:
  Variant v_;
};

// For test failure messages (GoogleTest finds it by argument lookup).
void PrintTo(const Value& value, std::ostream* os);

}  // namespace ferry::bolt
