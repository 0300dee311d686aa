// HTTP/1.1 to the container engine over its unix socket, via libcurl.
// One keep-alive connection per EngineHttp, guarded by a mutex so the exec
// stream's Wait() may ask for the exit code from any thread.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "diag/status.h"
#include "platform/platform.h"

namespace ferry::exec::docker {

// Where the engine listens. Only unix sockets: ferry talks to the engine on
// the same machine (a tcp:// DOCKER_HOST would need TLS settings too).
struct Endpoint {
  std::filesystem::path socket;
  std::string Describe() const { return "unix://" + socket.string(); }
};

// $DOCKER_HOST ("unix:///path"), else /var/run/docker.sock. Any other
// scheme is an X003 error naming the variable.
Result<Endpoint> EndpointFromEnvironment(platform::Platform& os);

struct HttpResponse {
  long status = 0;
  std::string body;
};

class EngineHttp {
 public:
  explicit EngineHttp(Endpoint endpoint);
  ~EngineHttp();
  EngineHttp(const EngineHttp&) = delete;
  EngineHttp& operator=(const EngineHttp&) = delete;

  const Endpoint& endpoint() const { return endpoint_; }

  // method "GET"/"POST"/"DELETE"; path with query, e.g. "/containers/json?all=1".
  // A non-empty json_body is sent as application/json. The body kept is cut
  // at max_body bytes (the engine's answers are small; logs ask for a tail).
  // Fails with D001 only when the engine cannot be reached at all; HTTP
  // error statuses are returned for the caller to map to its own code.
  Result<HttpResponse> Request(const std::string& method, const std::string& path,
                               const std::string& json_body = "", long timeout_seconds = 120,
                               size_t max_body = 16 * 1024 * 1024);

 private:
  Endpoint endpoint_;
  std::mutex mu_;
  void* curl_ = nullptr;  // CURL*, kept opaque so curl.h stays out of headers
};

// The API version ferry speaks; podman 4 and Docker 20+ both serve it.
inline constexpr const char* kApiPrefix = "/v1.41";

}  // namespace ferry::exec::docker
