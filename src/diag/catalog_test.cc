#include "diag/catalog.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "diag/finding.h"

namespace ferry {
namespace {

TEST(CatalogTest, HasEverySeedCode) {
  const std::pair<const char*, int> families[] = {{"G00", 5}, {"D00", 6}, {"DB00", 5}, {"FS00", 5},
                                                  {"N00", 4}, {"P00", 3}, {"R00", 3}};
  for (auto [prefix, count] : families) {
    for (int i = 1; i <= count; ++i) {
      std::string code = prefix + std::to_string(i);
      const CatalogEntry* e = FindCatalogEntry(code);
      ASSERT_NE(e, nullptr) << code;
      EXPECT_FALSE(e->pattern.empty()) << code;
      EXPECT_FALSE(e->resolution.empty()) << code;
    }
  }
}

TEST(CatalogTest, SeedSeveritiesKept) {
  EXPECT_EQ(SeverityOf("G001"), Severity::kCritical);
  EXPECT_EQ(SeverityOf("G003"), Severity::kMedium);
  EXPECT_EQ(SeverityOf("DB005"), Severity::kLow);
  EXPECT_EQ(SeverityOf("fs005"), Severity::kCritical);
  EXPECT_EQ(SeverityOf("R003"), Severity::kLow);
}

TEST(CatalogTest, CodesAreUnique) {
  std::set<std::string_view> seen;
  for (const CatalogEntry& e : Catalog()) EXPECT_TRUE(seen.insert(e.code).second) << e.code;
}

TEST(FindingTest, TakesSeverityAndFixFromCatalog) {
  Finding f = MakeFinding("G001", "repo", "23 uncommitted files");
  EXPECT_EQ(f.severity, Severity::kCritical);
  EXPECT_NE(f.fix.find("git commit"), std::string::npos);
  EXPECT_TRUE(HasCritical({f, PassFinding("x", "fine")}));
  EXPECT_FALSE(HasFailures({PassFinding("x", "fine")}));
}

}  // namespace
}  // namespace ferry
