// Where a mysql restore lands and how much room it has there: the server's
// datadir (SELECT @@datadir), not ctx.path. Its free space is asked of the
// machine that holds it: the file system's free space through the platform
// layer for a server on this machine, `df -Pk` through the executor for a
// server in the component's container. A server on another machine (or one
// that answers on a local port but runs elsewhere, such as a container
// reached through a published port) is reported as not checkable.
#pragma once

#include <optional>
#include <string>

#include "components/component.h"

namespace ferry::components::mysql {

Result<ServerStorage> DatadirStorage(ComponentContext& ctx);

// The available bytes in `df -P -k` output for one path, nullopt when the
// output is not that.
std::optional<uint64_t> ParseDfAvailable(const std::string& out);

// True when the stack file's connection keys reach a server on this
// machine's own addresses: no host (the default socket), localhost,
// 127.0.0.0/8 or ::1.
bool ConnectsLocally(const nlohmann::json& options);

}  // namespace ferry::components::mysql
