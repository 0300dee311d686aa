#include "journal/journal.h"

#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

namespace ferry::journal {
namespace {

namespace fs = std::filesystem;

TEST(JournalTest, PayloadStateSurvivesReopen) {
  fs::path dir = fs::temp_directory_path() / ("ferry-journal-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  {
    auto j = Journal::Open(dir / "journal.sqlite");
    ASSERT_TRUE(j.ok()) << j.status().ToString();
    auto run = (*j)->BeginRun({0, "export", "/s/ferry.toml", "/m", "", "", "", ""});
    ASSERT_TRUE(run.ok());
    ASSERT_TRUE((*j)->RecordPhase(*run, "export", "started").ok());
    ASSERT_TRUE((*j)->PutPayload({"/m", "a/x.tar.zst", "a", "verified", "ab", 3, 7}).ok());
    ASSERT_TRUE((*j)->PutFacts("/m", "a", "{\"files\":1}").ok());
  }
  auto j = Journal::Open(dir / "journal.sqlite");
  ASSERT_TRUE(j.ok());
  auto p = (*j)->GetPayload("/m", "a/x.tar.zst");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->state, "verified");
  EXPECT_EQ(p->size, 3u);
  EXPECT_EQ(*(*j)->GetFacts("/m", "a"), "{\"files\":1}");
  auto runs = (*j)->RunsForStack("/s/ferry.toml", 5);
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ((*runs)[0].outcome, "running");  // never ended: a crashed run shows as such
  EXPECT_EQ((*(*j)->Phases((*runs)[0].id)).size(), 1u);
  ASSERT_TRUE((*j)->ForgetMedium("/m").ok());
  EXPECT_FALSE((*j)->GetPayload("/m", "a/x.tar.zst").has_value());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ferry::journal
