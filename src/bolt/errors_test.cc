#include "bolt/errors.h"

#include <gtest/gtest.h>

namespace ferry::bolt {
namespace {

TEST(BoltErrors, MapsNeo4jCodesToCatalogCodes) {
  EXPECT_EQ(CatalogCodeFor("Neo.ClientError.Security.Unauthorized").name(), "N005");
  EXPECT_EQ(CatalogCodeFor("Neo.ClientError.Security.AuthenticationRateLimit").name(), "N005");
  EXPECT_EQ(CatalogCodeFor("Neo.ClientError.Transaction.TransactionTimedOut").name(), "DB003");
  EXPECT_EQ(
      CatalogCodeFor("Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration").name(),
      "DB003");
  EXPECT_EQ(CatalogCodeFor("Neo.TransientError.General.DatabaseUnavailable").name(), "N004");
  EXPECT_EQ(CatalogCodeFor("Neo.ClientError.Statement.SyntaxError").name(), "DB006");
}

TEST(BoltErrors, StatusKeepsNeo4jsCodeAndMessage) {
  Map meta;
  meta.Set("code", "Neo.ClientError.Security.Unauthorized");
  meta.Set("message", "The client is unauthorized due to authentication failure.");
  Status s = FailureStatus(meta);
  EXPECT_EQ(s.code(), "N005");
  EXPECT_NE(s.message().find("Neo.ClientError.Security.Unauthorized"), std::string::npos);
  EXPECT_NE(s.message().find("authentication failure"), std::string::npos);
  EXPECT_EQ(FailureStatus(Map{}).code(), "DB006");
}

}  // namespace
}  // namespace ferry::bolt
