// Starts a real Neo4j Community (tests/neo4j-server, built by
// scripts/deps.d/50-neo4j.sh) on a free loopback port for integration tests,
// and stops it at the end. Startup takes ~15 s, so a test binary shares one
// server through SharedNeo4j (a gtest Environment) and starts more only when
// a test has to kill one.
//
// The server runs with auth on (user neo4j, password kPassword) and Bolt TLS
// optional with a fresh self-signed certificate for 127.0.0.1, so the same
// port serves bolt:// and bolt+s:// (with ca_file()) / bolt+ssc://.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "diag/status.h"
#include "platform/platform.h"

namespace ferry::bolt::testing {

class Neo4jTestServer {
 public:
  static constexpr const char* kUser = "neo4j";
  static constexpr const char* kPassword = "ferry-test-secret";

  // Which Neo4j: 5.26 (target/), or 4.4 (target-44/, built with -Pneo4j44,
  // run on Java 17 with the flags in jvm-4.4.args).
  enum class Line { k5, k44 };

  // Fails (X001) when the Java project was not built, N004 when the server
  // does not print READY within the timeout.
  static Result<std::unique_ptr<Neo4jTestServer>> Start(Line line = Line::k5);
  ~Neo4jTestServer();  // Stop()

  int port() const { return port_; }
  std::string uri(std::string_view scheme = "bolt") const;
  std::filesystem::path ca_file() const { return home_ / "certs" / "public.crt"; }

  // Ends the server at once (SIGKILL), as a crash would.
  void Kill();
  // Closes its stdin (clean shutdown), SIGKILL after 30 s; removes its files.
  void Stop();

 private:
  Neo4jTestServer() = default;
  Status Launch(const std::filesystem::path& project, Line line);

  platform::Platform& platform_ = platform::DefaultPlatform();
  std::unique_ptr<platform::Process> process_;
  std::thread stdout_reader_;
  std::filesystem::path home_;
  int port_ = 0;
};

// The server shared by all tests of one binary; started on first use.
// Returns nullptr (and the reason in *error) when it cannot start.
Neo4jTestServer* SharedNeo4j(std::string* error = nullptr);
// Stops it; call from a gtest Environment's TearDown.
void StopSharedNeo4j();

}  // namespace ferry::bolt::testing
