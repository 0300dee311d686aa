// A model folder holding NER11_Gold_Model.tar.gz, made by the system tar
// (what the seed's user has), checked through the files kind.
#include "components/files/archives_inside.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "archive/testing/tree_fixtures.h"
#include "components/kinds.h"

namespace ferry::components {
namespace {

namespace fs = std::filesystem;
using archive::testing::ReadFile;
using archive::testing::WriteFile;

class ArchivesInsideTest : public ::testing::Test {
 protected:
  ArchivesInsideTest() {
    spec_.name = "models";
    spec_.kind = "files";
    spec_.options = nlohmann::json::object();
    // What the archive packs: compressible text, as model metadata is, so
    // gzip codes it with Huffman blocks.
    std::string text;
    for (int i = 0; i < 30000; ++i)
      text += "token " + std::to_string(i) + " tag " + std::to_string(i % 11) + "\n";
    WriteFile(packed_ / "models" / "ner" / "model.txt", text);
    WriteFile(packed_ / "training_data" / "train.txt", text + text);
    WriteFile(src_ / "meta.json", "{}");
    const std::string cmd =
        "tar -czf '" + archive_.string() + "' -C '" + packed_.string() + "' models training_data";
    EXPECT_EQ(std::system(cmd.c_str()), 0);
  }

  std::vector<Finding> Check() {
    ComponentContext ctx{.os = os_,
                         .executor = exec_,
                         .stack = stack_,
                         .spec = spec_,
                         .path = src_,
                         .zstd = {},
                         .progress = [](uint64_t) {}};
    return files_->Check(ctx);
  }
  const Finding* Find(const std::vector<Finding>& found, const std::string& code) {
    for (const Finding& f : found) {
      if (f.code == code) return &f;
    }
    return nullptr;
  }
  std::string AllText(const std::vector<Finding>& found) {
    std::string all;
    for (const Finding& f : found) all += "[" + f.code + "] " + f.what + "\n";
    return all;
  }

  archive::testing::TempDir tmp_;
  platform::Platform& os_ = platform::DefaultPlatform();
  exec::HostExecutor exec_{os_};
  stack::StackFile stack_;
  stack::ComponentSpec spec_;
  std::unique_ptr<Component> files_ = NewFilesComponent();
  fs::path packed_ = tmp_.path() / "packed";
  fs::path src_ = tmp_.path() / "5_NER11_Gold_Model";
  fs::path archive_ = src_ / "NER11_Gold_Model.tar.gz";
};

TEST_F(ArchivesInsideTest, IntactArchivePassesAndIsNamed) {
  auto found = Check();
  EXPECT_FALSE(HasFailures(found)) << AllText(found);
  EXPECT_NE(AllText(found).find("1 archives read intact: NER11_Gold_Model.tar.gz"),
            std::string::npos)
      << AllText(found);
}

TEST_F(ArchivesInsideTest, TruncatedArchiveIsFs002WithTheSeedsOptions) {
  const std::string bytes = ReadFile(archive_);
  WriteFile(archive_, bytes.substr(0, bytes.size() / 2));
  auto found = Check();
  const Finding* f = Find(found, "FS002");
  ASSERT_NE(f, nullptr) << AllText(found);
  EXPECT_NE(f->what.find("NER11_Gold_Model.tar.gz"), std::string::npos) << f->what;
  EXPECT_NE(f->what.find("entry '"), std::string::npos) << f->what;
  EXPECT_NE(f->fix.find("Option A"), std::string::npos);
  EXPECT_NE(f->fix.find("--exclude='__pycache__'"), std::string::npos);
}

TEST_F(ArchivesInsideTest, ArchivePastTheBudgetIsNamedAsNotChecked) {
  std::string bytes = ReadFile(archive_);
  WriteFile(archive_, bytes.substr(0, bytes.size() / 2));  // damaged, but not read
  spec_.options[kArchiveCheckBytesKey] = 100;
  auto found = Check();
  EXPECT_EQ(Find(found, "FS002"), nullptr) << AllText(found);
  EXPECT_NE(AllText(found).find("1 archives not checked (past archive_check_bytes = 100 bytes): "
                                "NER11_Gold_Model.tar.gz"),
            std::string::npos)
      << AllText(found);
}

}  // namespace
}  // namespace ferry::components
