#include "stack/toml_precheck.h"

#include <gtest/gtest.h>

namespace ferry::stack {
namespace {

TEST(TomlPrecheckTest, ValidDocumentsPass) {
  EXPECT_FALSE(
      TomlNeverAllows("[stack]\nname = \"Modèles é\" # ünïcode in a comment\n").has_value());
  EXPECT_FALSE(
      TomlNeverAllows("\"clé\" = 'littéral'\nm = \"\"\"\nplusieurs \\\" lignes ü\n\"\"\"\n")
          .has_value());
  EXPECT_FALSE(TomlNeverAllows("l = '''\nraw ' é\n'''\nt =\t1\r\n").has_value());
  EXPECT_FALSE(
      TomlNeverAllows("s = \"a \\\\\" # a backslash ends the string; this is a comment é\n")
          .has_value());
}

// The inputs stack_file_fuzzer found reaching toml++'s unreachable points.
TEST(TomlPrecheckTest, WhatTomlppCannotSurviveIsRefused) {
  EXPECT_TRUE(TomlNeverAllows("\xcf\x8a").has_value());
  EXPECT_TRUE(TomlNeverAllows("Z\xc8\x95[").has_value());
  EXPECT_TRUE(TomlNeverAllows(std::string("[[\x01") + '\0' + "component]]\n").has_value());
  EXPECT_TRUE(TomlNeverAllows("name = \"a\"\nports = [3\xc8\xbe"
                              "0]\n")
                  .has_value());
  auto why = TomlNeverAllows("ok = 1\n\xc3\xa9 = 2\n");
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("line 2"), std::string::npos) << *why;
}

}  // namespace
}  // namespace ferry::stack

namespace ferry::stack {
namespace {

TEST(TomlPrecheckTest, QuotesOnlyWhereAStringCanStart) {
  EXPECT_FALSE(
      TomlNeverAllows("a.\"b\".c = [\"x\", 'y', {k = \"z\"}]\n[\"t\"]\n[[ 'u' ]]\n").has_value());
  EXPECT_FALSE(TomlNeverAllows("# \"not a string\n'k' = \"\"\"\nv\"\"\"\n").has_value());
  // Found by the fuzzer: a quote after a digit hid a non-ASCII byte from a
  // scanner that took it for a string.
  EXPECT_TRUE(TomlNeverAllows("c =3'''88[\xc9\x90 x'''").has_value());
}

}  // namespace
}  // namespace ferry::stack
