#include "exec/docker/http.h"

#include <curl/curl.h>

namespace ferry::exec::docker {
namespace {

struct BodySink {
  std::string* body;
  size_t max;
};

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<BodySink*>(user);
  size_t n = size * count;
  size_t room = sink->max > sink->body->size() ? sink->max - sink->body->size() : 0;
  sink->body->append(data, std::min(n, room));
  return n;  // the excess is dropped, not an error: the caller asked for a bound
}

void InitCurlOnce() {
  static const bool done = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
  (void)done;
}

}  // namespace

Result<Endpoint> EndpointFromEnvironment(platform::Platform& os) {
  std::string host = os.GetEnv("DOCKER_HOST");
  if (host.empty()) return Endpoint{"/var/run/docker.sock"};
  const std::string scheme = "unix://";
  if (host.rfind(scheme, 0) != 0 || host.size() == scheme.size()) {
    return Status::Error(
        "X003", "DOCKER_HOST=" + host + " is not supported: ferry needs a local unix:// socket");
  }
  return Endpoint{host.substr(scheme.size())};
}

EngineHttp::EngineHttp(Endpoint endpoint) : endpoint_(std::move(endpoint)) {
  InitCurlOnce();
  curl_ = curl_easy_init();
}

EngineHttp::~EngineHttp() {
  if (curl_ != nullptr) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

Result<HttpResponse> EngineHttp::Request(const std::string& method, const std::string& path,
                                         const std::string& json_body, long timeout_seconds,
                                         size_t max_body) {
  std::lock_guard lock(mu_);
  auto* curl = static_cast<CURL*>(curl_);
  if (curl == nullptr) return Status::Error("X004", "libcurl could not be initialised");
  curl_easy_reset(curl);
  HttpResponse response;
  BodySink sink{&response.body, max_body};
  // The host part is ignored on a unix socket, but HTTP/1.1 needs one.
  std::string url = "http://docker" + std::string(kApiPrefix) + path;
  curl_slist* headers = nullptr;
  if (!json_body.empty()) headers = curl_slist_append(headers, "Content-Type: application/json");
  curl_easy_setopt(curl, CURLOPT_UNIX_SOCKET_PATH, endpoint_.socket.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, json_body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(json_body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  if (rc != CURLE_OK) {
    return Status::Error("D001", "container engine at " + endpoint_.Describe() +
                                     " is unreachable (" + method + " " + path +
                                     "): " + curl_easy_strerror(rc));
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace ferry::exec::docker
