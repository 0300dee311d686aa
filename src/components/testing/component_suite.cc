// The contract of component_suite.h. Each test states one promise a kind
// makes to the phases; the fixture supplies the kind's data and harm.
#include "components/testing/component_suite.h"

#include <algorithm>

#include "components/testing/dir_payloads.h"
#include "components/testing/findings_text.h"

namespace ferry::components::testing {

void ComponentSuite::SetUp() {
  fixture_ = &GetParam()();
  can_ = fixture_->capabilities();
  Status prepared = fixture_->Prepare(scratch_.path());
  ASSERT_TRUE(prepared.ok()) << prepared.ToString();
  auto made = MakeComponent(fixture_->kind());
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  component_ = std::move(*made);
}

ComponentContext ComponentSuite::Ctx(Side side) {
  stack::ComponentSpec& spec = side == Side::kSource ? source_spec_ : target_spec_;
  spec = fixture_->Spec(side);
  return ComponentContext{.os = os_,
                          .executor = exec_,
                          .stack = stack_,
                          .spec = spec,
                          .path = fixture_->Path(side),
                          .zstd = {},
                          .progress = [](uint64_t) {}};
}

Result<nlohmann::json> ComponentSuite::Export(PayloadWriter& writer) {
  ComponentContext ctx = Ctx(Side::kSource);
  return component_->Export(ctx, writer);
}

Result<nlohmann::json> ComponentSuite::Export(const fs::path& medium) {
  DirPayloadWriter writer(os_, medium);
  FERRY_ASSIGN_OR_RETURN(nlohmann::json facts, Export(writer));
  FERRY_RETURN_IF_ERROR(writer.CloseAll());
  return facts;
}

std::vector<Finding> ComponentSuite::VerifyPayload(const fs::path& medium) {
  DirPayloadReader reader(os_, medium);
  ComponentContext ctx = Ctx(Side::kTarget);
  return component_->VerifyPayload(ctx, reader);
}

Result<nlohmann::json> ComponentSuite::Restore(const fs::path& medium,
                                               const RestoreOptions& options) {
  DirPayloadReader reader(os_, medium);
  ComponentContext ctx = Ctx(Side::kTarget);
  return component_->Restore(ctx, reader, options);
}

std::vector<Finding> ComponentSuite::Validate(const nlohmann::json& facts) {
  ComponentContext ctx = Ctx(Side::kTarget);
  return component_->Validate(ctx, facts);
}

Status ComponentSuite::Rollback(const nlohmann::json& record) {
  ComponentContext ctx = Ctx(Side::kTarget);
  return component_->Rollback(ctx, record);
}

std::string ComponentSuite::Content(Side side) {
  auto content = fixture_->Content(side);
  return content.ok() ? *content : "(content unreadable: " + content.status().ToString() + ")";
}

void ComponentSuite::RestoreIntoTheEmptyTargetAndExpectEqual(const fs::path& medium,
                                                             const nlohmann::json& facts) {
  auto record = Restore(medium);
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_TRUE(record->is_null()) << "nothing was replaced, so there is nothing to roll back: "
                                 << record->dump();
  if (can_.moves_data) {
    EXPECT_EQ(Content(Side::kTarget), Content(Side::kSource));
  }
  std::vector<Finding> validated = Validate(facts);
  EXPECT_FALSE(HasFailures(validated)) << FindingsText(validated);
  // "All good" is never said of a target nobody looked at.
  EXPECT_TRUE(std::any_of(validated.begin(), validated.end(), [](const Finding& f) {
    return f.passed();
  })) << "Validate said nothing";
}

RestoreOptions ComponentSuite::Forced(bool dry_run) {
  return RestoreOptions{.force = true,
                        .dry_run = dry_run,
                        .rollback_dir = scratch_.path() / "rollback",
                        .say = [](const std::string&) {}};
}

namespace {

// The payload files in a folder, sorted.
std::vector<std::string> PayloadFiles(const fs::path& medium) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(medium, ec))
    names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

uint64_t PayloadBytes(const fs::path& medium) {
  uint64_t total = 0;
  for (const std::string& name : PayloadFiles(medium)) total += fs::file_size(medium / name);
  return total;
}

// A payload writer whose sinks fail with I001 (as the export phase's do on
// Ctrl-C) once `budget` bytes have been written in all: the adapter is
// stopped midway, with its programs and connections still open.
class InterruptingWriter final : public PayloadWriter {
 public:
  InterruptingWriter(platform::Platform& os, const fs::path& dir, uint64_t budget)
      : inner_(os, dir), budget_(budget) {}
  Result<stream::ByteSink*> Open(const std::string& file_name) override {
    FERRY_ASSIGN_OR_RETURN(stream::ByteSink * sink, inner_.Open(file_name));
    sinks_.push_back(std::make_unique<Sink>(*sink, *this));
    return sinks_.back().get();
  }
  bool AlreadyVerified(const std::string&) override { return false; }
  bool interrupted() const { return interrupted_; }

 private:
  class Sink final : public stream::ByteSink {
   public:
    Sink(stream::ByteSink& next, InterruptingWriter& owner) : next_(next), owner_(owner) {}
    Status Write(std::span<const std::byte> data) override {
      if (owner_.written_ + data.size() > owner_.budget_) {
        owner_.interrupted_ = true;
        return Status::Error("I001", "interrupted by the test");
      }
      owner_.written_ += data.size();
      return next_.Write(data);
    }
    Status Finish() override { return next_.Finish(); }

   private:
    stream::ByteSink& next_;
    InterruptingWriter& owner_;
  };
  DirPayloadWriter inner_;
  uint64_t budget_;
  uint64_t written_ = 0;
  bool interrupted_ = false;
  std::vector<std::unique_ptr<Sink>> sinks_;
};

}  // namespace

TEST_P(ComponentSuite, CheckPassesOnAHealthySource) {
  ComponentContext ctx = Ctx(Side::kSource);
  std::vector<Finding> found = component_->Check(ctx);
  EXPECT_FALSE(HasFailures(found)) << FindingsText(found);
  // "All good" is never said of a source nobody looked at.
  EXPECT_TRUE(std::any_of(found.begin(), found.end(), [](const Finding& f) { return f.passed(); }))
      << "Check said nothing";
}

TEST_P(ComponentSuite, CheckAndExportNameWhatIsWrongWithABrokenSource) {
  ASSERT_TRUE(fixture_->BreakSource().ok());
  const ExpectedFinding expected = fixture_->BrokenSourceFinding();
  ComponentContext ctx = Ctx(Side::kSource);
  const std::string found = FindingsText(component_->Check(ctx));
  EXPECT_NE(found.find(expected.code + " "), std::string::npos) << found;
  EXPECT_NE(found.find(expected.words), std::string::npos) << found;
  auto facts = Export(Medium("broken"));
  ASSERT_FALSE(facts.ok()) << "exported a broken source";
  EXPECT_EQ(facts.status().code(), expected.code) << facts.status().ToString();
}

TEST_P(ComponentSuite, EstimateIsAtLeastWhatExportWrites) {
  ComponentContext ctx = Ctx(Side::kSource);
  auto estimate = component_->EstimateBytes(ctx);
  ASSERT_TRUE(estimate.ok()) << estimate.status().ToString();
  auto facts = Export(Medium("sized"));
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  const uint64_t written = PayloadBytes(Medium("sized"));
  EXPECT_GT(written, 0u) << "export wrote nothing";
  EXPECT_GE(*estimate, written);
}

TEST_P(ComponentSuite, ExportLeavesTheSourceUnchanged) {
  const std::string before = Content(Side::kSource);
  // A source on this machine is compared byte for byte as well, with the
  // folder that holds it: no lock, journal or temp file may appear beside it.
  const fs::path path = fixture_->Path(Side::kSource);
  std::map<std::string, std::string> bytes_before;
  if (!path.empty()) bytes_before = archive::testing::Describe(path.parent_path());
  auto facts = Export(Medium("export"));
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  EXPECT_EQ(Content(Side::kSource), before);
  if (!path.empty()) {
    EXPECT_EQ(archive::testing::Describe(path.parent_path()), bytes_before);
  }
}

TEST_P(ComponentSuite, RoundTripIntoAnEmptyTargetValidatesEqual) {
  auto facts = Export(Medium("round"));
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  std::vector<Finding> verified = VerifyPayload(Medium("round"));
  EXPECT_FALSE(HasFailures(verified)) << FindingsText(verified);
  RestoreIntoTheEmptyTargetAndExpectEqual(Medium("round"), *facts);
}

TEST_P(ComponentSuite, RestoreRefusesANonEmptyTargetWithoutForce) {
  if (!can_.moves_data) GTEST_SKIP() << "the kind restores no data";
  ASSERT_TRUE(Export(Medium("refused")).ok());
  ASSERT_TRUE(fixture_->FillTarget().ok());
  const std::string mine = Content(Side::kTarget);
  auto refused = Restore(Medium("refused"));
  ASSERT_FALSE(refused.ok()) << "replaced the user's target without --force";
  EXPECT_EQ(refused.status().code(), "T001") << refused.status().ToString();
  EXPECT_EQ(Content(Side::kTarget), mine);
}

TEST_P(ComponentSuite, DryRunChangesNothing) {
  if (!can_.moves_data) GTEST_SKIP() << "the kind restores no data";
  ASSERT_TRUE(Export(Medium("dry")).ok());
  ASSERT_TRUE(fixture_->FillTarget().ok());
  const std::string mine = Content(Side::kTarget);
  std::string said;
  RestoreOptions dry = Forced(/*dry_run=*/true);
  dry.say = [&](const std::string& line) { said += line + "\n"; };
  auto record = Restore(Medium("dry"), dry);
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_TRUE(record->is_null());
  EXPECT_EQ(Content(Side::kTarget), mine) << "dry run changed the target";
  EXPECT_FALSE(fs::exists(dry.rollback_dir)) << "dry run kept a rollback copy";
  EXPECT_FALSE(said.empty()) << "dry run did not say what it would do";
}

TEST_P(ComponentSuite, ForceKeepsARollbackThatRollbackRestores) {
  if (!can_.moves_data || !can_.keeps_rollback) GTEST_SKIP() << "the kind keeps no rollback copy";
  auto facts = Export(Medium("forced"));
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  ASSERT_TRUE(fixture_->FillTarget().ok());
  const std::string mine = Content(Side::kTarget);
  auto record = Restore(Medium("forced"), Forced());
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  ASSERT_FALSE(record->is_null()) << "replaced the target without a rollback record";
  EXPECT_EQ(Content(Side::kTarget), Content(Side::kSource));
  std::vector<Finding> validated = Validate(*facts);
  EXPECT_FALSE(HasFailures(validated)) << FindingsText(validated);
  Status rolled_back = Rollback(*record);
  ASSERT_TRUE(rolled_back.ok()) << rolled_back.ToString();
  EXPECT_EQ(Content(Side::kTarget), mine);
}

TEST_P(ComponentSuite, ValidateNamesAPlantedDifference) {
  auto facts = Export(Medium("planted"));
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  auto record = Restore(Medium("planted"));
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  const std::vector<Finding> restored = Validate(*facts);
  ASSERT_FALSE(HasFailures(restored)) << FindingsText(restored);
  ASSERT_TRUE(fixture_->PlantDifference().ok());
  const ExpectedFinding expected = fixture_->PlantedDifferenceFinding();
  const std::string found = FindingsText(Validate(*facts));
  EXPECT_NE(found.find(expected.code + " "), std::string::npos) << found;
  EXPECT_NE(found.find(expected.words), std::string::npos) << found;
}

// Interrupted halfway through what a whole export writes, the adapter
// reports the failure (never facts for a partial payload), leaves the
// source as it was, and nothing it left behind stops the next run.
TEST_P(ComponentSuite, InterruptedExportFailsAndTheNextRunCompletes) {
  ASSERT_TRUE(Export(Medium("whole")).ok());
  const std::string before = Content(Side::kSource);
  InterruptingWriter interrupting(os_, Medium("interrupted"), PayloadBytes(Medium("whole")) / 2);
  auto interrupted = Export(interrupting);
  ASSERT_TRUE(interrupting.interrupted()) << "the export wrote less than half of its own size";
  ASSERT_FALSE(interrupted.ok()) << "an interrupted export returned facts";
  EXPECT_EQ(Content(Side::kSource), before);

  auto facts = Export(Medium("rerun"));
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  RestoreIntoTheEmptyTargetAndExpectEqual(Medium("rerun"), *facts);
}

// The export phase resumes a component whose payloads an earlier run
// partly verified: those stay on the medium, the adapter writes the rest.
TEST_P(ComponentSuite, ResumedExportWritesOnlyWhatNoEarlierRunVerified) {
  if (!can_.skips_verified_payloads) GTEST_SKIP() << "the kind re-exports a component whole";
  ASSERT_TRUE(Export(Medium("earlier")).ok());
  std::vector<std::string> payloads = PayloadFiles(Medium("earlier"));
  ASSERT_FALSE(payloads.empty());
  // All but the last were verified, or the only one.
  std::vector<std::string> verified(payloads.begin(),
                                    payloads.end() - (payloads.size() > 1 ? 1 : 0));
  DirPayloadWriter writer(os_, Medium("resumed"));
  for (const std::string& name : verified) writer.MarkVerified(name);
  auto facts = Export(writer);
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  ASSERT_TRUE(writer.CloseAll().ok());
  for (const std::string& name : verified) {
    EXPECT_FALSE(fs::exists(Medium("resumed") / name)) << name << " was written again";
    fs::create_directories(Medium("resumed"));
    fs::copy_file(Medium("earlier") / name, Medium("resumed") / name);
  }
  EXPECT_EQ(PayloadFiles(Medium("resumed")), payloads);
  RestoreIntoTheEmptyTargetAndExpectEqual(Medium("resumed"), *facts);
}

}  // namespace ferry::components::testing
