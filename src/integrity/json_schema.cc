#include "integrity/json_schema.h"

#include <algorithm>
#include <cstdint>

namespace ferry::integrity {
namespace {

using json = nlohmann::json;

// Counts depth, strings and elements and stops the parse at the first limit
// it meets, before the DOM parser runs at all.
class LimitChecker final : public json::json_sax_t {
 public:
  explicit LimitChecker(const JsonLimits& limits) : limits_(limits) {}

  bool null() override { return Element(); }
  bool boolean(bool) override { return Element(); }
  bool number_integer(json::number_integer_t) override { return Element(); }
  bool number_unsigned(json::number_unsigned_t) override { return Element(); }
  bool number_float(json::number_float_t, const json::string_t&) override { return Element(); }
  bool string(json::string_t& s) override { return Text(s) && Element(); }
  bool binary(json::binary_t&) override { return Element(); }
  bool start_object(std::size_t) override { return Open(); }
  bool key(json::string_t& s) override { return Text(s); }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override { return Open(); }
  bool end_array() override { return Close(); }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception&) override {
    problem_ = "is not valid JSON (at byte " + std::to_string(position) + ")";
    return false;
  }

  const std::string& problem() const { return problem_; }

 private:
  bool Element() {
    if (++elements_ > limits_.max_elements) {
      problem_ = "has more than " + std::to_string(limits_.max_elements) + " values";
      return false;
    }
    return true;
  }
  bool Text(const std::string& s) {
    if (s.size() > limits_.max_string_bytes) {
      problem_ =
          "holds a string longer than " + std::to_string(limits_.max_string_bytes) + " bytes";
      return false;
    }
    return true;
  }
  bool Open() {
    if (++depth_ > limits_.max_depth) {
      problem_ = "is nested deeper than " + std::to_string(limits_.max_depth) + " levels";
      return false;
    }
    return Element();
  }
  bool Close() {
    --depth_;
    return true;
  }

  const JsonLimits& limits_;
  size_t depth_ = 0;
  size_t elements_ = 0;
  std::string problem_;
};

std::string Joined(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

}  // namespace

std::string JsonTypeName(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::number_integer:
      return value.get<int64_t>() < 0 ? "a negative integer" : "an integer";
    case json::value_t::number_unsigned:
      return "an integer";
    case json::value_t::number_float:
      return "a floating-point number";
    case json::value_t::binary:
      return "binary data";
    case json::value_t::discarded:
      return "nothing";
  }
  return "an unknown value";
}

Result<json> ParseJsonLimited(std::string_view text, Code code, std::string_view what,
                              const JsonLimits& limits) {
  LimitChecker checker(limits);
  // sax_parse with strict=true: trailing garbage is an error too. It does
  // not throw when the handler reports errors itself.
  bool ok = json::sax_parse(text.begin(), text.end(), &checker, json::input_format_t::json, true);
  if (!ok) {
    std::string problem = checker.problem().empty() ? "is not valid JSON" : checker.problem();
    return Status::Error(code, std::string(what) + " " + problem);
  }
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::Error(code, std::string(what) + " is not valid JSON");
  return j;
}

std::string JsonFields::PathOf(std::string_view key) const { return Joined(path_, key); }

Status JsonFields::Error(std::string_view key, std::string_view problem) const {
  return Status::Error(code_, what_ + ": " + PathOf(key) + ": " + std::string(problem));
}

bool JsonFields::Has(std::string_view key) const {
  return object_.is_object() && object_.find(key) != object_.end();
}

Result<const json*> JsonFields::Get(std::string_view key) const {
  if (!object_.is_object()) {
    return Status::Error(code_, what_ + ": " +
                                    (path_.empty() ? std::string("the document") : path_) +
                                    ": expected an object, found " + JsonTypeName(object_));
  }
  auto it = object_.find(key);
  if (it == object_.end()) return Error(key, "required but missing");
  return &*it;
}

Result<std::string> JsonFields::String(std::string_view key) const {
  FERRY_ASSIGN_OR_RETURN(const json* v, Get(key));
  if (!v->is_string()) return Error(key, "expected a string, found " + JsonTypeName(*v));
  return v->get<std::string>();
}

Result<std::string> JsonFields::Sha256(std::string_view key) const {
  FERRY_ASSIGN_OR_RETURN(std::string s, String(key));
  bool hex = s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
             });
  if (!hex) return Error(key, "expected 64 lowercase hex digits (a SHA-256)");
  return s;
}

Result<uint64_t> JsonFields::Unsigned(std::string_view key, uint64_t max) const {
  FERRY_ASSIGN_OR_RETURN(const json* v, Get(key));
  if (!v->is_number_unsigned() && !(v->is_number_integer() && v->get<int64_t>() >= 0)) {
    return Error(key, "expected an unsigned integer, found " + JsonTypeName(*v));
  }
  uint64_t n = v->get<uint64_t>();
  if (n > max) return Error(key, std::to_string(n) + " is larger than " + std::to_string(max));
  return n;
}

Result<int64_t> JsonFields::Integer(std::string_view key) const {
  FERRY_ASSIGN_OR_RETURN(const json* v, Get(key));
  if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
    return Error(key, "is out of range");
  }
  if (v->is_number_integer()) return v->get<int64_t>();  // also true for unsigned
  return Error(key, "expected an integer, found " + JsonTypeName(*v));
}

Result<bool> JsonFields::Bool(std::string_view key) const {
  FERRY_ASSIGN_OR_RETURN(const json* v, Get(key));
  if (!v->is_boolean()) return Error(key, "expected true or false, found " + JsonTypeName(*v));
  return v->get<bool>();
}

Result<const json*> JsonFields::Object(std::string_view key) const {
  FERRY_ASSIGN_OR_RETURN(const json* v, Get(key));
  if (!v->is_object()) return Error(key, "expected an object, found " + JsonTypeName(*v));
  return v;
}

Result<const json*> JsonFields::Array(std::string_view key) const {
  FERRY_ASSIGN_OR_RETURN(const json* v, Get(key));
  if (!v->is_array()) return Error(key, "expected an array, found " + JsonTypeName(*v));
  return v;
}

}  // namespace ferry::integrity
