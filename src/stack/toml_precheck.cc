#include "stack/toml_precheck.h"

namespace ferry::stack {
namespace {

enum class Where { kOutside, kBasic, kLiteral, kMultiBasic, kMultiLiteral, kComment };

bool StartsWith(std::string_view text, size_t i, std::string_view what) {
  return text.substr(i, what.size()) == what;
}

}  // namespace

std::optional<std::string> TomlNeverAllows(std::string_view text) {
  Where where = Where::kOutside;
  size_t line = 1;
  // The last character outside strings other than a blank: a string can
  // start only where a key or a value can (a line's start, after = [ , { .).
  char before = '\n';
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
      return "line " + std::to_string(line) + " holds a control character (byte " +
             std::to_string(c) + "), which TOML does not allow unescaped";
    }
    if (c == '\n') ++line;
    switch (where) {
      case Where::kOutside:
        if (c >= 0x80) {
          return "line " + std::to_string(line) +
                 " holds a non-ASCII character outside a string or a comment (quote the key or "
                 "value)";
        }
        if ((c == '"' || c == '\'') &&
            std::string_view("\n=[,{.").find(before) == std::string_view::npos) {
          return "line " + std::to_string(line) + " holds a quote where no string can start";
        }
        if (c != ' ' && c != '\t' && c != '\r') before = static_cast<char>(c);
        if (c == '#') {
          where = Where::kComment;
        } else if (StartsWith(text, i, "\"\"\"")) {
          where = Where::kMultiBasic;
          i += 2;
        } else if (StartsWith(text, i, "'''")) {
          where = Where::kMultiLiteral;
          i += 2;
        } else if (c == '"') {
          where = Where::kBasic;
        } else if (c == '\'') {
          where = Where::kLiteral;
        }
        break;
      case Where::kBasic:
      case Where::kMultiBasic:
        if (c == '\\' && i + 1 < text.size() && text[i + 1] != '\n') {
          ++i;  // an escaped character, quote or backslash included
        } else if (where == Where::kBasic && (c == '"' || c == '\n')) {
          where = Where::kOutside;
        } else if (where == Where::kMultiBasic && StartsWith(text, i, "\"\"\"")) {
          where = Where::kOutside;
          i += 2;
        }
        break;
      case Where::kLiteral:
        if (c == '\'' || c == '\n') where = Where::kOutside;
        break;
      case Where::kMultiLiteral:
        if (StartsWith(text, i, "'''")) {
          where = Where::kOutside;
          i += 2;
        }
        break;
      case Where::kComment:
        if (c == '\n') {
          where = Where::kOutside;
          before = '\n';
        }
        break;
    }
  }
  return std::nullopt;
}

}  // namespace ferry::stack
