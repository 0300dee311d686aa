#include "components/mysql/testing/mariadb_server.h"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "components/mysql/client.h"

namespace ferry::components::mysql::testing {
namespace {

// A loopback port nobody listens on right now (the kernel's pick).
int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

Result<std::string> RunToEnd(platform::Platform& os, platform::SpawnOptions options,
                             const std::string& input) {
  options.pipe_stdin = !input.empty();
  FERRY_ASSIGN_OR_RETURN(auto process, os.Spawn(options));
  Status written;
  std::thread writer([&] {
    if (input.empty()) return;
    written = process->WriteStdin(stream::AsBytes(input));
    process->CloseStdin();
  });
  std::string out;
  std::byte buffer[65536];
  while (true) {
    auto n = process->ReadStdout(buffer);
    if (!n.ok() || *n == 0) break;
    out.append(reinterpret_cast<const char*>(buffer), *n);
  }
  writer.join();
  FERRY_ASSIGN_OR_RETURN(int code, process->Wait());
  if (code != 0) {
    return Status::Error("X002", options.argv[0] + " exited with " + std::to_string(code) + ": " +
                                     process->Stderr());
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<MariadbServer>> MariadbServer::Start(platform::Platform& os,
                                                            const std::filesystem::path& dir,
                                                            const std::string& root_password) {
  for (const char* program : {"mariadb-install-db", "mariadbd", "mariadb"}) {
    if (!os.FindProgram(program) && !std::filesystem::exists(std::string("/usr/sbin/") + program)) {
      return Status::Error(
          "X001", std::string(program) + " not installed: run scripts/deps.d/30-mariadb.sh");
    }
  }
  std::unique_ptr<MariadbServer> server(new MariadbServer(os, dir));
  const std::filesystem::path data = dir / "data";
  FERRY_RETURN_IF_ERROR(os.CreateDirs(data));
  platform::SpawnOptions install;
  install.argv = {"mariadb-install-db",
                  "--no-defaults",
                  "--datadir=" + data.string(),
                  "--user=root",
                  "--auth-root-authentication-method=normal",
                  "--skip-test-db"};
  install.pipe_stdout = true;
  // A private tmpdir: servers bootstrapping in parallel collide in /tmp.
  const std::filesystem::path tmp = dir / "tmp";
  FERRY_RETURN_IF_ERROR(os.CreateDirs(tmp));
  install.env = {{"TMPDIR", tmp.string()}};
  FERRY_RETURN_IF_ERROR(RunToEnd(os, install, "").status());

  server->socket_ = dir / "mysqld.sock";
  server->port_ = FreePort();
  platform::SpawnOptions run;
  run.argv = {"/usr/sbin/mariadbd", "--no-defaults", "--datadir=" + data.string(),
              "--socket=" + server->socket_.string(), "--port=" + std::to_string(server->port_),
              "--bind-address=127.0.0.1", "--user=root", "--tmpdir=" + tmp.string(),
              "--pid-file=" + (dir / "mysqld.pid").string(),
              "--log-error=" + (dir / "error.log").string(), "--skip-name-resolve",
              "--skip-log-bin",
              // Small and quick: a test server, not a production one.
              "--innodb-buffer-pool-size=128M", "--innodb-log-file-size=64M",
              "--innodb-flush-log-at-trx-commit=2", "--max-allowed-packet=64M"};
  run.pipe_stdout = false;
  FERRY_ASSIGN_OR_RETURN(server->server_, os.Spawn(run));
  FERRY_RETURN_IF_ERROR(server->WaitReady());
  const std::string pw = QuoteString(root_password);
  FERRY_RETURN_IF_ERROR(server
                            ->Sql("ALTER USER root@localhost IDENTIFIED BY " + pw +
                                  ";\nCREATE USER IF NOT EXISTS root@'127.0.0.1';\nALTER USER "
                                  "root@'127.0.0.1' IDENTIFIED BY " +
                                  pw +
                                  ";\nGRANT ALL ON *.* TO root@'127.0.0.1' WITH GRANT OPTION;\n")
                            .status());
  server->password_ = root_password;
  return server;
}

Status MariadbServer::WaitReady() {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    if (Sql("SELECT 1;\n").ok()) return Status::Ok();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return Status::Error("N011",
                       "test MariaDB server did not start; see " + (dir_ / "error.log").string());
}

nlohmann::json MariadbServer::Options(const std::string& password_env) const {
  return {{"host", "127.0.0.1"}, {"port", port_}, {"user", "root"}, {"password_env", password_env}};
}

Result<std::string> MariadbServer::Sql(const std::string& sql) {
  platform::SpawnOptions options;
  options.argv = {"mariadb",       "--defaults-extra-file=/dev/fd/3", "-N", "-B",
                  "--binary-mode", "--default-character-set=utf8mb4"};
  std::string file = "[client]\nuser=root\nsocket=" + socket_.string() + "\n";
  if (!password_.empty()) file += "password=" + OptionFileValue(password_) + "\n";
  options.inherited = {{3, file}};
  return RunToEnd(os_, options, sql);
}

MariadbServer::~MariadbServer() {
  if (!server_) return;
  server_->Kill(SIGTERM);  // mariadbd shuts down cleanly on TERM
  (void)server_->Wait();
  (void)os_.RemoveTree(dir_);
}

}  // namespace ferry::components::mysql::testing
