// Decoding of the structures Neo4j sends into the typed values of value.h.
// Field counts and types are checked: a server (or a byte flipped on the
// way) that sends a Node with a string id gets a protocol error, not a crash.
#include <string>

#include "bolt/packstream.h"

namespace ferry::bolt {
namespace {

class Fields {
 public:
  Fields(uint8_t tag, std::vector<Value>& f) : tag_(tag), f_(f) {}

  Status Count(size_t a, size_t b = SIZE_MAX) const {
    if (f_.size() == a || f_.size() == b) return Status::Ok();
    return ProtocolError("structure '" + std::string(1, static_cast<char>(tag_)) + "' has " +
                         std::to_string(f_.size()) + " fields");
  }
  bool Has(size_t i) const { return i < f_.size(); }
  template <class T>
  Result<T> Get(size_t i) {
    if (!f_[i].is<T>()) {
      return ProtocolError("field " + std::to_string(i) + " of structure '" +
                           std::string(1, static_cast<char>(tag_)) + "' is " +
                           std::string(f_[i].TypeName()));
    }
    return std::move(f_[i].as<T>());
  }
  Result<double> Float(size_t i) { return Get<double>(i); }
  Result<std::vector<std::string>> Strings(size_t i) {
    FERRY_ASSIGN_OR_RETURN(List list, Get<List>(i));
    std::vector<std::string> out;
    for (auto& v : list) {
      if (!v.is<std::string>()) return ProtocolError("label or type is not a string");
      out.push_back(std::move(v.as<std::string>()));
    }
    return out;
  }

 private:
  uint8_t tag_;
  std::vector<Value>& f_;
};

Result<Node> MakeNode(Fields f) {
  FERRY_RETURN_IF_ERROR(f.Count(3, 4));
  Node n;
  FERRY_ASSIGN_OR_RETURN(n.id, f.Get<int64_t>(0));
  FERRY_ASSIGN_OR_RETURN(n.labels, f.Strings(1));
  FERRY_ASSIGN_OR_RETURN(n.properties, f.Get<Map>(2));
  if (f.Has(3)) {
    FERRY_ASSIGN_OR_RETURN(n.element_id, f.Get<std::string>(3));
  }
  return n;
}

Result<UnboundRelationship> MakeUnbound(Fields f) {
  FERRY_RETURN_IF_ERROR(f.Count(3, 4));
  UnboundRelationship r;
  FERRY_ASSIGN_OR_RETURN(r.id, f.Get<int64_t>(0));
  FERRY_ASSIGN_OR_RETURN(r.type, f.Get<std::string>(1));
  FERRY_ASSIGN_OR_RETURN(r.properties, f.Get<Map>(2));
  if (f.Has(3)) {
    FERRY_ASSIGN_OR_RETURN(r.element_id, f.Get<std::string>(3));
  }
  return r;
}

Result<Value> MakeRelationship(Fields f) {
  FERRY_RETURN_IF_ERROR(f.Count(5, 8));
  Relationship r;
  FERRY_ASSIGN_OR_RETURN(r.id, f.Get<int64_t>(0));
  FERRY_ASSIGN_OR_RETURN(r.start_id, f.Get<int64_t>(1));
  FERRY_ASSIGN_OR_RETURN(r.end_id, f.Get<int64_t>(2));
  FERRY_ASSIGN_OR_RETURN(r.type, f.Get<std::string>(3));
  FERRY_ASSIGN_OR_RETURN(r.properties, f.Get<Map>(4));
  if (f.Has(5)) {
    FERRY_ASSIGN_OR_RETURN(r.element_id, f.Get<std::string>(5));
    FERRY_ASSIGN_OR_RETURN(r.start_element_id, f.Get<std::string>(6));
    FERRY_ASSIGN_OR_RETURN(r.end_element_id, f.Get<std::string>(7));
  }
  return Value(std::move(r));
}

Result<Value> MakePath(Fields f) {
  FERRY_RETURN_IF_ERROR(f.Count(3));
  Path p;
  FERRY_ASSIGN_OR_RETURN(List nodes, f.Get<List>(0));
  for (auto& n : nodes) {
    if (!n.is<Node>()) return ProtocolError("path holds a non-node");
    p.nodes.push_back(std::move(n.as<Node>()));
  }
  FERRY_ASSIGN_OR_RETURN(List rels, f.Get<List>(1));
  for (auto& r : rels) {
    if (!r.is<UnboundRelationship>()) return ProtocolError("path holds a non-relationship");
    p.relationships.push_back(std::move(r.as<UnboundRelationship>()));
  }
  FERRY_ASSIGN_OR_RETURN(List indices, f.Get<List>(2));
  for (auto& i : indices) {
    if (!i.is<int64_t>()) return ProtocolError("path index is not an integer");
    p.indices.push_back(i.as<int64_t>());
  }
  return Value(std::move(p));
}

}  // namespace

Result<Value> TypedStructure(uint8_t t, std::vector<Value> fields) {
  Fields f(t, fields);
  switch (t) {
    case tag::kNode: {
      FERRY_ASSIGN_OR_RETURN(Node n, MakeNode(f));
      return Value(std::move(n));
    }
    case tag::kRelationship:
      return MakeRelationship(f);
    case tag::kUnboundRelationship: {
      FERRY_ASSIGN_OR_RETURN(UnboundRelationship r, MakeUnbound(f));
      return Value(std::move(r));
    }
    case tag::kPath:
      return MakePath(f);
    case tag::kDate: {
      FERRY_RETURN_IF_ERROR(f.Count(1));
      FERRY_ASSIGN_OR_RETURN(int64_t days, f.Get<int64_t>(0));
      return Value(Date{days});
    }
    case tag::kTime: {
      FERRY_RETURN_IF_ERROR(f.Count(2));
      Time v;
      FERRY_ASSIGN_OR_RETURN(v.nanoseconds, f.Get<int64_t>(0));
      FERRY_ASSIGN_OR_RETURN(v.tz_offset_seconds, f.Get<int64_t>(1));
      return Value(v);
    }
    case tag::kLocalTime: {
      FERRY_RETURN_IF_ERROR(f.Count(1));
      FERRY_ASSIGN_OR_RETURN(int64_t nanos, f.Get<int64_t>(0));
      return Value(LocalTime{nanos});
    }
    case tag::kDateTime:
    case tag::kLegacyDateTime: {
      FERRY_RETURN_IF_ERROR(f.Count(3));
      DateTime v;
      v.utc = t == tag::kDateTime;
      FERRY_ASSIGN_OR_RETURN(v.seconds, f.Get<int64_t>(0));
      FERRY_ASSIGN_OR_RETURN(v.nanoseconds, f.Get<int64_t>(1));
      FERRY_ASSIGN_OR_RETURN(v.tz_offset_seconds, f.Get<int64_t>(2));
      return Value(v);
    }
    case tag::kDateTimeZoneId:
    case tag::kLegacyDateTimeZoneId: {
      FERRY_RETURN_IF_ERROR(f.Count(3));
      DateTimeZoneId v;
      v.utc = t == tag::kDateTimeZoneId;
      FERRY_ASSIGN_OR_RETURN(v.seconds, f.Get<int64_t>(0));
      FERRY_ASSIGN_OR_RETURN(v.nanoseconds, f.Get<int64_t>(1));
      FERRY_ASSIGN_OR_RETURN(v.tz_id, f.Get<std::string>(2));
      return Value(std::move(v));
    }
    case tag::kLocalDateTime: {
      FERRY_RETURN_IF_ERROR(f.Count(2));
      LocalDateTime v;
      FERRY_ASSIGN_OR_RETURN(v.seconds, f.Get<int64_t>(0));
      FERRY_ASSIGN_OR_RETURN(v.nanoseconds, f.Get<int64_t>(1));
      return Value(v);
    }
    case tag::kDuration: {
      FERRY_RETURN_IF_ERROR(f.Count(4));
      Duration v;
      FERRY_ASSIGN_OR_RETURN(v.months, f.Get<int64_t>(0));
      FERRY_ASSIGN_OR_RETURN(v.days, f.Get<int64_t>(1));
      FERRY_ASSIGN_OR_RETURN(v.seconds, f.Get<int64_t>(2));
      FERRY_ASSIGN_OR_RETURN(v.nanoseconds, f.Get<int64_t>(3));
      return Value(v);
    }
    case tag::kPoint2D: {
      FERRY_RETURN_IF_ERROR(f.Count(3));
      Point2D v;
      FERRY_ASSIGN_OR_RETURN(v.srid, f.Get<int64_t>(0));
      FERRY_ASSIGN_OR_RETURN(v.x, f.Float(1));
      FERRY_ASSIGN_OR_RETURN(v.y, f.Float(2));
      return Value(v);
    }
    case tag::kPoint3D: {
      FERRY_RETURN_IF_ERROR(f.Count(4));
      Point3D v;
      FERRY_ASSIGN_OR_RETURN(v.srid, f.Get<int64_t>(0));
      FERRY_ASSIGN_OR_RETURN(v.x, f.Float(1));
      FERRY_ASSIGN_OR_RETURN(v.y, f.Float(2));
      FERRY_ASSIGN_OR_RETURN(v.z, f.Float(3));
      return Value(v);
    }
    default:
      return Value(Structure{t, std::move(fields)});
  }
}

}  // namespace ferry::bolt
