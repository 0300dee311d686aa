// Client: requests, streaming results, transactions and recovery.
#include "bolt/client.h"

#include <cerrno>

#include "bolt/errors.h"

namespace ferry::bolt {

const Value* Record::Get(std::string_view key) const {
  for (size_t i = 0; i < keys.size() && i < values.size(); ++i) {
    if (keys[i] == key) return &values[i];
  }
  return nullptr;
}

Client::~Client() { Close(); }

void Client::Close() {
  if (closed_) return;
  closed_ = true;
  if (!broken_) {
    // GOODBYE has no answer; a failure to send it changes nothing.
    if (Send(GoodbyeMessage()).ok()) (void)Flush();
  }
  stream_->Close();
}

Status Client::Broken(Status error) {
  broken_ = true;
  in_transaction_ = false;
  stream_->Close();
  // The socket layer says only what the OS said; here it was Neo4j's.
  return std::move(error).Classify("N004");
}

Status Client::Send(const Message& message) {
  if (broken_ || closed_) {
    return Status::Error("N004", "the connection to Neo4j is closed after an earlier error");
  }
  AppendChunked(message, outgoing_);
  return Status::Ok();
}

Status Client::Flush() {
  Status s = stream_->Write(std::as_bytes(std::span(outgoing_)));
  // Zeroed, not just cleared: a HELLO or LOGON carried the password.
  std::fill(outgoing_.begin(), outgoing_.end(), 0);
  outgoing_.clear();
  if (!s.ok()) return Broken(std::move(s));
  return Status::Ok();
}

Result<Response> Client::Receive() {
  Status s = reader_.Next(incoming_);
  if (!s.ok()) {
    if (s.sys_errno() == ETIMEDOUT) {
      s = Status::Error(
          "DB003",
          "Neo4j did not answer within " + std::to_string(options_.query_timeout.count()) + " ms",
          ETIMEDOUT);
    }
    return Broken(std::move(s));
  }
  auto response = ParseResponse(incoming_);
  if (!response.ok()) return Broken(response.status());
  return response;
}

Result<Map> Client::ExpectSuccess(std::string_view what) {
  FERRY_ASSIGN_OR_RETURN(Response r, Receive());
  if (r.type == msg::kSuccess) return std::move(r.metadata);
  if (r.type == msg::kFailure) return FailureStatus(r.metadata);
  return Status::Error("N004",
                       "Neo4j ignored " + std::string(what) + " (connection in a failed state)");
}

Status Client::RecoverFrom(Status failure) {
  in_transaction_ = false;
  // A failed RESET marks the connection broken; the first error is still
  // the one that explains what happened.
  (void)Reset();
  return failure;
}

Status Client::Reset() {
  FERRY_RETURN_IF_ERROR(Send(ResetMessage()));
  FERRY_RETURN_IF_ERROR(Flush());
  in_transaction_ = false;
  auto r = ExpectSuccess("RESET");
  return r.ok() ? Status::Ok() : Broken(r.status());
}

Map Client::TransactionExtra() const {
  Map extra;
  if (!options_.database.empty()) extra.Set("db", options_.database);
  if (options_.query_timeout.count() > 0) {
    extra.Set("tx_timeout", static_cast<int64_t>(options_.query_timeout.count()));
  }
  return extra;
}

Result<QuerySummary> Client::Run(std::string_view query, const Map& parameters,
                                 const RecordCallback& on_record) {
  // Auto-commit queries carry the transaction settings; in an explicit
  // transaction BEGIN already did.
  Map extra = in_transaction_ ? Map{} : TransactionExtra();
  FERRY_RETURN_IF_ERROR(Send(RunMessage(query, parameters, extra)));
  // Pipelined: RUN and the first PULL go out together, one round trip.
  FERRY_RETURN_IF_ERROR(Send(PullMessage(options_.fetch_size)));
  FERRY_RETURN_IF_ERROR(Flush());

  QuerySummary summary;
  FERRY_ASSIGN_OR_RETURN(Response run, Receive());
  if (run.type != msg::kSuccess) {
    Status failure = run.type == msg::kFailure ? FailureStatus(run.metadata)
                                               : Status::Error("N004", "Neo4j ignored the query");
    FERRY_ASSIGN_OR_RETURN(Response pull, Receive());  // IGNORED
    (void)pull;
    return RecoverFrom(std::move(failure));
  }
  if (const Value* fields = run.metadata.Find("fields"); fields && fields->is<List>()) {
    for (const auto& f : fields->as<List>()) {
      if (f.is<std::string>()) summary.keys.push_back(f.as<std::string>());
    }
  }

  Status stopped;  // the callback's refusal, if any
  while (true) {
    FERRY_ASSIGN_OR_RETURN(Response r, Receive());
    if (r.type == msg::kRecord) {
      ++summary.records;
      if (on_record && stopped.ok()) stopped = on_record(Record{summary.keys, r.fields});
      continue;
    }
    if (r.type == msg::kFailure) return RecoverFrom(FailureStatus(r.metadata));
    if (r.type != msg::kSuccess) return RecoverFrom(Status::Error("N004", "Neo4j ignored PULL"));
    const Value* more = r.metadata.Find("has_more");
    if (more && more->is<bool>() && more->as<bool>()) {
      // Next batch, or drop the rest on the server when the caller stopped.
      FERRY_RETURN_IF_ERROR(
          Send(stopped.ok() ? PullMessage(options_.fetch_size) : DiscardMessage(-1)));
      FERRY_RETURN_IF_ERROR(Flush());
      continue;
    }
    summary.metadata = std::move(r.metadata);
    break;
  }
  if (!stopped.ok()) return stopped;
  return summary;
}

Status Client::Begin() {
  if (in_transaction_) return Status::Error("X004", "Begin: a transaction is already open");
  FERRY_RETURN_IF_ERROR(Send(BeginMessage(TransactionExtra())));
  FERRY_RETURN_IF_ERROR(Flush());
  auto r = ExpectSuccess("BEGIN");
  if (!r.ok()) return RecoverFrom(r.status());
  in_transaction_ = true;
  return Status::Ok();
}

Status Client::Commit() { return EndTransaction(CommitMessage(), "COMMIT"); }
Status Client::Rollback() { return EndTransaction(RollbackMessage(), "ROLLBACK"); }

Status Client::EndTransaction(const Message& message, std::string_view what) {
  if (!in_transaction_) {
    return Status::Error("X004", std::string(what) + ": no transaction is open");
  }
  in_transaction_ = false;
  FERRY_RETURN_IF_ERROR(Send(message));
  FERRY_RETURN_IF_ERROR(Flush());
  auto r = ExpectSuccess(what);
  return r.ok() ? Status::Ok() : RecoverFrom(r.status());
}

}  // namespace ferry::bolt
