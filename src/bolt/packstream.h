// PackStream, Bolt's binary serialisation (neo4j.com/docs/bolt, "PackStream").
//
// Big-endian markers: tiny ints, INT_8..INT_64, FLOAT_64, sized strings,
// bytes, lists, maps and tagged structures. The writer always picks the
// smallest encoding, as the spec asks; the reader accepts any valid one.
// Typed structures (Node, Date, Point2D...) map to the structs in value.h.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "bolt/value.h"
#include "diag/status.h"

namespace ferry::bolt {

// Structure tags of the typed values (Bolt 5 "structure semantics").
namespace tag {
inline constexpr uint8_t kNode = 'N', kRelationship = 'R', kUnboundRelationship = 'r', kPath = 'P',
                         kDate = 'D', kTime = 'T', kLocalTime = 't', kDateTime = 'I',
                         kDateTimeZoneId = 'i', kLegacyDateTime = 'F', kLegacyDateTimeZoneId = 'f',
                         kLocalDateTime = 'd', kDuration = 'E', kPoint2D = 'X', kPoint3D = 'Y';
}  // namespace tag

class PackStreamWriter {
 public:
  // Appends to out. element_ids: write the Bolt 5 layout of graph entities
  // (with element ids); false writes the 4.4 layout.
  explicit PackStreamWriter(std::vector<uint8_t>& out, bool element_ids = true)
      : out_(out), element_ids_(element_ids) {}

  void Write(const Value& value);
  void WriteNull();
  void WriteBool(bool b);
  void WriteInt(int64_t i);
  void WriteFloat(double d);
  void WriteString(std::string_view s);
  void WriteBytes(std::span<const uint8_t> b);
  void WriteListHeader(size_t size);
  void WriteMapHeader(size_t size);
  // REQUIRES: fields <= 15.
  void WriteStructHeader(size_t fields, uint8_t tag);
  void WriteMap(const Map& map);

 private:
  void WriteSized(size_t size, uint8_t tiny, uint8_t m8, uint8_t m16, uint8_t m32);
  void WriteBigEndian(uint64_t v, int bytes);

  std::vector<uint8_t>& out_;
  bool element_ids_;
};

class PackStreamReader {
 public:
  explicit PackStreamReader(std::span<const uint8_t> data) : data_(data) {}

  // One complete value. Malformed input (truncated, unknown marker, too
  // deep, wrong fields for a known tag) is an N004 protocol error.
  Result<Value> Read();
  // A structure header: field count and tag, for messages.
  Result<std::pair<size_t, uint8_t>> ReadStructHeader();
  bool AtEnd() const { return pos_ >= data_.size(); }

 private:
  Result<Value> ReadValue(int depth);
  Result<uint64_t> ReadBigEndian(int bytes);
  Result<Value> ReadString(size_t size);
  Result<Value> ReadList(size_t size, int depth);
  Result<Value> ReadMap(size_t size, int depth);
  Result<Value> ReadStruct(size_t size, int depth);
  Status Need(size_t bytes) const;

  std::span<const uint8_t> data_;
  size_t pos_ = 0;
};

// Converts a decoded structure to its typed value (or keeps it as a
// Structure when the tag is unknown).
Result<Value> TypedStructure(uint8_t tag, std::vector<Value> fields);

// Encodes one value to bytes (convenience for tests and messages).
std::vector<uint8_t> Pack(const Value& value, bool element_ids = true);

// Decodes exactly one value that spans all of data.
Result<Value> Unpack(std::span<const uint8_t> data);

Status ProtocolError(std::string_view what);

}  // namespace ferry::bolt
