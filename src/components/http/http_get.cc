#include "components/http/http_get.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>

namespace ferry::components::http {
namespace {

constexpr size_t kMaxBody = 64 * 1024;

size_t KeepBody(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  size_t n = size * count;
  body->append(data, std::min(n, kMaxBody - std::min(kMaxBody, body->size())));
  return n;  // a longer body is cut, not an error: health answers are short
}

}  // namespace

Result<HttpAnswer> HttpGet(const std::string& url, std::chrono::milliseconds timeout) {
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  if (!initialised) return Status::Error("N003", "libcurl could not initialise");
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return Status::Error("N003", "libcurl could not initialise");
  HttpAnswer answer;
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, KeepBody);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &answer.body);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  CURLcode rc = curl_easy_perform(curl.get());
  if (rc != CURLE_OK) {
    return Status::Error("N003", url + " does not answer: " +
                                     (error[0] ? std::string(error) : curl_easy_strerror(rc)));
  }
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &answer.status);
  return answer;
}

}  // namespace ferry::components::http
