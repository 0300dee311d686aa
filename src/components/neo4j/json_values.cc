#include "components/neo4j/json_values.h"

#include <cmath>
#include <limits>
#include <variant>

#include "components/neo4j/canonical.h"
#include "components/neo4j/overload.h"

namespace ferry::components::neo4j {
namespace {

using nlohmann::json;

Status Bad(const std::string& what) { return Status::Error("D002", "graph payload: " + what); }

json Tagged(const char* tag, json value) { return json{{tag, std::move(value)}}; }

Result<bolt::Bytes> BytesOf(const std::string& hex) {
  if (hex.size() % 2) return Bad("odd-length $bytes");
  bolt::Bytes out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    auto nibble = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      return -1;
    };
    int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return Bad("$bytes is not lowercase hex");
    out.push_back(static_cast<uint8_t>(hi * 16 + lo));
  }
  return out;
}

// An array of exactly n numbers, as int64 except where doubles are expected.
bool IsArrayOf(const json& j, size_t n) { return j.is_array() && j.size() == n; }

}  // namespace

Result<json> ToJson(const bolt::Value& value) {
  Status error;
  json out = std::visit(
      Overload{
          [](std::monostate) -> json { return nullptr; },
          [](bool b) -> json { return b; },
          [](int64_t i) -> json { return i; },
          [](double d) -> json {
            if (std::isnan(d)) return Tagged("$float", "NaN");
            if (std::isinf(d)) return Tagged("$float", d > 0 ? "Infinity" : "-Infinity");
            return d;
          },
          [](const std::string& s) -> json { return s; },
          [](const bolt::Bytes& b) -> json {
            return Tagged("$bytes", LowerHex(b.data(), b.size()));
          },
          [&](const bolt::List& l) -> json {
            json arr = json::array();
            for (const auto& v : l) {
              auto j = ToJson(v);
              if (!j.ok()) {
                error = j.status();
                return nullptr;
              }
              arr.push_back(std::move(*j));
            }
            return arr;
          },
          [](const bolt::Date& d) -> json { return Tagged("$date", d.days); },
          [](const bolt::Time& t) -> json {
            return Tagged("$time", {t.nanoseconds, t.tz_offset_seconds});
          },
          [](const bolt::LocalTime& t) -> json { return Tagged("$localtime", t.nanoseconds); },
          [](const bolt::DateTime& t) -> json {
            int64_t utc = t.utc ? t.seconds : t.seconds - t.tz_offset_seconds;
            return Tagged("$datetime", {utc, t.nanoseconds, t.tz_offset_seconds});
          },
          [&](const bolt::DateTimeZoneId& t) -> json {
            // Bolt 4.4 sends zoned date-times in local seconds; converting
            // needs a zone database, so refuse rather than shift the value.
            if (!t.utc)
              error = Bad("zoned date-time in the legacy (Bolt 4.4) form is not supported");
            return Tagged("$datetimezone", {t.seconds, t.nanoseconds, t.tz_id});
          },
          [](const bolt::LocalDateTime& t) -> json {
            return Tagged("$localdatetime", {t.seconds, t.nanoseconds});
          },
          [](const bolt::Duration& d) -> json {
            return Tagged("$duration", {d.months, d.days, d.seconds, d.nanoseconds});
          },
          [](const bolt::Point2D& p) -> json {
            return Tagged("$point", {p.srid, p.x, p.y});
          },
          [](const bolt::Point3D& p) -> json {
            return Tagged("$point", {p.srid, p.x, p.y, p.z});
          },
          [&](const auto&) -> json {
            error = Bad(std::string("a ") + std::string(value.TypeName()) +
                        " cannot be a property value");
            return nullptr;
          },
      },
      value.variant());
  if (!error.ok()) return error;
  return out;
}

Result<bolt::Value> FromJson(const json& j) {
  switch (j.type()) {
    case json::value_t::null:
      return bolt::Value();
    case json::value_t::boolean:
      return bolt::Value(j.get<bool>());
    case json::value_t::number_integer:
      return bolt::Value(j.get<int64_t>());
    case json::value_t::number_unsigned: {
      uint64_t u = j.get<uint64_t>();
      if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
        return Bad("integer out of range");
      return bolt::Value(static_cast<int64_t>(u));
    }
    case json::value_t::number_float:
      return bolt::Value(j.get<double>());
    case json::value_t::string:
      return bolt::Value(j.get<std::string>());
    case json::value_t::array: {
      bolt::List list;
      list.reserve(j.size());
      for (const auto& e : j) {
        FERRY_ASSIGN_OR_RETURN(bolt::Value v, FromJson(e));
        list.push_back(std::move(v));
      }
      return bolt::Value(std::move(list));
    }
    case json::value_t::object:
      break;
    default:
      return Bad("unexpected JSON value");
  }
  if (j.size() != 1) return Bad("a typed value must have exactly one key");
  const std::string& tag = j.begin().key();
  const json& v = j.begin().value();
  try {
    if (tag == "$float") {
      std::string s = v.get<std::string>();
      if (s == "NaN") return bolt::Value(std::numeric_limits<double>::quiet_NaN());
      if (s == "Infinity") return bolt::Value(std::numeric_limits<double>::infinity());
      if (s == "-Infinity") return bolt::Value(-std::numeric_limits<double>::infinity());
    } else if (tag == "$bytes") {
      FERRY_ASSIGN_OR_RETURN(bolt::Bytes b, BytesOf(v.get<std::string>()));
      return bolt::Value(std::move(b));
    } else if (tag == "$date") {
      return bolt::Value(bolt::Date{v.get<int64_t>()});
    } else if (tag == "$time" && IsArrayOf(v, 2)) {
      return bolt::Value(bolt::Time{v[0].get<int64_t>(), v[1].get<int64_t>()});
    } else if (tag == "$localtime") {
      return bolt::Value(bolt::LocalTime{v.get<int64_t>()});
    } else if (tag == "$datetime" && IsArrayOf(v, 3)) {
      return bolt::Value(
          bolt::DateTime{v[0].get<int64_t>(), v[1].get<int64_t>(), v[2].get<int64_t>(), true});
    } else if (tag == "$datetimezone" && IsArrayOf(v, 3)) {
      return bolt::Value(bolt::DateTimeZoneId{v[0].get<int64_t>(), v[1].get<int64_t>(),
                                              v[2].get<std::string>(), true});
    } else if (tag == "$localdatetime" && IsArrayOf(v, 2)) {
      return bolt::Value(bolt::LocalDateTime{v[0].get<int64_t>(), v[1].get<int64_t>()});
    } else if (tag == "$duration" && IsArrayOf(v, 4)) {
      return bolt::Value(bolt::Duration{v[0].get<int64_t>(), v[1].get<int64_t>(),
                                        v[2].get<int64_t>(), v[3].get<int64_t>()});
    } else if (tag == "$point" && IsArrayOf(v, 3)) {
      return bolt::Value(
          bolt::Point2D{v[0].get<int64_t>(), v[1].get<double>(), v[2].get<double>()});
    } else if (tag == "$point" && IsArrayOf(v, 4)) {
      return bolt::Value(bolt::Point3D{v[0].get<int64_t>(), v[1].get<double>(), v[2].get<double>(),
                                       v[3].get<double>()});
    }
  } catch (const json::exception& e) {
    return Bad("malformed " + tag + ": " + e.what());
  }
  return Bad("unknown or malformed typed value " + tag);
}

Result<json> MapToJson(const bolt::Map& map) {
  json out = json::object();
  for (const auto& [key, value] : map.entries) {
    FERRY_ASSIGN_OR_RETURN(out[key], ToJson(value));
  }
  return out;
}

Result<bolt::Map> MapFromJson(const json& j) {
  if (!j.is_object()) return Bad("properties must be an object");
  bolt::Map map;
  for (auto it = j.begin(); it != j.end(); ++it) {
    FERRY_ASSIGN_OR_RETURN(bolt::Value v, FromJson(it.value()));
    map.entries.emplace_back(it.key(), std::move(v));
  }
  return map;
}

}  // namespace ferry::components::neo4j
