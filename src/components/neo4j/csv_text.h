// Property values as fields of the CSV files `neo4j-admin database import`
// reads (RFC 4180 quoting: a quote inside a quoted field is doubled; the
// importer's default, --legacy-style-quoting=false, so a backslash is just a
// character). Pure functions, unit-tested without a server; csv_import.h
// decides the columns and writes the files.
//
// Column types are the importer's names: long, double, boolean, string,
// date, localtime, time, localdatetime, datetime, duration, point, and the
// same with [] for arrays; a Bolt byte array is byte[]. An empty list has no
// element type and fits any array column ("[]" until resolved).
#pragma once

#include <functional>
#include <set>
#include <string>
#include <string_view>

#include "bolt/value.h"
#include "diag/status.h"

namespace ferry::components::neo4j {

// "long", "string[]", "[]" for an empty list; "" for a value no property can
// hold (a map, a node): the caller refuses it.
std::string CsvTypeOf(const bolt::Value& value);

// One column's type from the types seen in it. A single type (empty lists
// join any array type) is kept; anything else becomes "string" and
// *fell_back is set: the values are then written as their text, so their
// type is lost on import (documented in docs/medium-format.md).
std::string ResolveCsvType(const std::set<std::string>& seen, bool* fell_back);

// The local UTC offset of a named zone at a UTC instant. Supplied by the
// caller (the source server knows its time zone rules; so does the importer).
using ZoneOffsetFn = std::function<Result<int64_t>(const std::string& zone, int64_t utc_seconds)>;

struct CsvFormat {
  char array_delimiter = ';';
  ZoneOffsetFn zone_offset;  // only called for datetimes in a named zone
};

// Appends value as one field of a column of type column_type (from
// ResolveCsvType): strings always quoted (so "" is an empty string, and an
// unquoted empty field means no property), other types as the importer
// parses them. D002 when the value cannot be written in that column.
Status AppendCsvField(const bolt::Value& value, const std::string& column_type,
                      const CsvFormat& format, std::string& out);

// text quoted as one field: "a ""b"", c".
void AppendQuoted(std::string_view text, std::string& out);

// The textual forms the importer parses, exposed for tests.
std::string CsvDate(int64_t days_since_epoch);         // 2024-02-29, -0001-01-01, +12345-...
std::string CsvLocalTime(int64_t nanoseconds_of_day);  // 12:00:00.123456789
std::string CsvOffset(int64_t offset_seconds);         // +01:00, -05:30, Z for 0
std::string CsvDouble(double value);                   // shortest exact form, Infinity, NaN

}  // namespace ferry::components::neo4j
