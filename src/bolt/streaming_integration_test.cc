// Streaming large results with bounded memory, stopping early, and a server
// that dies mid-stream.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "bolt/testing/integration.h"

namespace ferry::bolt::testing {
namespace {

// Resident memory of this process, in bytes (Linux).
int64_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

constexpr const char* kRowsQuery =
    "UNWIND range(1, $n) AS i RETURN i, 'row-' + toString(i) + $pad AS s";

Map RowsParams(int64_t n) {
  Map p;
  p.Set("n", n);
  p.Set("pad", std::string(200, '.'));
  return p;
}

TEST(BoltStreaming, FiftyThousandRowsInSmallBatchesWithBoundedMemory) {
  FERRY_NEO4J_OR_FAIL(server);
  ClientOptions options;
  options.fetch_size = 500;
  auto client = ConnectTo(*server, options);
  ASSERT_TRUE(client.ok()) << client.status().ToString();

  const int64_t before = ResidentBytes();
  int64_t expected = 1, peak = before;
  auto summary = (*client)->Run(kRowsQuery, RowsParams(50'000), [&](const Record& r) {
    if (r.values[0].as<int64_t>() != expected) {
      return Status::Error("X004", "row " + std::to_string(expected) + " out of order");
    }
    if (r.values[1].as<std::string>().rfind("row-" + std::to_string(expected), 0) != 0) {
      return Status::Error("X004", "wrong text in row " + std::to_string(expected));
    }
    ++expected;
    if (expected % 5000 == 0) peak = std::max(peak, ResidentBytes());
    return Status::Ok();
  });
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->records, 50'000);
  EXPECT_EQ(expected, 50'001);
  EXPECT_EQ(summary->keys, (std::vector<std::string>{"i", "s"}));
  // Held all at once the rows would take >12 MB; streamed, memory stays flat.
  // (AddressSanitizer keeps freed memory in quarantine, so RSS says nothing.)
#if !defined(__SANITIZE_ADDRESS__)
  EXPECT_LT(peak - before, 8 << 20) << "resident memory grew while streaming";
#endif
}

TEST(BoltStreaming, StoppingEarlyDiscardsTheRestAndKeepsTheConnection) {
  FERRY_NEO4J_OR_FAIL(server);
  ClientOptions options;
  options.fetch_size = 100;
  auto client = ConnectTo(*server, options);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  int seen = 0;
  auto summary = (*client)->Run(kRowsQuery, RowsParams(10'000), [&](const Record&) {
    return ++seen == 250 ? Status::Error("X004", "enough") : Status::Ok();
  });
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().message(), "enough");
  EXPECT_EQ(seen, 250);
  auto next = Single(**client, "RETURN 'still usable'");
  ASSERT_TRUE(next.ok()) << next.status().ToString();
}

TEST(BoltStreaming, ServerKilledMidStreamIsN004NotAHang) {
  // Its own server: this test kills it.
  auto own = Neo4jTestServer::Start();
  ASSERT_TRUE(own.ok()) << own.status().ToString();
  ClientOptions options;
  options.fetch_size = 100;
  options.query_timeout = std::chrono::seconds(60);
  auto client = ConnectTo(**own, options);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  int64_t rows = 0;
  auto summary = (*client)->Run(kRowsQuery, RowsParams(1'000'000), [&](const Record&) {
    if (++rows == 1000) (*own)->Kill();
    return Status::Ok();
  });
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), "N004") << summary.status().ToString();
  EXPECT_LT(rows, 1'000'000);
  // The connection is marked broken: later calls fail fast, also N004.
  EXPECT_EQ((*client)->Run("RETURN 1").status().code(), "N004");
}

}  // namespace
}  // namespace ferry::bolt::testing
