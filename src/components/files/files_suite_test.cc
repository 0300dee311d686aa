// The files kind against the shared path-component suite.
#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

#include "components/testing/path_component_suite.h"

namespace ferry::components::testing {
namespace {

void MakeTree(const fs::path& dir) {
  fs::create_directories(dir / "models");
  for (int i = 0; i < 20; ++i)
    std::ofstream(dir / "models" / ("part-" + std::to_string(i) + ".jsonl"))
        << "{\"id\":" << i << "}\n";
  fs::create_symlink("models", dir / "link");
}

std::string Listing(const fs::path& dir) {
  std::ostringstream out;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
       ++it) {
    out << fs::relative(it->path(), dir).string() << " "
        << static_cast<int>(it->symlink_status().type());
    if (it->is_regular_file() && !it->is_symlink()) {
      std::ifstream in(it->path());
      out << " " << std::string(std::istreambuf_iterator<char>(in), {});
    }
    out << "\n";
  }
  std::string s = out.str();
  // recursive_directory_iterator has no order: sort the lines.
  std::vector<std::string> lines;
  std::istringstream split(s);
  for (std::string line; std::getline(split, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  std::string sorted;
  for (const auto& l : lines) sorted += l + "\n";
  return sorted;
}

INSTANTIATE_TEST_SUITE_P(Files, PathComponentSuite,
                         ::testing::Values(PathKindFixture{
                             "files", MakeTree, Listing, [](const fs::path& dir) {
                               std::ofstream(dir / "models" / "part-3.jsonl") << "changed";
                             }}));

}  // namespace
}  // namespace ferry::components::testing
