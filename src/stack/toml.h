// toml++ as ferry includes it.
//
// toml++ 3.3 states some parser preconditions with TOML_ASSERT_ASSUME, which
// in a build with NDEBUG becomes __builtin_assume under clang: a hostile
// stack file on the medium that breaks one (stack_file_fuzzer found
// `[[\x01...` reaching parse_key) would then be undefined behaviour instead
// of a parse error. Where toml++ is compiled into ferry (header-only, the
// clang/libc++ build), the check becomes a no-op and the parser's own error
// path answers; ParseStackFile also refuses what TOML never allows before
// toml++ sees the text (stack/toml_precheck.h).
#pragma once

#include <toml++/impl/preprocessor.h>

#undef TOML_ASSERT_ASSUME
#define TOML_ASSERT_ASSUME(expr) static_assert(true)

#include <toml++/toml.h>
