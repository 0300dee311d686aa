#include "integrity/manifest.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "stream/sha256.h"

namespace ferry::integrity {
namespace {

namespace fs = std::filesystem;

TEST(ManifestTest, UnsafePathsRejected) {
  for (const char* bad : {"", "/etc/passwd", "../x", "a/../../x", "a//b", "./a", "a/."}) {
    EXPECT_EQ(CheckSafeRelativePath(bad).code(), "M003") << bad;
  }
  EXPECT_TRUE(CheckSafeRelativePath("models/files.tar.zst").ok());
  EXPECT_TRUE(CheckSafeRelativePath("odd name\\with\nnewline").ok());
}

TEST(ManifestTest, TextRoundTripWithEscapes) {
  std::vector<ManifestEntry> entries = {
      {"a b", std::string(64, 'a'), 1, "c", true},
      {"new\nline\\back\rcr", std::string(64, 'b'), 2, "c", true}};
  std::string text = FormatManifestText(entries);
  EXPECT_EQ(text.substr(0, 1), std::string(64, 'a').substr(0, 1));
  EXPECT_NE(text.find("\\" + std::string(64, 'b') + "  new\\nline\\\\back\\rcr\n"),
            std::string::npos);
  auto parsed = ParseManifestText(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[1].path, "new\nline\\back\rcr");
}

TEST(ManifestTest, TextWithTraversalIsM003) {
  std::string text = std::string(64, 'a') + "  ../../etc/passwd\n";
  EXPECT_EQ(ParseManifestText(text).status().code(), "M003");
}

// The promise of no lock-in: GNU sha256sum itself accepts what we write,
// including names that need escaping.
TEST(ManifestTest, GnuSha256sumChecksOurText) {
  fs::path dir = fs::temp_directory_path() / ("ferry-manifest-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "sub");
  std::vector<ManifestEntry> entries;
  for (std::string name :
       {std::string("sub/plain.bin"), std::string("sub/odd\nname\\x"), std::string("-dash")}) {
    std::ofstream(dir / name) << "content of " << name;
    entries.push_back({name, stream::Sha256Hex("content of " + name), 0, "", false});
  }
  std::ofstream(dir / "MIGRATION_MANIFEST.txt") << FormatManifestText(entries);
  std::string cmd =
      "cd '" + dir.string() + "' && sha256sum -c --strict --quiet MIGRATION_MANIFEST.txt";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  std::ofstream(dir / "-dash") << "changed";
  EXPECT_NE(std::system((cmd + " 2>/dev/null").c_str()), 0);
  fs::remove_all(dir);
}

TEST(ManifestTest, JsonBindsTextAndItself) {
  Manifest m;
  m.tool_version = "0.1.0";
  m.stack_name = "demo";
  m.entries = {{"models/files.tar.zst", std::string(64, 'c'), 42, "models", true}};
  m.components["models"] = {{"kind", "files"}, {"facts", {{"files", 3}}}};
  std::string text = FormatManifestText(m.entries);
  std::string json = FormatManifestJson(m, text);
  auto parsed = ParseManifestJson(json, text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->entries[0].size, 42u);
  EXPECT_TRUE(parsed->entries[0].verified);
  EXPECT_EQ(parsed->components["models"]["facts"]["files"], 3);

  std::string edited_text = text;
  edited_text[0] = 'd';
  EXPECT_EQ(ParseManifestJson(json, edited_text).status().code(), "M002");

  std::string edited_json = json;
  edited_json.replace(edited_json.find("42"), 2, "43");
  EXPECT_EQ(ParseManifestJson(edited_json, text).status().code(), "M002");
}

}  // namespace
}  // namespace ferry::integrity
