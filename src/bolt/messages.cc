#include "bolt/messages.h"

#include "bolt/packstream.h"

namespace ferry::bolt {
namespace {

Message Struct(uint8_t tag, std::initializer_list<const Value*> fields) {
  Message out;
  PackStreamWriter w(out);
  w.WriteStructHeader(fields.size(), tag);
  for (const Value* f : fields) w.Write(*f);
  return out;
}

Message WithMap(uint8_t tag, const Map& map) {
  Message out;
  PackStreamWriter w(out);
  w.WriteStructHeader(1, tag);
  w.WriteMap(map);
  return out;
}

Message PullOrDiscard(uint8_t tag, int64_t n, int64_t qid) {
  Map extra;
  extra.Set("n", n);
  if (qid != -1) extra.Set("qid", qid);
  return WithMap(tag, extra);
}

}  // namespace

Message HelloMessage(const Map& extra) { return WithMap(msg::kHello, extra); }
Message LogonMessage(const Map& auth) { return WithMap(msg::kLogon, auth); }
Message GoodbyeMessage() { return Struct(msg::kGoodbye, {}); }
Message ResetMessage() { return Struct(msg::kReset, {}); }
Message CommitMessage() { return Struct(msg::kCommit, {}); }
Message RollbackMessage() { return Struct(msg::kRollback, {}); }
Message BeginMessage(const Map& extra) { return WithMap(msg::kBegin, extra); }
Message PullMessage(int64_t n, int64_t qid) { return PullOrDiscard(msg::kPull, n, qid); }
Message DiscardMessage(int64_t n, int64_t qid) { return PullOrDiscard(msg::kDiscard, n, qid); }

Message RunMessage(std::string_view query, const Map& parameters, const Map& extra) {
  Message out;
  PackStreamWriter w(out);
  w.WriteStructHeader(3, msg::kRun);
  w.WriteString(query);
  w.WriteMap(parameters);
  w.WriteMap(extra);
  return out;
}

Result<Response> ParseResponse(std::span<const uint8_t> message) {
  PackStreamReader reader(message);
  FERRY_ASSIGN_OR_RETURN(auto header, reader.ReadStructHeader());
  auto [fields, type] = header;
  Response r;
  r.type = type;
  switch (type) {
    case msg::kSuccess:
    case msg::kFailure: {
      if (fields != 1) return ProtocolError("SUCCESS/FAILURE without one metadata map");
      FERRY_ASSIGN_OR_RETURN(Value meta, reader.Read());
      if (!meta.is<Map>()) return ProtocolError("metadata is not a map");
      r.metadata = std::move(meta.as<Map>());
      break;
    }
    case msg::kRecord: {
      if (fields != 1) return ProtocolError("RECORD without one field list");
      FERRY_ASSIGN_OR_RETURN(Value data, reader.Read());
      if (!data.is<List>()) return ProtocolError("RECORD data is not a list");
      r.fields = std::move(data.as<List>());
      break;
    }
    case msg::kIgnored:
      break;
    default:
      return ProtocolError("unknown response message 0x" + std::to_string(type));
  }
  if (!reader.AtEnd()) return ProtocolError("bytes left after a response message");
  return r;
}

}  // namespace ferry::bolt
