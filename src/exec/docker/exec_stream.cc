#include "exec/docker/exec_stream.h"

#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>

#include "exec/docker/frames.h"

namespace ferry::exec::docker {
namespace {

constexpr size_t kStdoutQueueMax = 1024 * 1024;
constexpr size_t kStderrKeep = 64 * 1024;
constexpr size_t kMaxResponseHead = 64 * 1024;

std::span<const std::byte> Bytes(std::string_view s) {
  return std::as_bytes(std::span(s.data(), s.size()));
}

class ExecProcess final : public platform::Process {
 public:
  ExecProcess(DockerClient& client, std::string exec_id, std::string name,
              std::unique_ptr<platform::StreamSocket> socket, bool pipe_stdin, bool pipe_stdout)
      : client_(client),
        exec_id_(std::move(exec_id)),
        name_(std::move(name)),
        socket_(std::move(socket)),
        stdin_open_(pipe_stdin),
        discard_stdout_(!pipe_stdout) {}

  ~ExecProcess() override {
    if (!waited_) {
      socket_->Shutdown();
      Stop();
    }
  }

  // Starts the reader; `early` holds stream bytes that came with the response head.
  void Run(std::string early) {
    reader_ = std::thread([this, early = std::move(early)] { ReadLoop(early); });
  }

  int pid() const override { return pid_; }

  Result<size_t> ReadStdout(std::span<std::byte> buffer) override {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !queue_.empty() || done_; });
    if (queue_.empty()) {
      if (!read_error_.ok()) return read_error_;
      return size_t{0};
    }
    size_t n = 0;
    while (n < buffer.size() && !queue_.empty()) {
      std::string& front = queue_.front();
      size_t take = std::min(buffer.size() - n, front.size() - front_offset_);
      std::memcpy(buffer.data() + n, front.data() + front_offset_, take);
      n += take;
      front_offset_ += take;
      if (front_offset_ == front.size()) {
        queued_ -= front.size();
        queue_.pop_front();
        front_offset_ = 0;
      }
    }
    cv_.notify_all();
    return n;
  }

  Status WriteStdin(std::span<const std::byte> data) override {
    if (!stdin_open_) return Status::Error("X002", "stdin of " + name_ + " is closed");
    return socket_->Write(data);
  }

  void CloseStdin() override {
    if (stdin_open_.exchange(false)) {
      (void)socket_->ShutdownWrite();
    }
  }

  Result<int> Wait() override {
    if (waited_) return exit_code_;
    CloseStdin();
    Stop();
    waited_ = true;
    // The engine may flag the exec as finished a moment after the stream ends.
    auto deadline = client_.os().Monotonic() + std::chrono::seconds(killed_ ? 2 : 30);
    while (true) {
      FERRY_ASSIGN_OR_RETURN(ExecStatus status, client_.InspectExec(exec_id_));
      if (!status.running) {
        // A killed child often just sees end of input and exits 0; report
        // the kill, as a host process killed by a signal would be.
        exit_code_ = killed_ ? 128 + kill_signal_ : status.exit_code;
        break;
      }
      if (client_.os().Monotonic() >= deadline) {
        if (!killed_) {
          return Status::Error("D001", name_ + " still runs after its output ended");
        }
        exit_code_ = 128 + kill_signal_;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::lock_guard lock(mu_);
    if (!read_error_.ok() && !killed_) return read_error_;
    return exit_code_;
  }

  std::string Stderr() override {
    std::lock_guard lock(mu_);
    return stderr_;
  }

  void Kill(int signal) override {
    if (waited_) return;
    // A child that already finished keeps its own exit code.
    auto status = client_.InspectExec(exec_id_);
    if (status.ok() && !status->running) return;
    killed_ = true;
    kill_signal_ = signal;
    stdin_open_ = false;
    socket_->Shutdown();
  }

 private:
  // Drops unread stdout so the reader can reach the end, then joins it.
  void Stop() {
    {
      std::lock_guard lock(mu_);
      discard_stdout_ = true;
      queue_.clear();
      queued_ = 0;
      front_offset_ = 0;
    }
    cv_.notify_all();
    if (reader_.joinable()) reader_.join();
  }

  Status Deliver(StreamId id, std::string_view data) {
    std::unique_lock lock(mu_);
    if (id == StreamId::kStdout) {
      cv_.wait(lock, [&] { return discard_stdout_ || queued_ < kStdoutQueueMax; });
      if (discard_stdout_) return Status::Ok();
      queue_.emplace_back(data);
      queued_ += data.size();
      cv_.notify_all();
      return Status::Ok();
    }
    stderr_.append(data);  // stderr and the engine's own errors (stream 3)
    if (stderr_.size() > 2 * kStderrKeep) stderr_.erase(0, stderr_.size() - kStderrKeep);
    return Status::Ok();
  }

  void ReadLoop(const std::string& early) {
    FrameDemuxer demux([this](StreamId id, std::string_view data) { return Deliver(id, data); });
    Status status = demux.Feed(early);
    std::vector<std::byte> buffer(64 * 1024);
    while (status.ok()) {
      Result<size_t> n = socket_->Read(buffer);
      if (!n.ok()) {
        status = n.status();
        break;
      }
      if (*n == 0) break;
      status = demux.Feed(std::span<const std::byte>(buffer.data(), *n));
    }
    if (status.ok() && !demux.AtBoundary()) {
      status = Status::Error("X002", "the output of " + name_ + " ended inside a frame");
    }
    std::lock_guard lock(mu_);
    read_error_ = std::move(status);
    done_ = true;
    cv_.notify_all();
  }

  DockerClient& client_;
  std::string exec_id_;
  std::string name_;
  std::unique_ptr<platform::StreamSocket> socket_;
  std::thread reader_;
  int pid_ = 0;
  std::atomic<bool> stdin_open_;
  bool waited_ = false;
  std::atomic<bool> killed_ = false;
  std::atomic<int> kill_signal_ = 9;
  int exit_code_ = -1;

  std::mutex mu_;  // guards everything below
  std::condition_variable cv_;
  bool discard_stdout_;
  std::deque<std::string> queue_;
  size_t queued_ = 0;
  size_t front_offset_ = 0;
  std::string stderr_;
  bool done_ = false;
  Status read_error_;
};

// Reads the HTTP response head; returns the status code and, in `rest`, the
// bytes after it (the start of the raw stream, or an error body).
Result<int> ReadResponseHead(platform::StreamSocket& socket, std::string& rest) {
  std::string head;
  std::byte buffer[4096];
  size_t end;
  while ((end = head.find("\r\n\r\n")) == std::string::npos) {
    if (head.size() > kMaxResponseHead) {
      return Status::Error("X002", "the engine's answer to exec start has no end of header");
    }
    FERRY_ASSIGN_OR_RETURN(size_t n, socket.Read(buffer));
    if (n == 0) return Status::Error("D001", "the engine closed the exec connection");
    head.append(reinterpret_cast<const char*>(buffer), n);
  }
  rest = head.substr(end + 4);
  // "HTTP/1.1 101 UPGRADED"
  size_t sp = head.find(' ');
  if (sp == std::string::npos || head.size() < sp + 4) {
    return Status::Error("X002", "unreadable answer to exec start: " + head.substr(0, 80));
  }
  return std::atoi(head.substr(sp + 1, 3).c_str());
}

}  // namespace

Result<std::unique_ptr<platform::Process>> StartExecStream(DockerClient& client,
                                                           const std::string& exec_id,
                                                           const std::string& description,
                                                           bool pipe_stdin, bool pipe_stdout) {
  auto connected = client.os().ConnectUnix(client.endpoint().socket);
  if (!connected.ok()) {
    return Status::Error("D001",
                         "container engine at " + client.endpoint().Describe() +
                             " is unreachable: " + connected.status().message(),
                         connected.status().sys_errno());
  }
  std::unique_ptr<platform::StreamSocket> socket = std::move(connected).value();
  const std::string body = R"({"Detach":false,"Tty":false})";
  std::string request = "POST " + std::string(kApiPrefix) + "/exec/" + UrlEscape(exec_id) +
                        "/start HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n"
                        "Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: " +
                        std::to_string(body.size()) + "\r\n\r\n" + body;
  FERRY_RETURN_IF_ERROR(socket->Write(Bytes(request)));
  std::string rest;
  FERRY_ASSIGN_OR_RETURN(int status, ReadResponseHead(*socket, rest));
  if (status != 101 && status != 200) {
    return Status::Error("D001", "cannot start " + description + ": HTTP " +
                                     std::to_string(status) + ": " + ParseErrorMessage(rest));
  }
  auto process = std::make_unique<ExecProcess>(client, exec_id, description, std::move(socket),
                                               pipe_stdin, pipe_stdout);
  process->Run(std::move(rest));
  return std::unique_ptr<platform::Process>(std::move(process));
}

}  // namespace ferry::exec::docker
