// Overload{lambdas...}: one visitor for std::visit out of several lambdas.
#pragma once

namespace ferry::components::neo4j {

template <class... F>
struct Overload : F... {
  using F::operator()...;
};
// Spelled out because clang 14 (the macOS proxy) lacks C++20's aggregate
// deduction; GCC would deduce it without this line.
template <class... F>
Overload(F...) -> Overload<F...>;

}  // namespace ferry::components::neo4j
