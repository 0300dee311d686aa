#include "phases/container_check.h"

#include <gtest/gtest.h>

namespace ferry::phases {
namespace {

TEST(SubnetsOverlap, Ipv4Cidrs) {
  EXPECT_TRUE(SubnetsOverlap("10.89.0.0/24", "10.89.0.128/25"));
  EXPECT_TRUE(SubnetsOverlap("10.0.0.0/8", "10.89.1.0/24"));
  EXPECT_FALSE(SubnetsOverlap("10.89.0.0/24", "10.89.1.0/24"));
  EXPECT_TRUE(SubnetsOverlap("0.0.0.0/0", "192.168.1.0/24"));
}

TEST(SubnetsOverlap, OtherTextsCompareEqual) {
  EXPECT_TRUE(SubnetsOverlap("fd00::/64", "fd00::/64"));
  EXPECT_FALSE(SubnetsOverlap("fd00::/64", "fd01::/64"));
  EXPECT_FALSE(SubnetsOverlap("10.0.0.0", "10.0.0.0/8"));
}

TEST(HasEngineNeeds, OnlyWhenTheStackNamesContainersOrEngineObjects) {
  stack::StackFile plain;
  stack::ComponentSpec files;
  files.name = "a";
  files.kind = "files";
  plain.components.push_back(files);
  EXPECT_FALSE(HasEngineNeeds(plain));
  stack::StackFile with_port = plain;
  with_port.needs.ports = {8000};
  EXPECT_TRUE(HasEngineNeeds(with_port));
  stack::StackFile with_container = plain;
  with_container.components[0].container = "openspg-mysql";
  EXPECT_TRUE(HasEngineNeeds(with_container));
}

}  // namespace
}  // namespace ferry::phases
