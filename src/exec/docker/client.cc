// The engine and container calls of DockerClient.
#include "exec/docker/client.h"

#include <thread>

#include "exec/docker/frames.h"

namespace ferry::exec::docker {

std::string UrlEscape(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

DockerClient::DockerClient(platform::Platform& os, Endpoint endpoint)
    : os_(os), http_(std::move(endpoint)) {}

Result<std::unique_ptr<DockerClient>> DockerClient::FromEnvironment(platform::Platform& os) {
  FERRY_ASSIGN_OR_RETURN(Endpoint endpoint, EndpointFromEnvironment(os));
  return std::make_unique<DockerClient>(os, std::move(endpoint));
}

Result<HttpResponse> DockerClient::Call(Code code, const std::string& what,
                                        const std::string& method, const std::string& path,
                                        const std::string& body, long timeout_seconds) {
  FERRY_ASSIGN_OR_RETURN(HttpResponse response, http_.Request(method, path, body, timeout_seconds));
  if (response.status >= 400) {
    return Status::Error(code, "cannot " + what + ": HTTP " + std::to_string(response.status) +
                                   " from the engine at " + endpoint().Describe() + ": " +
                                   ParseErrorMessage(response.body));
  }
  return response;
}

Status DockerClient::Ping() {
  FERRY_ASSIGN_OR_RETURN(HttpResponse r, Call("D001", "reach the engine", "GET", "/_ping"));
  (void)r;
  return Status::Ok();
}

Result<EngineVersion> DockerClient::Version() {
  FERRY_ASSIGN_OR_RETURN(HttpResponse r, Call("D001", "ask the engine version", "GET", "/version"));
  return ParseVersion(r.body);
}

Result<std::vector<ContainerSummary>> DockerClient::ListContainers(bool include_stopped) {
  FERRY_ASSIGN_OR_RETURN(
      HttpResponse r, Call("D001", "list containers", "GET",
                           std::string("/containers/json?all=") + (include_stopped ? "1" : "0")));
  return ParseContainerList(r.body);
}

Result<ContainerInfo> DockerClient::Inspect(const std::string& name) {
  FERRY_ASSIGN_OR_RETURN(HttpResponse r, Call("D001", "inspect container " + name, "GET",
                                              "/containers/" + UrlEscape(name) + "/json"));
  return ParseContainerInfo(r.body);
}

Result<std::vector<LogLine>> DockerClient::Logs(const std::string& name, int tail) {
  // A container with a TTY has one raw stream; without, frames (frames.h).
  FERRY_ASSIGN_OR_RETURN(ContainerInfo info, Inspect(name));
  FERRY_ASSIGN_OR_RETURN(HttpResponse r,
                         Call("D001", "read the logs of " + name, "GET",
                              "/containers/" + UrlEscape(name) +
                                  "/logs?stdout=1&stderr=1&tail=" + std::to_string(tail)));
  std::vector<LogLine> lines;
  std::string pending[2];  // partial last line of stdout, stderr
  auto add = [&](bool is_stderr, std::string_view data) {
    std::string& buf = pending[is_stderr ? 1 : 0];
    buf.append(data);
    size_t start = 0;
    for (size_t nl; (nl = buf.find('\n', start)) != std::string::npos; start = nl + 1) {
      std::string line = buf.substr(start, nl - start);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines.push_back({is_stderr, std::move(line)});
    }
    buf.erase(0, start);
  };
  if (info.tty) {
    add(false, r.body);
  } else {
    FrameDemuxer demux([&](StreamId id, std::string_view data) {
      add(id == StreamId::kStderr || id == StreamId::kSystemError, data);
      return Status::Ok();
    });
    FERRY_RETURN_IF_ERROR(demux.Feed(r.body).WithContext("logs of " + name));
  }
  for (int i = 0; i < 2; ++i) {
    if (!pending[i].empty()) lines.push_back({i == 1, std::move(pending[i])});
  }
  return lines;
}

// POST /containers/{name}/{action}. 304 Not Modified means "already
// started/stopped": the wanted state holds, so it is not an error.
Status DockerClient::Act(const std::string& name, const std::string& action, int grace_seconds) {
  std::string path = "/containers/" + UrlEscape(name) + "/" + action;
  if (grace_seconds >= 0) path += "?t=" + std::to_string(grace_seconds);
  FERRY_ASSIGN_OR_RETURN(HttpResponse r, Call("D001", action + " container " + name, "POST", path,
                                              "", std::max(grace_seconds, 0) + 60));
  (void)r;
  return Status::Ok();
}

Status DockerClient::Start(const std::string& name) { return Act(name, "start", -1); }

Status DockerClient::Stop(const std::string& name, int grace_seconds) {
  return Act(name, "stop", grace_seconds);
}

Status DockerClient::Restart(const std::string& name, int grace_seconds) {
  return Act(name, "restart", grace_seconds);
}

Result<ContainerInfo> DockerClient::WaitUntil(const std::string& name, WaitFor what,
                                              std::chrono::milliseconds timeout) {
  auto deadline = os_.Monotonic() + timeout;
  while (true) {
    FERRY_ASSIGN_OR_RETURN(ContainerInfo info, Inspect(name));
    bool healthy = info.health.empty() || info.health == "healthy";
    if (info.running && (what == WaitFor::kRunning || healthy)) return info;
    std::string state = info.status + (info.health.empty() ? "" : ", " + info.health);
    if (!info.running && !info.restarting && info.status == "exited") {
      return Status::Error("D001", "container " + name + " exited with code " +
                                       std::to_string(info.exit_code) + " while waiting for it");
    }
    if (os_.Monotonic() >= deadline) {
      return Status::Error("D001", "container " + name + " is not " +
                                       (what == WaitFor::kRunning ? "running" : "healthy") +
                                       " after " + std::to_string(timeout.count()) +
                                       " ms (state: " + state + ")");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

}  // namespace ferry::exec::docker
