#include "diag/status.h"

#include <cerrno>

#include <gtest/gtest.h>

namespace ferry {
namespace {

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
  EXPECT_EQ(s.ToString(), "FS005: /mnt/e/models.tar.zst: writing payload (No space left on device)");
}

TEST(StatusTest, MacrosPropagate) {
  int out = 0;
  EXPECT_TRUE(Quarter(8, &out).ok());
  EXPECT_EQ(out, 2);
  Status s = Quarter(6, &out);
  EXPECT_EQ(s.code(), "X004");
}

}  // namespace
}  // namespace ferry
