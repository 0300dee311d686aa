// What no valid TOML document holds, refused before toml++ reads the text.
//
// toml++ 3.3 (Debian 12) reaches __builtin_unreachable / __builtin_assume
// on some invalid input: a non-ASCII character where whitespace or a key is
// expected (is_non_ascii_horizontal_whitespace, e.g. "Z\u0215["), a control
// character in a table header (parse_key). On the medium's copy of the stack
// file that is undefined behaviour driven by untrusted input, found by
// fuzz/stack_file_fuzzer under UBSan. TOML 1.0 allows raw control characters
// nowhere but tab, LF and CR, and non-ASCII characters only inside strings
// and comments (bare keys are ASCII), so refusing both elsewhere rejects no
// valid document.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ferry::stack {

// A person-readable reason when text holds what TOML never allows (a raw
// control character anywhere; a non-ASCII byte outside a string or a
// comment); nullopt otherwise. It is no TOML parser: strings and comments
// are only tracked well enough to tell inside from outside.
std::optional<std::string> TomlNeverAllows(std::string_view text);

}  // namespace ferry::stack
