#include "integrity/json_schema.h"

#include <gtest/gtest.h>

#include "integrity/manifest.h"
#include "stream/sha256.h"

namespace ferry::integrity {
namespace {

using json = nlohmann::json;

TEST(JsonSchemaTest, DeepNestingRefusedBeforeParsing) {
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto r = ParseJsonLimited(deep, "M002", "doc");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), "M002");
  EXPECT_NE(r.status().message().find("nested deeper than 64"), std::string::npos)
      << r.status().message();
  EXPECT_TRUE(ParseJsonLimited(std::string(64, '[') + std::string(64, ']'), "M002", "doc").ok());
  EXPECT_FALSE(ParseJsonLimited(std::string(65, '{'), "M002", "doc").ok());
}

TEST(JsonSchemaTest, NotJsonAndTrailingGarbage) {
  for (std::string bad :
       {std::string(""), std::string("{"), std::string("{} x"), std::string("nul"),
        std::string("\"\\u12\""), std::string("{\"a\":\0}", 7)}) {
    auto r = ParseJsonLimited(bad, "M002", "doc");
    EXPECT_EQ(r.status().code(), "M002") << bad;
  }
}

TEST(JsonSchemaTest, LongStringsAndManyElementsRefused) {
  JsonLimits limits;
  limits.max_string_bytes = 8;
  limits.max_elements = 10;
  EXPECT_FALSE(ParseJsonLimited("\"123456789\"", "M002", "doc", limits).ok());
  EXPECT_FALSE(ParseJsonLimited("{\"123456789\":1}", "M002", "doc", limits).ok());
  EXPECT_FALSE(ParseJsonLimited("[1,2,3,4,5,6,7,8,9,10,11]", "M002", "doc", limits).ok());
  EXPECT_TRUE(ParseJsonLimited("[1,2,3]", "M002", "doc", limits).ok());
}

TEST(JsonSchemaTest, FieldErrorsNameTheJsonPath) {
  json j = json::parse(R"({"a": "x", "n": -1, "big": 5, "f": 1.5, "b": null, "o": [1]})");
  JsonFields f(j, "entries[3]", "M002", "doc");
  EXPECT_EQ(f.Unsigned("n", 10).status().message(),
            "doc: entries[3].n: expected an unsigned integer, found a negative integer");
  EXPECT_EQ(f.Unsigned("a", 10).status().message(),
            "doc: entries[3].a: expected an unsigned integer, found a string");
  EXPECT_EQ(f.Unsigned("f", 10).status().code(), "M002");
  EXPECT_EQ(f.Unsigned("big", 4).status().message(), "doc: entries[3].big: 5 is larger than 4");
  EXPECT_EQ(*f.Unsigned("big", 5), 5u);
  EXPECT_EQ(f.String("b").status().message(), "doc: entries[3].b: expected a string, found null");
  EXPECT_EQ(f.String("missing").status().message(),
            "doc: entries[3].missing: required but missing");
  EXPECT_EQ(f.Bool("a").status().code(), "M002");
  EXPECT_EQ(f.Object("o").status().code(), "M002");
  EXPECT_TRUE(f.Array("o").ok());
  EXPECT_EQ(f.Sha256("a").status().code(), "M002");
  JsonFields not_object(j["o"], "x", "M002", "doc");
  EXPECT_EQ(not_object.String("a").status().message(),
            "doc: x: expected an object, found an array");
}

// A valid manifest document, then one field changed and the self digest
// recomputed (anyone can: the digests are unkeyed), so only the schema stands.
class ManifestSchemaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Manifest m;
    m.tool_version = "0.1.0";
    m.components = {{"models", {{"kind", "files"}, {"path", "models"}, {"facts", {{"files", 3}}}}}};
    for (int i = 0; i < 4; ++i) {
      m.entries.push_back({"models/p" + std::to_string(i), stream::Sha256Hex(std::to_string(i)),
                           uint64_t(100 + i), "models", true});
    }
    text_ = FormatManifestText(m.entries);
    doc_ = json::parse(FormatManifestJson(m, text_));
  }
  Result<Manifest> Parse(json doc) {
    doc["self_sha256"] = "";
    doc["self_sha256"] = stream::Sha256Hex(doc.dump(2));
    return ParseManifestJson(doc.dump(2), text_);
  }
  std::string text_;
  json doc_;
};

TEST_F(ManifestSchemaTest, ValidParses) {
  auto r = Parse(doc_);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->entries.size(), 4u);
}

TEST_F(ManifestSchemaTest, WrongTypesAreM002WithPath) {
  struct Case {
    std::string pointer;
    json value;
    std::string expect;
  };
  std::vector<Case> cases = {
      {"/format", 1, "format: expected a string, found an integer"},
      {"/payloads/3/size", "103", "payloads[3].size: expected an unsigned integer, found a string"},
      {"/payloads/1/size", -5,
       "payloads[1].size: expected an unsigned integer, found a negative integer"},
      {"/payloads/1/size", uint64_t{1} << 63,
       "payloads[1].size: 9223372036854775808 is larger than"},
      {"/payloads/1/size", 1e300,
       "payloads[1].size: expected an unsigned integer, found a floating-point"},
      {"/payloads/0/path", nullptr, "payloads[0].path: expected a string, found null"},
      {"/payloads/2", "x", "payloads[2]: expected an object, found a string"},
      {"/payloads/2/sha256", "abc", "payloads[2].sha256: expected 64 lowercase hex digits"},
      {"/payloads/2/verified_from_device", 1,
       "payloads[2].verified_from_device: expected true or false"},
      {"/payloads", json::object(), "payloads: expected an array, found an object"},
      {"/components", json::array(), "components: expected an object, found an array"},
      {"/components/models", 7, "components.models: expected an object"},
      {"/components/models/kind", nullptr, "components.models.kind: expected a string, found null"},
      {"/tool_version", json::array(), "tool_version: expected a string, found an array"},
      {"/format_version", "1", "format_version: expected an integer, found a string"},
  };
  for (const Case& c : cases) {
    json doc = doc_;
    doc[json::json_pointer(c.pointer)] = c.value;
    auto r = Parse(doc);
    ASSERT_FALSE(r.ok()) << c.pointer;
    EXPECT_EQ(r.status().code(), "M002") << c.pointer;
    EXPECT_NE(r.status().message().find(c.expect), std::string::npos)
        << c.pointer << ": " << r.status().message();
  }
}

TEST_F(ManifestSchemaTest, MissingKeysAreM002) {
  for (const char* key :
       {"format", "format_version", "payloads", "components", "text_manifest_sha256"}) {
    json doc = doc_;
    doc.erase(key);
    auto r = Parse(doc);
    EXPECT_EQ(r.status().code(), "M002") << key;
  }
  json doc = doc_;
  doc["payloads"][0].erase("size");
  EXPECT_NE(Parse(doc).status().message().find("payloads[0].size: required but missing"),
            std::string::npos);
}

TEST_F(ManifestSchemaTest, UnknownFormatVersionHasItsOwnCode) {
  for (json v : {json(2), json(0), json(-1), json(uint64_t{1} << 63)}) {
    json doc = doc_;
    doc["format_version"] = v;
    auto r = Parse(doc);
    ASSERT_FALSE(r.ok());
    if (v.is_number_unsigned() && v.get<uint64_t>() > INT64_MAX) {
      EXPECT_EQ(r.status().code(), "M002");
    } else {
      EXPECT_EQ(r.status().code(), "M009") << v;
      EXPECT_NE(r.status().message().find("format_version " + v.dump()), std::string::npos);
    }
  }
}

TEST_F(ManifestSchemaTest, DeepNestingInFactsIsM002) {
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  json doc = doc_;
  doc["components"]["models"]["facts"] = "@@DEEP@@";
  std::string text = doc.dump(2);
  auto at = text.find("\"@@DEEP@@\"");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 10, deep);
  auto r = ParseManifestJson(text, text_);
  EXPECT_EQ(r.status().code(), "M002");
  EXPECT_NE(r.status().message().find("nested deeper"), std::string::npos) << r.status().message();
}

TEST(ManifestTextLimitsTest, LongLineAndNoCrash) {
  std::string line = std::string(64, 'a') + "  " + std::string(kMaxTextLine, 'x') + "\n";
  EXPECT_EQ(ParseManifestText(line).status().code(), "M002");
  for (std::string odd : std::vector<std::string>{
           std::string("\\"), std::string("\\\n"), "\\" + std::string(64, 'a') + "  a\\\n",
           "\\" + std::string(64, 'a') + "  a\\q\n", std::string(64, 'a') + " *\n",
           std::string("\n"), std::string(65, 'a') + " x\n"}) {
    auto r = ParseManifestText(odd);
    EXPECT_FALSE(r.ok()) << odd;
  }
}

}  // namespace
}  // namespace ferry::integrity
