// A private MariaDB server for tests: mariadb-install-db into a temp
// datadir, mariadbd on a free loopback port and a socket in that folder,
// root with a password (grants on, not --skip-grant-tables). Started and
// stopped by the test; nothing is assumed running, the system service is
// never touched. Needs scripts/deps.d/30-mariadb.sh.
#pragma once

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "platform/platform.h"

namespace ferry::components::mysql::testing {

class MariadbServer {
 public:
  // X001 when the MariaDB server programs are not installed.
  static Result<std::unique_ptr<MariadbServer>> Start(platform::Platform& os,
                                                      const std::filesystem::path& dir,
                                                      const std::string& root_password);
  ~MariadbServer();  // shuts the server down and waits for it

  int port() const { return port_; }
  const std::filesystem::path& socket() const { return socket_; }
  // [[component]] options connecting as root over TCP, the password read
  // from the environment variable password_env.
  nlohmann::json Options(const std::string& password_env) const;
  // Runs SQL as root over the socket (password on an inherited pipe);
  // returns the client's stdout (-N -B).
  Result<std::string> Sql(const std::string& sql);

 private:
  MariadbServer(platform::Platform& os, std::filesystem::path dir)
      : os_(os), dir_(std::move(dir)) {}
  Status WaitReady();

  platform::Platform& os_;
  std::filesystem::path dir_;
  std::filesystem::path socket_;
  int port_ = 0;
  std::string password_;  // empty until set
  std::unique_ptr<platform::Process> server_;
};

}  // namespace ferry::components::mysql::testing
