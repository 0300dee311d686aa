// The two streams of the mysql kind, each one pass with bounded memory:
//   dump:   mariadb-dump stdout -> [trailer watch] -> sink (zstd -> medium)
//   import: payload -> zstd -d -> [sandbox-line strip] -> mariadb stdin
// A dump counts as complete only when the program exits 0 AND its output
// ends with the "-- Dump completed" trailer it writes last: a killed dump,
// a crash or a lost connection each fail one of the two (seed: "MySQL Dump
// Incomplete").
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "components/mysql/client.h"
#include "stream/stream.h"

namespace ferry::components::mysql {

// Options of a consistent, portable dump of one database: one snapshot
// (--single-transaction), rows streamed (--quick), every stored object,
// blobs as hex, and CREATE DATABASE with its charset (--databases), so the
// file restores by hand with `mariadb < db.sql` too.
std::vector<std::string> DumpArguments(const std::string& db);

// Dumps db into sink (which it Finishes). DB011 with the dump's stderr when
// the dump fails or is incomplete; progress gets plain bytes so far.
Status DumpDatabase(Client& client, const std::string& db, stream::ByteSink& sink,
                    const std::function<void(uint64_t)>& progress);

// Feeds a plain SQL stream to the client with foreign key and unique checks
// off for the session (the dump sorts tables by name, not by reference).
// D003 with the client's stderr when the import fails.
Status ImportSql(Client& client, stream::ByteSource& sql, bool strip_sandbox_line,
                 const std::function<void(uint64_t)>& progress);

// A tool's stderr fit for a message: a failed statement may be echoed
// with it, megabytes of row data (or an account's hash). Keeps the ERROR
// lines, each cut short, else the last 500 bytes.
std::string ErrorLines(const std::string& err);

// True when the client knows MariaDB's sandbox-mode first line; MySQL's
// client and MariaDB's before 10.5.25/10.6.18/10.11.8 reject it.
bool ClientKnowsSandbox(Client& client);

// Forwards bytes and remembers whether the stream ended with the dump trailer.
class TrailerWatchSink final : public stream::ByteSink {
 public:
  explicit TrailerWatchSink(stream::ByteSink& next) : next_(next) {}
  Status Write(std::span<const std::byte> data) override;
  Status Finish() override { return next_.Finish(); }
  bool completed() const;

 private:
  stream::ByteSink& next_;
  std::string tail_;  // the last bytes written, enough to hold the trailer line
};

// Drops a first line that is MariaDB's sandbox-mode marker; forwards the rest.
class SandboxStripSink final : public stream::ByteSink {
 public:
  explicit SandboxStripSink(stream::ByteSink& next) : next_(next) {}
  Status Write(std::span<const std::byte> data) override;
  Status Finish() override;

 private:
  Status Flush();
  stream::ByteSink& next_;
  std::string head_;  // bytes held until the first line is complete
  bool decided_ = false;
};

}  // namespace ferry::components::mysql
