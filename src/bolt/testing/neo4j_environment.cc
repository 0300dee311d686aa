// Stops the shared Neo4j server after the last test of the binary.
#include <gtest/gtest.h>

#include "bolt/testing/neo4j_test_server.h"

namespace ferry::bolt::testing {
namespace {

class Neo4jEnvironment : public ::testing::Environment {
 public:
  void TearDown() override { StopSharedNeo4j(); }
};

[[maybe_unused]] ::testing::Environment* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new Neo4jEnvironment);

}  // namespace
}  // namespace ferry::bolt::testing
