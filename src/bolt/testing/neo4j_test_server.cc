#include "bolt/testing/neo4j_test_server.h"

#include <csignal>
#include <future>
#include <mutex>

#include "platform/tcp_socket.h"

namespace ferry::bolt::testing {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

constexpr auto kStartTimeout = 180s;

fs::path ProjectDir(platform::Platform& p) {
  std::string src = p.GetEnv("FERRY_SOURCE_DIR");
  if (src.empty()) src = FERRY_SOURCE_DIR_FALLBACK;
  return fs::path(src) / "tests" / "neo4j-server";
}

// A self-signed certificate naming 127.0.0.1, in the layout Neo4j's SSL
// policy expects (private.key in PKCS#8, public.crt).
Status MakeCertificate(platform::Platform& p, const fs::path& dir) {
  FERRY_RETURN_IF_ERROR(p.CreateDirs(dir));
  platform::SpawnOptions o;
  o.argv = {"openssl",  "req",
            "-x509",    "-newkey",
            "rsa:2048", "-nodes",
            "-days",    "2",
            "-subj",    "/CN=127.0.0.1",
            "-addext",  "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout",  (dir / "private.key").string(),
            "-out",     (dir / "public.crt").string()};
  o.pipe_stdout = false;
  FERRY_ASSIGN_OR_RETURN(auto proc, p.Spawn(o));
  FERRY_ASSIGN_OR_RETURN(int rc, proc->Wait());
  if (rc != 0) return Status::Error("X002", "openssl req failed: " + proc->Stderr());
  return Status::Ok();
}

const char* TargetDir(Neo4jTestServer::Line line) {
  return line == Neo4jTestServer::Line::k44 ? "target-44" : "target";
}

}  // namespace

std::string Neo4jTestServer::uri(std::string_view scheme) const {
  return std::string(scheme) + "://127.0.0.1:" + std::to_string(port_);
}

Result<std::unique_ptr<Neo4jTestServer>> Neo4jTestServer::Start(Line line) {
  return StartWith(std::unique_ptr<Neo4jTestServer>(new Neo4jTestServer()), line);
}

Result<std::unique_ptr<Neo4jTestServer>> Neo4jTestServer::StartIn(const fs::path& home) {
  std::unique_ptr<Neo4jTestServer> server(new Neo4jTestServer());
  server->home_ = home;
  server->keep_store_ = true;
  return StartWith(std::move(server), Line::k5);
}

std::vector<std::string> Neo4jTestServer::AdminArgv() {
  fs::path project = ProjectDir(platform::DefaultPlatform());
  return {"java",
          "-Xmx512m",
          "-XX:+UseSerialGC",
          "-cp",
          (project / "target" / "lib").string() + "/*",
          "org.neo4j.cli.AdminTool"};
}

Result<std::unique_ptr<Neo4jTestServer>> Neo4jTestServer::StartWith(
    std::unique_ptr<Neo4jTestServer> server, Line line) {
  fs::path project = ProjectDir(server->platform_);
  if (!server->platform_.Exists(project / TargetDir(line) / "lib")) {
    return Status::Error("X001",
                         "the Neo4j test server is not built: run scripts/deps.d/50-neo4j.sh");
  }
  // A port taken between picking and binding makes the start fail: retry.
  Status last;
  for (int attempt = 0; attempt < 3; ++attempt) {
    last = server->Launch(project, line);
    if (last.ok()) return server;
    server->Stop();
  }
  return last;
}

Status Neo4jTestServer::Launch(const fs::path& project, Line line) {
  FERRY_ASSIGN_OR_RETURN(port_, platform::FreeLoopbackPort());
  if (!keep_store_)
    home_ = platform_.TempDir() /
            ("ferry-neo4j-" + std::to_string(platform_.ProcessId()) + "-" + std::to_string(port_));
  FERRY_RETURN_IF_ERROR(platform_.CreateDirs(home_));
  FERRY_RETURN_IF_ERROR(MakeCertificate(platform_, home_ / "certs"));

  platform::SpawnOptions o;
  const fs::path target = project / TargetDir(line);
  o.argv = {"java", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"};
  if (line == Line::k44) o.argv.push_back("@" + (project / "jvm-4.4.args").string());
  for (std::string arg :
       {std::string("-cp"), (target / "lib").string() + "/*:" + (target / "classes").string(),
        std::string("ferry.testing.Neo4jTestServer"), std::to_string(port_),
        (home_ / "db").string(), (home_ / "certs").string()})
    o.argv.push_back(std::move(arg));
  o.env = {{"NEO4J_TEST_PASSWORD", kPassword}};
  o.pipe_stdin = true;  // closing it stops the server, even if this process dies
  FERRY_ASSIGN_OR_RETURN(process_, platform_.Spawn(o));

  // Read stdout on a thread for the whole life of the server, so it never
  // blocks on a full pipe; the first READY line fulfils the promise.
  auto ready = std::make_shared<std::promise<bool>>();
  auto future = ready->get_future();
  stdout_reader_ = std::thread([proc = process_.get(), ready] {
    std::string text;
    bool told = false;
    std::byte buf[4096];
    while (true) {
      auto n = proc->ReadStdout(buf);
      if (!n.ok() || *n == 0) break;
      text.append(reinterpret_cast<const char*>(buf), *n);
      if (!told && text.find("READY bolt://") != std::string::npos) {
        ready->set_value(true);
        told = true;
        text.clear();
      }
      if (text.size() > 65536) text.erase(0, text.size() - 1024);
    }
    if (!told) ready->set_value(false);
  });
  if (future.wait_for(kStartTimeout) != std::future_status::ready || !future.get()) {
    process_->Kill(SIGKILL);
    auto rc = process_->Wait();
    (void)rc;
    std::string err = process_->Stderr();
    if (err.size() > 2000) err = err.substr(err.size() - 2000);
    return Status::Error("N004", "the Neo4j test server did not start: " + err);
  }
  return Status::Ok();
}

void Neo4jTestServer::Kill() {
  if (process_) process_->Kill(SIGKILL);
}

void Neo4jTestServer::Stop() {
  if (process_) {
    process_->CloseStdin();
    auto done = std::async(std::launch::async, [p = process_.get()] { return p->Wait(); });
    if (done.wait_for(30s) != std::future_status::ready) process_->Kill(SIGKILL);
    (void)done.get();
  }
  if (stdout_reader_.joinable()) stdout_reader_.join();
  process_.reset();
  if (!home_.empty() && !keep_store_) {
    (void)platform_.RemoveTree(home_);
    home_.clear();
  }
}

Neo4jTestServer::~Neo4jTestServer() { Stop(); }

namespace {

std::once_flag shared_once;
std::unique_ptr<Neo4jTestServer> shared_server;
std::string shared_error;

}  // namespace

Neo4jTestServer* SharedNeo4j(std::string* error) {
  std::call_once(shared_once, [] {
    auto started = Neo4jTestServer::Start();
    if (started.ok()) {
      shared_server = std::move(started).value();
    } else {
      shared_error = started.status().ToString();
    }
  });
  if (error != nullptr) *error = shared_error;
  return shared_server.get();
}

void StopSharedNeo4j() { shared_server.reset(); }

}  // namespace ferry::bolt::testing
