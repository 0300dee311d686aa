// The files kind against the component contract (components/testing/component_suite.h):
// a folder of small files and a symlink, described by a sorted listing of
// every entry with its type and bytes.
#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

#include "components/testing/path_kind_fixture.h"

namespace ferry::components::testing {
namespace {

class FilesFixture final : public PathKindFixture {
 public:
  std::string kind() const override { return "files"; }
  Capabilities capabilities() const override { return {}; }

  Status BreakSource() override {
    source_ = scratch_ / "not-there";
    return Status::Ok();
  }
  ExpectedFinding BrokenSourceFinding() const override { return {"S003", "does not exist"}; }
  ExpectedFinding PlantedDifferenceFinding() const override {
    return {"V001", "tree digest differs"};
  }

 protected:
  Status Make(const fs::path& dir) override {
    fs::create_directories(dir / "models");
    for (int i = 0; i < 20; ++i) {
      std::ofstream(dir / "models" / ("part-" + std::to_string(i) + ".jsonl"))
          << "{\"id\":" << i << "}\n";
    }
    std::error_code ec;
    fs::create_symlink("models", dir / "link", ec);
    if (ec) return Status::Error("X004", "cannot link in " + dir.string(), ec.value());
    return Status::Ok();
  }
  Result<std::string> Describe(const fs::path& dir) override {
    // recursive_directory_iterator has no order: the lines are sorted.
    std::vector<std::string> lines;
    for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
         ++it) {
      std::ostringstream line;
      line << fs::relative(it->path(), dir).string() << " "
           << static_cast<int>(it->symlink_status().type());
      if (it->is_regular_file() && !it->is_symlink()) {
        std::ifstream in(it->path());
        line << " " << std::string(std::istreambuf_iterator<char>(in), {});
      }
      lines.push_back(line.str());
    }
    std::sort(lines.begin(), lines.end());
    std::string text;
    for (const std::string& l : lines) text += l + "\n";
    return text;
  }
  Status Change(const fs::path& dir) override {
    std::ofstream(dir / "models" / "part-3.jsonl") << "changed";
    return Status::Ok();
  }
};

INSTANTIATE_TEST_SUITE_P(Files, ComponentSuite, ::testing::Values(&Shared<FilesFixture>));

}  // namespace
}  // namespace ferry::components::testing
