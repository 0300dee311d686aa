// A tiny HTTP server on a loopback port for the http kind's tests: it
// answers every request with one response (which a test may change) and
// remembers each request's method, so a test can tell that nothing but GET
// was sent.
#pragma once

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "platform/testing/loopback_listener.h"

namespace ferry::components::testing {

inline std::string Response(int status, const std::string& body) {
  return "HTTP/1.1 " + std::to_string(status) +
         " X\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
         body;
}

// With a delay, it accepts nothing at first, like a server that is still
// starting (the listening socket exists, so connections wait in its backlog).
class TinyServer {
 public:
  explicit TinyServer(std::string response, std::chrono::milliseconds delay = {})
      : response_(std::move(response)) {
    thread_ = std::thread([this, delay] {
      std::this_thread::sleep_for(delay);
      Serve();
    });
  }
  ~TinyServer() {
    stop_ = true;
    thread_.join();
  }
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(listener_.port()) + "/health";
  }
  // What every later request gets.
  void Answer(std::string response) {
    std::lock_guard<std::mutex> lock(mutex_);
    response_ = std::move(response);
  }
  // The method of every request so far, in order.
  std::vector<std::string> Methods() {
    std::lock_guard<std::mutex> lock(mutex_);
    return methods_;
  }

 private:
  void Serve() {
    while (!stop_) {
      pollfd p{listener_.fd(), POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int client = ::accept(listener_.fd(), nullptr, nullptr);
      if (client < 0) continue;
      std::string request;
      char buffer[1024];
      while (request.find("\r\n\r\n") == std::string::npos) {
        ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        request.append(buffer, static_cast<size_t>(n));
      }
      std::string response;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        methods_.push_back(request.substr(0, request.find(' ')));
        response = response_;
      }
      (void)::send(client, response.data(), response.size(), MSG_NOSIGNAL);
      ::close(client);
    }
  }

  platform::testing::LoopbackListener listener_;
  std::mutex mutex_;
  std::string response_;
  std::vector<std::string> methods_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace ferry::components::testing
