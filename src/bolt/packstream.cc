#include "bolt/packstream.h"

#include <bit>
#include <cstring>

namespace ferry::bolt {
namespace {

// Nesting deeper than this is an attack or a bug, never real data.
constexpr int kMaxDepth = 64;

}  // namespace

Status ProtocolError(std::string_view what) {
  return Status::Error("N004", "Bolt protocol error: " + std::string(what));
}

void PackStreamWriter::WriteBigEndian(uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void PackStreamWriter::WriteSized(size_t size, uint8_t tiny, uint8_t m8, uint8_t m16, uint8_t m32) {
  if (tiny != 0 && size < 16) {
    out_.push_back(static_cast<uint8_t>(tiny | size));
  } else if (size <= 0xFF) {
    out_.push_back(m8);
    WriteBigEndian(size, 1);
  } else if (size <= 0xFFFF) {
    out_.push_back(m16);
    WriteBigEndian(size, 2);
  } else {
    out_.push_back(m32);
    WriteBigEndian(size, 4);
  }
}

void PackStreamWriter::WriteNull() { out_.push_back(0xC0); }
void PackStreamWriter::WriteBool(bool b) { out_.push_back(b ? 0xC3 : 0xC2); }

void PackStreamWriter::WriteInt(int64_t i) {
  if (i >= -16 && i <= 127) {
    out_.push_back(static_cast<uint8_t>(i));
  } else if (i >= INT8_MIN && i <= INT8_MAX) {
    out_.push_back(0xC8);
    WriteBigEndian(static_cast<uint64_t>(i), 1);
  } else if (i >= INT16_MIN && i <= INT16_MAX) {
    out_.push_back(0xC9);
    WriteBigEndian(static_cast<uint64_t>(i), 2);
  } else if (i >= INT32_MIN && i <= INT32_MAX) {
    out_.push_back(0xCA);
    WriteBigEndian(static_cast<uint64_t>(i), 4);
  } else {
    out_.push_back(0xCB);
    WriteBigEndian(static_cast<uint64_t>(i), 8);
  }
}

void PackStreamWriter::WriteFloat(double d) {
  out_.push_back(0xC1);
  WriteBigEndian(std::bit_cast<uint64_t>(d), 8);
}

void PackStreamWriter::WriteString(std::string_view s) {
  WriteSized(s.size(), 0x80, 0xD0, 0xD1, 0xD2);
  out_.insert(out_.end(), s.begin(), s.end());
}

void PackStreamWriter::WriteBytes(std::span<const uint8_t> b) {
  // Bytes have no tiny form.
  WriteSized(b.size(), 0, 0xCC, 0xCD, 0xCE);
  out_.insert(out_.end(), b.begin(), b.end());
}

void PackStreamWriter::WriteListHeader(size_t size) { WriteSized(size, 0x90, 0xD4, 0xD5, 0xD6); }
void PackStreamWriter::WriteMapHeader(size_t size) { WriteSized(size, 0xA0, 0xD8, 0xD9, 0xDA); }

void PackStreamWriter::WriteStructHeader(size_t fields, uint8_t tag) {
  out_.push_back(static_cast<uint8_t>(0xB0 | fields));
  out_.push_back(tag);
}

void PackStreamWriter::WriteMap(const Map& map) {
  WriteMapHeader(map.size());
  for (const auto& [k, v] : map.entries) {
    WriteString(k);
    Write(v);
  }
}

namespace {

template <class T>
void WriteIntList(PackStreamWriter& w, const std::vector<T>& items) {
  w.WriteListHeader(items.size());
  for (const auto& i : items) w.WriteInt(i);
}

}  // namespace

void PackStreamWriter::Write(const Value& value) {
  const auto& v = value.variant();
  if (value.is_null()) return WriteNull();
  if (auto* b = std::get_if<bool>(&v)) return WriteBool(*b);
  if (auto* i = std::get_if<int64_t>(&v)) return WriteInt(*i);
  if (auto* d = std::get_if<double>(&v)) return WriteFloat(*d);
  if (auto* s = std::get_if<std::string>(&v)) return WriteString(*s);
  if (auto* b = std::get_if<Bytes>(&v)) return WriteBytes(*b);
  if (auto* l = std::get_if<List>(&v)) {
    WriteListHeader(l->size());
    for (const auto& e : *l) Write(e);
    return;
  }
  if (auto* m = std::get_if<Map>(&v)) return WriteMap(*m);
  if (auto* s = std::get_if<Structure>(&v)) {
    WriteStructHeader(s->fields.size(), s->tag);
    for (const auto& f : s->fields) Write(f);
    return;
  }
  if (auto* n = std::get_if<Node>(&v)) {
    WriteStructHeader(element_ids_ ? 4 : 3, tag::kNode);
    WriteInt(n->id);
    WriteListHeader(n->labels.size());
    for (const auto& l : n->labels) WriteString(l);
    WriteMap(n->properties);
    if (element_ids_) WriteString(n->element_id);
    return;
  }
  if (auto* r = std::get_if<Relationship>(&v)) {
    WriteStructHeader(element_ids_ ? 8 : 5, tag::kRelationship);
    WriteInt(r->id);
    WriteInt(r->start_id);
    WriteInt(r->end_id);
    WriteString(r->type);
    WriteMap(r->properties);
    if (element_ids_) {
      WriteString(r->element_id);
      WriteString(r->start_element_id);
      WriteString(r->end_element_id);
    }
    return;
  }
  if (auto* r = std::get_if<UnboundRelationship>(&v)) {
    WriteStructHeader(element_ids_ ? 4 : 3, tag::kUnboundRelationship);
    WriteInt(r->id);
    WriteString(r->type);
    WriteMap(r->properties);
    if (element_ids_) WriteString(r->element_id);
    return;
  }
  if (auto* p = std::get_if<Path>(&v)) {
    WriteStructHeader(3, tag::kPath);
    WriteListHeader(p->nodes.size());
    for (const auto& n : p->nodes) Write(Value(n));
    WriteListHeader(p->relationships.size());
    for (const auto& r : p->relationships) Write(Value(r));
    WriteIntList(*this, p->indices);
    return;
  }
  if (auto* d = std::get_if<Date>(&v)) {
    WriteStructHeader(1, tag::kDate);
    return WriteInt(d->days);
  }
  if (auto* t = std::get_if<Time>(&v)) {
    WriteStructHeader(2, tag::kTime);
    WriteInt(t->nanoseconds);
    return WriteInt(t->tz_offset_seconds);
  }
  if (auto* t = std::get_if<LocalTime>(&v)) {
    WriteStructHeader(1, tag::kLocalTime);
    return WriteInt(t->nanoseconds);
  }
  if (auto* d = std::get_if<DateTime>(&v)) {
    WriteStructHeader(3, d->utc ? tag::kDateTime : tag::kLegacyDateTime);
    WriteInt(d->seconds);
    WriteInt(d->nanoseconds);
    return WriteInt(d->tz_offset_seconds);
  }
  if (auto* d = std::get_if<DateTimeZoneId>(&v)) {
    WriteStructHeader(3, d->utc ? tag::kDateTimeZoneId : tag::kLegacyDateTimeZoneId);
    WriteInt(d->seconds);
    WriteInt(d->nanoseconds);
    return WriteString(d->tz_id);
  }
  if (auto* d = std::get_if<LocalDateTime>(&v)) {
    WriteStructHeader(2, tag::kLocalDateTime);
    WriteInt(d->seconds);
    return WriteInt(d->nanoseconds);
  }
  if (auto* d = std::get_if<Duration>(&v)) {
    WriteStructHeader(4, tag::kDuration);
    WriteInt(d->months);
    WriteInt(d->days);
    WriteInt(d->seconds);
    return WriteInt(d->nanoseconds);
  }
  if (auto* p = std::get_if<Point2D>(&v)) {
    WriteStructHeader(3, tag::kPoint2D);
    WriteInt(p->srid);
    WriteFloat(p->x);
    return WriteFloat(p->y);
  }
  if (auto* p = std::get_if<Point3D>(&v)) {
    WriteStructHeader(4, tag::kPoint3D);
    WriteInt(p->srid);
    WriteFloat(p->x);
    WriteFloat(p->y);
    return WriteFloat(p->z);
  }
}

std::vector<uint8_t> Pack(const Value& value, bool element_ids) {
  std::vector<uint8_t> out;
  PackStreamWriter(out, element_ids).Write(value);
  return out;
}

// --- Reader ---------------------------------------------------------------

Status PackStreamReader::Need(size_t bytes) const {
  if (data_.size() - pos_ < bytes) return ProtocolError("truncated PackStream value");
  return Status::Ok();
}

Result<uint64_t> PackStreamReader::ReadBigEndian(int bytes) {
  FERRY_RETURN_IF_ERROR(Need(static_cast<size_t>(bytes)));
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | data_[pos_++];
  return v;
}

Result<Value> PackStreamReader::ReadString(size_t size) {
  FERRY_RETURN_IF_ERROR(Need(size));
  std::string s(reinterpret_cast<const char*>(data_.data() + pos_), size);
  pos_ += size;
  return Value(std::move(s));
}

Result<Value> PackStreamReader::Read() { return ReadValue(0); }

Result<std::pair<size_t, uint8_t>> PackStreamReader::ReadStructHeader() {
  FERRY_RETURN_IF_ERROR(Need(2));
  uint8_t marker = data_[pos_];
  if ((marker & 0xF0) != 0xB0) return ProtocolError("expected a structure");
  pos_ += 2;
  return std::pair<size_t, uint8_t>{marker & 0x0F, data_[pos_ - 1]};
}

Result<Value> PackStreamReader::ReadList(size_t size, int depth) {
  // Every element takes at least one byte: a size beyond the data left is a
  // lie, and believing it would allocate gigabytes.
  FERRY_RETURN_IF_ERROR(Need(size));
  List list;
  list.reserve(size);
  for (size_t i = 0; i < size; ++i) {
    FERRY_ASSIGN_OR_RETURN(Value v, ReadValue(depth + 1));
    list.push_back(std::move(v));
  }
  return Value(std::move(list));
}

Result<Value> PackStreamReader::ReadMap(size_t size, int depth) {
  FERRY_RETURN_IF_ERROR(Need(size * 2));
  Map map;
  map.entries.reserve(size);
  for (size_t i = 0; i < size; ++i) {
    FERRY_ASSIGN_OR_RETURN(Value key, ReadValue(depth + 1));
    if (!key.is<std::string>()) return ProtocolError("map key is not a string");
    FERRY_ASSIGN_OR_RETURN(Value v, ReadValue(depth + 1));
    // Duplicate keys: the last one wins, as the spec says.
    map.Set(std::move(key.as<std::string>()), std::move(v));
  }
  return Value(std::move(map));
}

Result<Value> PackStreamReader::ReadStruct(size_t size, int depth) {
  FERRY_ASSIGN_OR_RETURN(uint64_t tag, ReadBigEndian(1));
  std::vector<Value> fields;
  fields.reserve(size);
  for (size_t i = 0; i < size; ++i) {
    FERRY_ASSIGN_OR_RETURN(Value v, ReadValue(depth + 1));
    fields.push_back(std::move(v));
  }
  return TypedStructure(static_cast<uint8_t>(tag), std::move(fields));
}

Result<Value> PackStreamReader::ReadValue(int depth) {
  if (depth > kMaxDepth) return ProtocolError("values nested too deeply");
  FERRY_ASSIGN_OR_RETURN(uint64_t m, ReadBigEndian(1));
  const uint8_t marker = static_cast<uint8_t>(m);
  if (marker <= 0x7F) return Value(int64_t{marker});
  if (marker >= 0xF0) return Value(int64_t{static_cast<int8_t>(marker)});
  const uint8_t high = marker & 0xF0, low = marker & 0x0F;
  if (high == 0x80) return ReadString(low);
  if (high == 0x90) return ReadList(low, depth);
  if (high == 0xA0) return ReadMap(low, depth);
  if (high == 0xB0) return ReadStruct(low, depth);
  switch (marker) {
    case 0xC0:
      return Value();
    case 0xC2:
      return Value(false);
    case 0xC3:
      return Value(true);
    case 0xC1: {
      FERRY_ASSIGN_OR_RETURN(uint64_t bits, ReadBigEndian(8));
      return Value(std::bit_cast<double>(bits));
    }
    case 0xC8:
    case 0xC9:
    case 0xCA:
    case 0xCB: {
      const int bytes = 1 << (marker - 0xC8);
      FERRY_ASSIGN_OR_RETURN(uint64_t raw, ReadBigEndian(bytes));
      // Sign-extend from the encoded width.
      const int shift = 64 - 8 * bytes;
      return Value(static_cast<int64_t>(raw << shift) >> shift);
    }
    case 0xCC:
    case 0xCD:
    case 0xCE: {
      FERRY_ASSIGN_OR_RETURN(uint64_t size, ReadBigEndian(1 << (marker - 0xCC)));
      FERRY_RETURN_IF_ERROR(Need(size));
      Bytes b(data_.begin() + static_cast<ptrdiff_t>(pos_),
              data_.begin() + static_cast<ptrdiff_t>(pos_ + size));
      pos_ += size;
      return Value(std::move(b));
    }
    case 0xD0:
    case 0xD1:
    case 0xD2: {
      FERRY_ASSIGN_OR_RETURN(uint64_t size, ReadBigEndian(1 << (marker - 0xD0)));
      return ReadString(size);
    }
    case 0xD4:
    case 0xD5:
    case 0xD6: {
      FERRY_ASSIGN_OR_RETURN(uint64_t size, ReadBigEndian(1 << (marker - 0xD4)));
      return ReadList(size, depth);
    }
    case 0xD8:
    case 0xD9:
    case 0xDA: {
      FERRY_ASSIGN_OR_RETURN(uint64_t size, ReadBigEndian(1 << (marker - 0xD8)));
      return ReadMap(size, depth);
    }
    default: {
      char hex[8];
      std::snprintf(hex, sizeof(hex), "0x%02X", marker);
      return ProtocolError(std::string("unknown PackStream marker ") + hex);
    }
  }
}

Result<Value> Unpack(std::span<const uint8_t> data) {
  PackStreamReader reader(data);
  FERRY_ASSIGN_OR_RETURN(Value v, reader.Read());
  if (!reader.AtEnd()) return ProtocolError("bytes left after a PackStream value");
  return v;
}

}  // namespace ferry::bolt
