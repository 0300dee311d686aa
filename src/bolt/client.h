// A Bolt client connection to one Neo4j server: the API the neo4j component
// uses. One Client is one connection and one session; it is not thread-safe.
//
//   FERRY_ASSIGN_OR_RETURN(auto client, Client::Connect(uri, user, password));
//   FERRY_RETURN_IF_ERROR(client->Run("MATCH (n) RETURN n", {}, [&](const Record& r) {
//     ... r.values[0] ...; return Status::Ok(); }).status());
//
// Results stream: records are pulled fetch_size at a time and handed to the
// callback one by one, so memory stays bounded by one batch whatever the
// result size. Server errors come back with Neo4j's code and message
// (errors.h); after one, the connection is RESET and usable again.
// A broken connection (server gone, timeout) fails every later call with N004.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bolt/chunking.h"
#include "bolt/handshake.h"
#include "bolt/messages.h"
#include "bolt/value.h"
#include "diag/status.h"
#include "platform/byte_stream.h"

namespace ferry::bolt {

struct ClientOptions {
  std::chrono::milliseconds connect_timeout{10'000};
  // Longest wait for the server's next answer during a query; the server is
  // also told (tx_timeout) so it stops the work itself. Exceeded: DB003.
  // Zero: no limit.
  std::chrono::milliseconds query_timeout{300'000};
  int64_t fetch_size = 1000;  // records per PULL
  std::string database;       // empty: the server's default database
  std::string user_agent = "ferry/0.1";
  std::string tls_ca_file;  // an extra CA for bolt+s:// (e.g. a private CA)
  // The newest Bolt version offered. {4, 4} makes a 5.x server speak 4.4:
  // how the tests exercise 4.4, which every server from 4.4 on accepts.
  BoltVersion max_version = kNewestBolt;
};

struct Record {
  const std::vector<std::string>& keys;
  // Not const: a callback may move values out instead of copying them
  // (the record is dropped after the callback).
  List& values;
  const Value* Get(std::string_view key) const;  // nullptr when no such column
};

// Return non-OK to stop: the rest of the result is discarded on the server
// and Run returns that Status.
using RecordCallback = std::function<Status(const Record&)>;

struct QuerySummary {
  std::vector<std::string> keys;
  int64_t records = 0;
  Map metadata;  // the final SUCCESS: counters ("stats"), "bookmark", "type"...
};

class Client {
 public:
  // Connects, negotiates the version and logs in. The password is only ever
  // placed in the LOGON/HELLO message and that buffer is wiped after sending.
  static Result<std::unique_ptr<Client>> Connect(std::string_view uri, std::string_view user,
                                                 std::string_view password,
                                                 const ClientOptions& options = {});
  // The same over a stream already open (tests, tunnels): handshake and login.
  static Result<std::unique_ptr<Client>> ConnectOver(std::unique_ptr<platform::ByteStream> stream,
                                                     std::string_view user,
                                                     std::string_view password,
                                                     const ClientOptions& options = {});
  // Sends GOODBYE when the connection is still usable.
  ~Client();

  // Runs query (in the open transaction, if any) and streams its records.
  Result<QuerySummary> Run(std::string_view query, const Map& parameters = {},
                           const RecordCallback& on_record = nullptr);

  Status Begin();
  Status Commit();
  Status Rollback();
  bool in_transaction() const { return in_transaction_; }

  // Returns the connection to a clean state (ends any transaction).
  Status Reset();
  void Close();

  BoltVersion version() const { return version_; }
  const std::string& server_agent() const { return server_agent_; }

 private:
  Client(std::unique_ptr<platform::ByteStream> stream, const ClientOptions& options);

  Status Login(std::string_view user, std::string_view password);
  Status Send(const Message& message);  // queued until Flush
  Status Flush();
  Result<Response> Receive();
  // Reads the answer to a request that expects one SUCCESS.
  Result<Map> ExpectSuccess(std::string_view what);
  // After a FAILURE: RESET so the connection is usable, return failure.
  Status RecoverFrom(Status failure);
  // A transport error leaves the protocol state unknown: stop using it.
  Status Broken(Status error);
  Map TransactionExtra() const;
  Status EndTransaction(const Message& message, std::string_view what);

  std::unique_ptr<platform::ByteStream> stream_;
  MessageReader reader_;
  ClientOptions options_;
  BoltVersion version_;
  std::string server_agent_;
  std::vector<uint8_t> outgoing_;
  std::vector<uint8_t> incoming_;
  bool broken_ = false;
  bool closed_ = false;
  bool in_transaction_ = false;
};

}  // namespace ferry::bolt
