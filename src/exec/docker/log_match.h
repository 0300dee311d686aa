// The seed's diagnosis `docker logs <name> | grep -i "error\|exception"`,
// plus "out of memory" (an OOM-killed JVM or mysqld says so, not "error"):
// the lines of a container's log worth showing next to a D001.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "exec/docker/client.h"

namespace ferry::exec::docker {

// Whether a log line reports a failure (case-insensitive).
bool IsErrorLine(const std::string& text);

// The last `keep` matching lines, oldest first, each cut to `max_chars` so a
// stack trace of a single enormous line cannot flood a report.
std::vector<std::string> LastErrorLines(const std::vector<LogLine>& lines, size_t keep = 5,
                                        size_t max_chars = 240);

}  // namespace ferry::exec::docker
