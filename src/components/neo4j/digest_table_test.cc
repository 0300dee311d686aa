// The node-digest scratch file: digests come back by id, gaps and ids past
// the end read as absent, ids out of order turn the table off (the scan then
// asks the server for endpoints), and the file is gone afterwards.
#include "components/neo4j/digest_table.h"

#include <gtest/gtest.h>

#include "archive/testing/tree_fixtures.h"

namespace ferry::components::neo4j {
namespace {

using archive::testing::TempDir;

Digest D(uint8_t seed) {
  Digest d{};
  for (size_t i = 0; i < d.size(); ++i) d[i] = static_cast<uint8_t>(seed + i);
  return d;
}

TEST(DigestTableTest, ReadsBackByIdAcrossPagesWithGaps) {
  TempDir tmp;
  auto& os = platform::DefaultPlatform();
  auto table = DigestTable::Create(os, tmp.path());
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  // Dense ids, a gap, and ids far enough apart to cross cache pages and the
  // 1 MiB write buffer (40,000 * 32 bytes).
  std::vector<int64_t> ids;
  for (int64_t id = 0; id < 40000; ++id) ids.push_back(id);
  ids.push_back(40100);
  ids.push_back(200000);
  for (int64_t id : ids) {
    auto put = (*table)->Put(id, D(static_cast<uint8_t>(id % 251)));
    ASSERT_TRUE(put.ok() && *put) << id;
  }
  ASSERT_TRUE((*table)->Seal().ok());
  for (int64_t id : {int64_t{0}, int64_t{127}, int64_t{128}, int64_t{39999}, int64_t{40100},
                     int64_t{200000}, int64_t{5}, int64_t{33000}}) {
    auto got = (*table)->Get(id);
    ASSERT_TRUE(got.ok());
    ASSERT_TRUE(got->has_value()) << id;
    EXPECT_EQ(**got, D(static_cast<uint8_t>(id % 251))) << id;
  }
  for (int64_t id :
       {int64_t{40000}, int64_t{40099}, int64_t{199999}, int64_t{200001}, int64_t{-1}}) {
    auto got = (*table)->Get(id);
    ASSERT_TRUE(got.ok());
    EXPECT_FALSE(got->has_value()) << id;
  }
}

TEST(DigestTableTest, OutOfOrderIdTurnsTheTableOff) {
  TempDir tmp;
  auto table = DigestTable::Create(platform::DefaultPlatform(), tmp.path());
  ASSERT_TRUE(table.ok());
  ASSERT_TRUE(*(*table)->Put(5, D(1)));
  auto back = (*table)->Put(3, D(2));
  ASSERT_TRUE(back.ok());
  EXPECT_FALSE(*back);
  EXPECT_FALSE((*table)->usable());
  EXPECT_FALSE(*(*table)->Put(6, D(3)));  // stays off
}

TEST(DigestTableTest, HugeIdJumpTurnsTheTableOff) {
  TempDir tmp;
  auto table = DigestTable::Create(platform::DefaultPlatform(), tmp.path());
  ASSERT_TRUE(table.ok());
  EXPECT_FALSE(*(*table)->Put(int64_t{1} << 40, D(1)));
  EXPECT_FALSE((*table)->usable());
}

TEST(DigestTableTest, RemovesItsFile) {
  TempDir tmp;
  {
    auto table = DigestTable::Create(platform::DefaultPlatform(), tmp.path());
    ASSERT_TRUE(table.ok());
    ASSERT_TRUE(*(*table)->Put(0, D(1)));
    EXPECT_FALSE(std::filesystem::is_empty(tmp.path()));
  }
  EXPECT_TRUE(std::filesystem::is_empty(tmp.path()));
}

}  // namespace
}  // namespace ferry::components::neo4j
