// Bolt request messages (client -> server) and response parsing.
// Each request is one PackStream structure whose tag names the message; the
// fields follow the Bolt 4.4 / 5.x message specification.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "bolt/value.h"
#include "diag/status.h"

namespace ferry::bolt {

namespace msg {
inline constexpr uint8_t kHello = 0x01, kGoodbye = 0x02, kReset = 0x0F, kRun = 0x10, kBegin = 0x11,
                         kCommit = 0x12, kRollback = 0x13, kDiscard = 0x2F, kPull = 0x3F,
                         kLogon = 0x6A, kLogoff = 0x6B;
inline constexpr uint8_t kSuccess = 0x70, kRecord = 0x71, kIgnored = 0x7E, kFailure = 0x7F;
}  // namespace msg

using Message = std::vector<uint8_t>;

Message HelloMessage(const Map& extra);
Message LogonMessage(const Map& auth);
Message GoodbyeMessage();
Message ResetMessage();
Message RunMessage(std::string_view query, const Map& parameters, const Map& extra);
Message BeginMessage(const Map& extra);
Message CommitMessage();
Message RollbackMessage();
// n = -1 means "all"; qid = -1 means the last query.
Message PullMessage(int64_t n, int64_t qid = -1);
Message DiscardMessage(int64_t n, int64_t qid = -1);

struct Response {
  uint8_t type = 0;  // msg::kSuccess, kRecord, kIgnored or kFailure
  Map metadata;      // SUCCESS and FAILURE
  List fields;       // RECORD
};

// Decodes one server message. Unknown message types are N004 errors.
Result<Response> ParseResponse(std::span<const uint8_t> message);

}  // namespace ferry::bolt
