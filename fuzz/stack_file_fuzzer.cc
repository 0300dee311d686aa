// libFuzzer target: the stack file parser (TOML; the copy on the medium is
// untrusted input).
#include <cstddef>
#include <cstdint>
#include <string>

#include "stack/stack_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto stack = ferry::stack::ParseStackFile(text, "/fuzz/medium/ferry.toml");
  if (stack.ok()) {
    for (const auto& c : stack->components)
      (void)ferry::stack::ResolveComponentPath(*stack, c, "/fuzz/root");
  }
  return 0;
}
