#include "components/neo4j/csv_text.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace ferry::components::neo4j {
namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;
constexpr int64_t kSecondsPerDay = 86'400;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

struct TypeVisitor {
  std::string operator()(bool) const { return "boolean"; }
  std::string operator()(int64_t) const { return "long"; }
  std::string operator()(double) const { return "double"; }
  std::string operator()(const std::string&) const { return "string"; }
  std::string operator()(const bolt::Bytes&) const { return "byte[]"; }
  std::string operator()(const bolt::Date&) const { return "date"; }
  std::string operator()(const bolt::Time&) const { return "time"; }
  std::string operator()(const bolt::LocalTime&) const { return "localtime"; }
  std::string operator()(const bolt::DateTime&) const { return "datetime"; }
  std::string operator()(const bolt::DateTimeZoneId&) const { return "datetime"; }
  std::string operator()(const bolt::LocalDateTime&) const { return "localdatetime"; }
  std::string operator()(const bolt::Duration&) const { return "duration"; }
  std::string operator()(const bolt::Point2D&) const { return "point"; }
  std::string operator()(const bolt::Point3D&) const { return "point"; }
  std::string operator()(const bolt::List& list) const {
    if (list.empty()) return "[]";
    std::string element = CsvTypeOf(list.front());
    // Neo4j stores only homogeneous arrays of scalars; anything else is
    // not a property value.
    if (element.empty() || element.ends_with("]")) return "";
    for (const auto& e : list)
      if (CsvTypeOf(e) != element) return "";
    return element + "[]";
  }
  std::string operator()(const auto&) const { return ""; }
};

std::string ElementType(const bolt::Value& v) { return std::visit(TypeVisitor{}, v.variant()); }

// HH:MM:SS with a 9-digit fraction when there is one.
void AppendClock(int64_t nanos_of_day, std::string& out) {
  int64_t secs = nanos_of_day / kNanosPerSecond, nanos = nanos_of_day % kNanosPerSecond;
  char buf[96];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
  out += buf;
  if (nanos != 0) {
    std::snprintf(buf, sizeof buf, ".%09lld", static_cast<long long>(nanos));
    out += buf;
  }
}

// A local date-time from local epoch seconds: 2020-01-01T00:00:01.5
void AppendLocalDateTime(int64_t local_seconds, int64_t nanos, std::string& out) {
  int64_t days = FloorDiv(local_seconds, kSecondsPerDay);
  out += CsvDate(days);
  out += 'T';
  AppendClock((local_seconds - days * kSecondsPerDay) * kNanosPerSecond + nanos, out);
}

std::string PointText(int64_t srid, double x, double y, const double* z) {
  std::string s = "{srid:" + std::to_string(srid) + ", x:" + CsvDouble(x) + ", y:" + CsvDouble(y);
  if (z != nullptr) s += ", z:" + CsvDouble(*z);
  return s + "}";
}

// The unquoted text of one scalar (or a byte array) as the importer parses it.
struct TextVisitor {
  const CsvFormat& format;
  Result<std::string> operator()(bool b) const { return std::string(b ? "true" : "false"); }
  Result<std::string> operator()(int64_t i) const { return std::to_string(i); }
  Result<std::string> operator()(double d) const { return CsvDouble(d); }
  Result<std::string> operator()(const std::string& s) const { return s; }
  Result<std::string> operator()(const bolt::Bytes& bytes) const {
    // The importer parses byte[] elements as Java's signed bytes.
    std::string s;
    for (size_t i = 0; i < bytes.size(); ++i) {
      if (i > 0) s += format.array_delimiter;
      s += std::to_string(static_cast<int>(static_cast<int8_t>(bytes[i])));
    }
    return s;
  }
  Result<std::string> operator()(const bolt::Date& d) const { return CsvDate(d.days); }
  Result<std::string> operator()(const bolt::LocalTime& t) const {
    return CsvLocalTime(t.nanoseconds);
  }
  Result<std::string> operator()(const bolt::Time& t) const {
    return CsvLocalTime(t.nanoseconds) + CsvOffset(t.tz_offset_seconds);
  }
  Result<std::string> operator()(const bolt::LocalDateTime& t) const {
    std::string s;
    AppendLocalDateTime(t.seconds, t.nanoseconds, s);
    return s;
  }
  Result<std::string> operator()(const bolt::DateTime& t) const {
    std::string s;
    AppendLocalDateTime(t.utc ? t.seconds + t.tz_offset_seconds : t.seconds, t.nanoseconds, s);
    return s + CsvOffset(t.tz_offset_seconds);
  }
  Result<std::string> operator()(const bolt::DateTimeZoneId& t) const {
    // The importer wants the local time in the zone; with the offset too
    // it checks the two agree, which pins the instant in a DST overlap.
    std::string s;
    if (!t.utc) {
      AppendLocalDateTime(t.seconds, t.nanoseconds, s);
      return s + "[" + t.tz_id + "]";
    }
    if (!format.zone_offset)
      return Status::Error("D002", "a datetime in zone " + t.tz_id + " needs the zone's offset");
    FERRY_ASSIGN_OR_RETURN(int64_t offset, format.zone_offset(t.tz_id, t.seconds));
    AppendLocalDateTime(t.seconds + offset, t.nanoseconds, s);
    return s + CsvOffset(offset) + "[" + t.tz_id + "]";
  }
  Result<std::string> operator()(const bolt::Duration& d) const {
    // Seconds and nanoseconds as one signed decimal: T-4.999999993S.
    int64_t total_seconds = d.seconds + FloorDiv(d.nanoseconds, kNanosPerSecond);
    int64_t nanos = d.nanoseconds - FloorDiv(d.nanoseconds, kNanosPerSecond) * kNanosPerSecond;
    bool negative = total_seconds < 0;
    if (negative && nanos != 0) {
      total_seconds += 1;
      nanos = kNanosPerSecond - nanos;
    }
    std::string s = "P" + std::to_string(d.months) + "M" + std::to_string(d.days) + "DT";
    if (negative && total_seconds == 0) s += "-";
    s += std::to_string(total_seconds);
    if (nanos != 0) {
      char buf[16];
      std::snprintf(buf, sizeof buf, ".%09lld", static_cast<long long>(nanos));
      s += buf;
    }
    return s + "S";
  }
  Result<std::string> operator()(const bolt::Point2D& p) const {
    return PointText(p.srid, p.x, p.y, nullptr);
  }
  Result<std::string> operator()(const bolt::Point3D& p) const {
    return PointText(p.srid, p.x, p.y, &p.z);
  }
  Result<std::string> operator()(const auto&) const {
    return Status::Error("D002", "a value of this type cannot be a CSV property");
  }
};

Result<std::string> ScalarText(const bolt::Value& v, const CsvFormat& format) {
  return std::visit(TextVisitor{format}, v.variant());
}

}  // namespace

std::string CsvTypeOf(const bolt::Value& value) { return ElementType(value); }

std::string ResolveCsvType(const std::set<std::string>& seen, bool* fell_back) {
  *fell_back = false;
  std::set<std::string> types = seen;
  bool had_empty_list = types.erase("[]") > 0;
  if (types.empty()) return had_empty_list ? "string[]" : "string";
  if (types.size() == 1 && (!had_empty_list || types.begin()->ends_with("[]")))
    return *types.begin();
  *fell_back = true;
  return "string";
}

void AppendQuoted(std::string_view text, std::string& out) {
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

Status AppendCsvField(const bolt::Value& value, const std::string& column_type,
                      const CsvFormat& format, std::string& out) {
  if (value.is_null()) return Status::Ok();  // an empty unquoted field: no property
  const auto* list = value.get_if<bolt::List>();
  bool array_column = column_type.ends_with("[]") && column_type != "byte[]";
  if (array_column && list == nullptr)
    return Status::Error(
        "D002", "a " + std::string(value.TypeName()) + " value in a column of type " + column_type);
  std::string text;
  if (list != nullptr) {
    for (size_t i = 0; i < list->size(); ++i) {
      if (i > 0) text += format.array_delimiter;
      FERRY_ASSIGN_OR_RETURN(std::string element, ScalarText((*list)[i], format));
      text += element;
    }
  } else {
    FERRY_ASSIGN_OR_RETURN(text, ScalarText(value, format));
  }
  // Strings are always quoted (an empty string stays a string, and a
  // string column that fell back takes any value's text); arrays too (an
  // array of one empty string would otherwise read as no property); points
  // hold commas. Numbers, booleans and temporals never need quotes.
  if (array_column || column_type == "string" || column_type == "point")
    AppendQuoted(text, out);
  else
    out += text;
  return Status::Ok();
}

std::string CsvDate(int64_t days) {
  // Civil date from days since 1970-01-01 (proleptic Gregorian), after
  // Howard Hinnant's published days_from_civil inverse.
  int64_t z = days + 719468;
  int64_t era = FloorDiv(z, 146097);
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t day = doy - (153 * mp + 2) / 5 + 1;
  int64_t month = mp < 10 ? mp + 3 : mp - 9;
  int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  char buf[96];
  // ISO 8601 expanded years, as Neo4j prints and parses them.
  if (year < 0 || year > 9999)
    std::snprintf(buf, sizeof buf, "%c%04lld-%02lld-%02lld", year < 0 ? '-' : '+',
                  static_cast<long long>(year < 0 ? -year : year), static_cast<long long>(month),
                  static_cast<long long>(day));
  else
    std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", static_cast<long long>(year),
                  static_cast<long long>(month), static_cast<long long>(day));
  return buf;
}

std::string CsvLocalTime(int64_t nanoseconds_of_day) {
  std::string s;
  AppendClock(nanoseconds_of_day, s);
  return s;
}

std::string CsvOffset(int64_t offset) {
  if (offset == 0) return "Z";
  char sign = offset < 0 ? '-' : '+';
  int64_t a = offset < 0 ? -offset : offset;
  char buf[96];
  if (a % 60 != 0)
    std::snprintf(buf, sizeof buf, "%c%02lld:%02lld:%02lld", sign, static_cast<long long>(a / 3600),
                  static_cast<long long>(a / 60 % 60), static_cast<long long>(a % 60));
  else
    std::snprintf(buf, sizeof buf, "%c%02lld:%02lld", sign, static_cast<long long>(a / 3600),
                  static_cast<long long>(a / 60 % 60));
  return buf;
}

std::string CsvDouble(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d < 0 ? "-Infinity" : "Infinity";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);  // shortest exact round trip
  std::string s(buf, end);
  // "1e+300" parses in Java too, but a bare "5" would be read as a long by
  // a reader guessing types; keep floats visibly floats.
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

}  // namespace ferry::components::neo4j
