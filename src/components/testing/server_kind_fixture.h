// The part of a KindFixture that every kind living on a server shares
// (mysql, neo4j): its real servers start once per test program, on the
// first test (they take seconds each), and stop when the program's tests
// are done; a failed start fails every test with its reason.
#pragma once

#include "components/testing/component_suite.h"

namespace ferry::components::testing {

class ServerKindFixture : public KindFixture {
 public:
  Status Prepare(const fs::path& scratch) final {
    if (!started_) {
      started_ = true;
      start_ = StartServers();
      // gtest tears down every environment registered by the end of the
      // run, this late one included.
      ::testing::AddGlobalTestEnvironment(new StopAtEnd(*this));
    }
    FERRY_RETURN_IF_ERROR(start_);
    return Reset(scratch);
  }

 protected:
  virtual Status StartServers() = 0;
  virtual void StopServers() = 0;
  // Per test: the source healthy (as StartServers left it), the target empty.
  virtual Status Reset(const fs::path& scratch) = 0;

 private:
  class StopAtEnd final : public ::testing::Environment {
   public:
    explicit StopAtEnd(ServerKindFixture& fixture) : fixture_(fixture) {}
    void TearDown() override { fixture_.StopServers(); }

   private:
    ServerKindFixture& fixture_;
  };

  bool started_ = false;
  Status start_;  // why the servers did not start, for every test
};

}  // namespace ferry::components::testing
