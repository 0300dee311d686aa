// For tests that wait for something another process does (a container
// printing its first line, a server starting to listen): poll a condition
// until it holds. The limit is a safety net against a hang, not a timing
// assumption: it is minutes, far beyond what a loaded machine needs, so the
// test never fails because the machine was slow.
#pragma once

#include <chrono>
#include <thread>

namespace ferry::platform::testing {

inline constexpr std::chrono::seconds kEventuallyLimit{300};

// True as soon as condition() is true; false once `limit` has passed.
template <class Condition>
bool Eventually(Condition condition, std::chrono::milliseconds poll = std::chrono::milliseconds(50),
                std::chrono::steady_clock::duration limit = kEventuallyLimit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(poll);
  }
  return true;
}

}  // namespace ferry::platform::testing
