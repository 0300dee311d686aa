#include "stack/keys.h"

#include <gtest/gtest.h>

namespace ferry::stack {
namespace {

TEST(KeysTest, SecretLookingKeys) {
  for (const char* key : {"password", "Password", "PASSWORD", "db_password", "passwd", "secret",
                          "client_secret", "token", "authToken", "api_key", "apiKey", "API-KEY",
                          "apikey", "private_key", "credentials", "aws_access_key_id", "pwd"}) {
    EXPECT_TRUE(LooksLikeSecretKey(key)) << key;
  }
  for (const char* key :
       {"password_env", "password_file", "api_key_env", "api_key_file", "PASSWORD_FILE",
        "tokenizer", "user", "host", "keys", "exclude", "expect_body_contains", "passes"}) {
    EXPECT_FALSE(LooksLikeSecretKey(key)) << key;
  }
}

TEST(KeysTest, IndirectionsNameWhereTheSecretIs) {
  EXPECT_TRUE(IsSecretIndirection("password_env"));
  EXPECT_TRUE(IsSecretIndirection("api_key_file"));
  EXPECT_FALSE(IsSecretIndirection("env"));
  EXPECT_FALSE(IsSecretIndirection("file"));
  EXPECT_FALSE(IsSecretIndirection("environment"));
}

TEST(KeysTest, ClosestKeySuggestsTypos) {
  std::vector<std::string_view> keys = {"path", "include", "exclude", "name", "kind"};
  EXPECT_EQ(ClosestKey("exlude", keys), "exclude");
  EXPECT_EQ(ClosestKey("Exclude", keys), "exclude");
  EXPECT_EQ(ClosestKey("includes", keys), "include");
  EXPECT_EQ(ClosestKey("paht", keys), "");  // two edits on a short key: no guess
  EXPECT_EQ(ClosestKey("compression", keys), "");
}

TEST(KeysTest, EveryCommonAndStackKeyIsDeclaredOnce) {
  for (auto keys : {CommonComponentKeys(), StackKeys(), TargetKeys()}) {
    for (const KeySpec& k : keys) EXPECT_EQ(FindKey(keys, k.name), &k) << k.name;
  }
  EXPECT_EQ(FindKey(CommonComponentKeys(), "container")->authority, KeyAuthority::kLocal);
}

}  // namespace
}  // namespace ferry::stack
