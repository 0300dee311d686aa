#include "journal/journal.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

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

// The seam the phase-level journal fault tests use: every write passes the
// hook twice, an error before a write stops it, an error after it does not
// undo it.
TEST(JournalTest, WriteHookSeesEveryWriteAndCanFailItBeforeOrAfter) {
  fs::path dir = fs::temp_directory_path() / ("ferry-journal-hook-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  auto j = Journal::Open(dir / "journal.sqlite");
  ASSERT_TRUE(j.ok()) << j.status().ToString();
  std::vector<std::string> seen;
  (*j)->SetWriteHook([&](std::string_view write, bool committed) {
    seen.push_back(std::string(committed ? "after " : "before ") + std::string(write));
    return Status::Ok();
  });
  auto run = (*j)->BeginRun({0, "export", "/s", "/m", "", "", "", ""});
  ASSERT_TRUE(run.ok());
  ASSERT_TRUE((*j)->RecordPhase(*run, "export", "started").ok());
  ASSERT_TRUE((*j)->PutFacts("/m", "a", "{}").ok());
  ASSERT_TRUE((*j)->PutPayload({"/m", "a/x", "a", "written", "ab", 3, 7}).ok());
  ASSERT_TRUE((*j)->ForgetMedium("/other").ok());
  ASSERT_TRUE((*j)->EndRun(*run, "ok").ok());
  EXPECT_EQ(seen,
            (std::vector<std::string>{"before begin run", "after begin run", "before record phase",
                                      "after record phase", "before record facts a",
                                      "after record facts a", "before record payload a/x written",
                                      "after record payload a/x written", "before forget medium",
                                      "after forget medium", "before end run", "after end run"}));

  (*j)->SetWriteHook([](std::string_view, bool committed) {
    return committed ? Status::Ok() : Status::Error("X004", "injected before");
  });
  EXPECT_EQ((*j)->PutPayload({"/m", "a/x", "a", "verified", "ab", 3, 7}).code(), "X004");
  EXPECT_EQ((*j)->GetPayload("/m", "a/x")->state, "written");  // the write did not happen

  (*j)->SetWriteHook([](std::string_view, bool committed) {
    return committed ? Status::Error("X004", "injected after") : Status::Ok();
  });
  EXPECT_EQ((*j)->PutPayload({"/m", "a/x", "a", "verified", "ab", 3, 7}).code(), "X004");
  (*j)->SetWriteHook(nullptr);
  EXPECT_EQ((*j)->GetPayload("/m", "a/x")->state, "verified");  // it did
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ferry::journal
