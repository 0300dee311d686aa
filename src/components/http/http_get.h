// One bounded HTTP GET over TCP with libcurl: what the seed does with
// `curl http://localhost:8000/health`. Failures are N003 (API not
// accessible) quoting curl's reason (connection refused, timeout, ...).
#pragma once

#include <chrono>
#include <string>

#include "diag/status.h"

namespace ferry::components::http {

struct HttpAnswer {
  long status = 0;
  std::string body;  // at most the first 64 KiB
};

Result<HttpAnswer> HttpGet(const std::string& url, std::chrono::milliseconds timeout);

}  // namespace ferry::components::http
