// Node digests by internal node id, in a scratch file, so the fingerprint of
// a relationship (which hashes its endpoints' contents) needs only the
// endpoint ids from the server. Asking Neo4j for both endpoint nodes with
// every relationship (MATCH (a)-[r]->(b) RETURN a, r, b) made it serialize
// three entities per relationship and was most of the export's time; a table
// in memory would grow with the graph.
//
// Slot id holds the digest of node id: 32 bytes * the highest id on disk,
// a small read cache in memory. Digests are appended while nodes stream in
// ascending id order, the order of Neo4j's all-nodes scan; a node out of
// order (or an absurd id jump) makes Put answer false and the caller falls
// back to asking the server for endpoints. The file is removed on
// destruction.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "components/neo4j/canonical.h"
#include "diag/status.h"
#include "platform/platform.h"

namespace ferry::components::neo4j {

class DigestTable {
 public:
  // A scratch file in dir (normally the platform's temp dir).
  static Result<std::unique_ptr<DigestTable>> Create(platform::Platform& os,
                                                     const std::filesystem::path& dir);
  ~DigestTable();
  DigestTable(const DigestTable&) = delete;
  DigestTable& operator=(const DigestTable&) = delete;

  // Records digest for id. false: id is not above the previous one, or too
  // far above it; the table takes nothing more and usable() turns false.
  Result<bool> Put(int64_t id, const Digest& digest);
  bool usable() const { return usable_; }

  // Ends writing. REQUIRES: before the first Get.
  Status Seal();
  // The digest of node id; nullopt when the table has none (a node created
  // after the node scan, during an online export).
  Result<std::optional<Digest>> Get(int64_t id);

 private:
  DigestTable(platform::Platform& os, std::filesystem::path path,
              std::unique_ptr<platform::WritableFile> out);
  Status FlushWrites();

  platform::Platform& os_;
  std::filesystem::path path_;
  std::unique_ptr<platform::WritableFile> out_;
  std::unique_ptr<platform::ReadableFile> in_;
  std::vector<std::byte> pending_;  // appended slots not yet written
  int64_t next_id_ = 0;             // the slot the next append lands in
  bool usable_ = true;

  // Direct-mapped cache of file pages: neighbouring ids share a page, and
  // real graphs link nearby nodes often.
  struct Page {
    int64_t index = -1;
    std::vector<std::byte> bytes;
  };
  std::vector<Page> cache_;
};

}  // namespace ferry::components::neo4j
