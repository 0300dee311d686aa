// The contract every component kind passes, in the manner of rclone's
// fstests and restic's backend suite: one list of tests (component_suite.cc)
// run against the real adapter, from the registry, through one fixture
// interface. A kind joins with one fixture in its folder and one line:
//
//   INSTANTIATE_TEST_SUITE_P(Files, ComponentSuite, ::testing::Values(&Shared<FilesFixture>));
//
// The fixture says what the kind cannot do (Capabilities, like rclone's
// features.go); a test that needs a missing capability is skipped, by
// capability, never by the kind's name. Kinds that live on a server run the
// contract against the real servers their integration tests start.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "archive/testing/tree_fixtures.h"
#include "components/component.h"

namespace ferry::components::testing {

namespace fs = std::filesystem;

// What a kind can do. The defaults are what a kind that moves data owes.
struct Capabilities {
  // Export writes the data itself and Restore puts it back, so a restored
  // target holds the source's content and a non-empty one is refused. False
  // for a kind that only records and asks (http: the API server comes back
  // with its containers; validate asks its endpoint).
  bool moves_data = true;
  // A forced restore keeps what it replaces, and Rollback puts it back.
  bool keeps_rollback = true;
  // Export skips a payload that an interrupted run verified
  // (PayloadWriter::AlreadyVerified) and still returns complete facts.
  // Without it the export phase redoes the whole component.
  bool skips_verified_payloads = false;
};

enum class Side { kSource, kTarget };

// A finding a test expects: its catalog code and words of its text that
// name what is wrong.
struct ExpectedFinding {
  std::string code;
  std::string words;
};

// One kind's side of the contract: the source and target, their content,
// and the harm the tests need done to them. Made once per test program
// (servers are shared by its tests); Prepare resets it for each test.
class KindFixture {
 public:
  virtual ~KindFixture() = default;
  virtual std::string kind() const = 0;
  virtual Capabilities capabilities() const = 0;

  // Called before every test with its own empty scratch folder: afterwards
  // the source is healthy and holds the fixture's data, the target is
  // empty. Servers start on the first call.
  virtual Status Prepare(const fs::path& scratch) = 0;
  // The [[component]] table of a side, and its resolved path (empty for a
  // kind whose data lives on a server).
  virtual stack::ComponentSpec Spec(Side side) = 0;
  virtual fs::path Path(Side side) = 0;
  // A text that is equal exactly when the side's content is: read by the
  // fixture's own means (a listing with bytes, rows, refs), never through
  // the adapter under test.
  virtual Result<std::string> Content(Side side) = 0;

  // Makes the source broken in the way the kind meets most (missing, not a
  // repository, a wrong password, a failing endpoint); Check must say so.
  virtual Status BreakSource() = 0;
  virtual ExpectedFinding BrokenSourceFinding() const = 0;
  // Puts the user's own, different content on the (empty) target.
  virtual Status FillTarget() = 0;
  // Changes the restored target; Validate must name the change.
  virtual Status PlantDifference() = 0;
  virtual ExpectedFinding PlantedDifferenceFinding() const = 0;
};

// The suite's parameter: the fixture of one kind.
using FixtureOf = KindFixture& (*)();
// The one fixture of class F for the whole program:
//   INSTANTIATE_TEST_SUITE_P(Git, ComponentSuite, ::testing::Values(&Shared<GitFixture>));
template <class F>
KindFixture& Shared() {
  static F fixture;
  return fixture;
}
// Prints the kind's name, which CTest then uses in the test's name (the
// function's address would change with every run).
inline void PrintTo(FixtureOf fixture, std::ostream* out) { *out << fixture().kind(); }

class ComponentSuite : public ::testing::TestWithParam<FixtureOf> {
 protected:
  void SetUp() override;

  ComponentContext Ctx(Side side);
  // Exports the source into writer and closes its payloads as the phase would.
  Result<nlohmann::json> Export(PayloadWriter& writer);
  // Exports the source into the payload folder `medium`.
  Result<nlohmann::json> Export(const fs::path& medium);
  std::vector<Finding> VerifyPayload(const fs::path& medium);
  Result<nlohmann::json> Restore(const fs::path& medium, const RestoreOptions& options = {});
  std::vector<Finding> Validate(const nlohmann::json& facts);
  Status Rollback(const nlohmann::json& record);
  // Restores medium into the empty target, and expects what the export
  // that wrote it (and returned facts) promises: nothing replaced, the
  // source's content there (for a kind that moves data), validate passes.
  void RestoreIntoTheEmptyTargetAndExpectEqual(const fs::path& medium, const nlohmann::json& facts);
  // The side's content, or the reason it could not be read (which then
  // differs from any content).
  std::string Content(Side side);
  // A forced restore keeping its rollback copy under the scratch folder.
  RestoreOptions Forced(bool dry_run = false);
  fs::path Medium(const std::string& name) const { return scratch_.path() / ("medium-" + name); }

  KindFixture* fixture_ = nullptr;
  Capabilities can_;
  archive::testing::TempDir scratch_;
  platform::Platform& os_ = platform::DefaultPlatform();
  exec::HostExecutor exec_{os_};
  stack::StackFile stack_;
  // The specs the contexts refer to, one per side.
  stack::ComponentSpec source_spec_, target_spec_;
  std::unique_ptr<Component> component_;
};

}  // namespace ferry::components::testing
