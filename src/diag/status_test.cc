#include "diag/status.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace ferry {
namespace {

Code MediumLikeCode(int err) { return err == ENOSPC ? Code("FS005") : Code("FS003"); }

Result<int> Half(int x) {
  if (x % 2) return Status::Error("X004", "odd");
  return x / 2;
}

Status Quarter(int x, int* out) {
  FERRY_ASSIGN_OR_RETURN(int half, Half(x));
  FERRY_ASSIGN_OR_RETURN(*out, Half(half));
  return Status::Ok();
}

TEST(StatusTest, OkByDefault) {
  EXPECT_TRUE(Status().ok());
  EXPECT_EQ(Status().ToString(), "OK");
}

TEST(StatusTest, ErrorCarriesCodeErrnoAndContext) {
  Status s = Status::Error("FS005", "writing payload", ENOSPC).WithContext("/mnt/e/models.tar.zst");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), "FS005");
  EXPECT_EQ(s.sys_errno(), ENOSPC);
  EXPECT_EQ(s.ToString(),
            "FS005: /mnt/e/models.tar.zst: writing payload (No space left on device)");
}

TEST(StatusTest, MacrosPropagate) {
  int out = 0;
  EXPECT_TRUE(Quarter(8, &out).ok());
  EXPECT_EQ(out, 2);
  Status s = Quarter(6, &out);
  EXPECT_EQ(s.code(), "X004");
}

// The platform's errors carry no code until a layer that knows what the
// file or socket was for classifies them; until then they read as X005.
TEST(StatusTest, AnOsErrorIsUnclassifiedUntilAKnowingLayerClassifiesIt) {
  Status s = Status::OsError("cannot write /mnt/e/x.part", ENOSPC);
  EXPECT_FALSE(s.ok());
  EXPECT_FALSE(s.classified());
  EXPECT_EQ(s.code(), "X005");
  EXPECT_EQ(std::move(s).Classify(MediumLikeCode).code(), "FS005");
}

TEST(StatusTest, ClassifyKeepsACodeChosenBelow) {
  Status s = Status::Error("M006", "grew");
  s.Classify("FS003");
  EXPECT_EQ(s.code(), "M006");
  Status ok;
  ok.Classify("FS003");
  EXPECT_TRUE(ok.ok());
}

TEST(StatusTest, WithMessageKeepsCodeAndErrno) {
  Status s =
      Status::Error("R002", "disk full", ENOSPC).WithMessage("disk full; nothing was restored");
  EXPECT_EQ(s.code(), "R002");
  EXPECT_EQ(s.sys_errno(), ENOSPC);
  EXPECT_EQ(s.message(), "disk full; nothing was restored");
}

TEST(CodeTest, CarriesItsCatalogEntryAndOutcome) {
  Code fs005 = "FS005";
  EXPECT_EQ(fs005.name(), "FS005");
  EXPECT_EQ(fs005.severity(), Severity::kCritical);
  EXPECT_EQ(fs005.outcome(), Outcome::kProblemFound);
  EXPECT_EQ(Code("S001").outcome(), Outcome::kCannotRun);
  EXPECT_EQ(Code("I001").outcome(), Outcome::kInterrupted);
  EXPECT_EQ(Code::Parse("fs005"), fs005);
  EXPECT_FALSE(Code::Parse("FS999").has_value());
  // Code("FS999") would not compile: the constructor is consteval.
}

}  // namespace
}  // namespace ferry
