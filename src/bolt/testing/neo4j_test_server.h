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
#include <vector>

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
  // Starts on the files of home (a Home() of an earlier server, or a fresh
  // folder a neo4j-admin load or import wrote into). Stop() keeps them.
  static Result<std::unique_ptr<Neo4jTestServer>> StartIn(const std::filesystem::path& home);
  ~Neo4jTestServer();  // Stop()

  int port() const { return port_; }
  std::string uri(std::string_view scheme = "bolt") const;
  std::filesystem::path ca_file() const { return home_ / "certs" / "public.crt"; }

  // Ends the server at once (SIGKILL), as a crash would.
  void Kill();
  // Closes its stdin (clean shutdown), SIGKILL after 30 s; removes its files
  // unless keep_store is set (or it was started with StartIn).
  void Stop();
  void set_keep_store(bool keep) { keep_store_ = keep; }

  // The server's folder; NEO4J_HOME for neo4j-admin is Home()/"db", whose
  // data/ holds the stores (data/databases/neo4j, data/transactions/neo4j).
  const std::filesystem::path& home() const { return home_; }
  static std::filesystem::path AdminHome(const std::filesystem::path& home) { return home / "db"; }
  // `neo4j-admin ARGS...` from the test project's jars (org.neo4j.cli.AdminTool):
  // the argv prefix to put before ARGS; run it with NEO4J_HOME set.
  static std::vector<std::string> AdminArgv();

 private:
  Neo4jTestServer() = default;
  Status Launch(const std::filesystem::path& project, Line line);
  static Result<std::unique_ptr<Neo4jTestServer>> StartWith(std::unique_ptr<Neo4jTestServer> server,
                                                            Line line);

  platform::Platform& platform_ = platform::DefaultPlatform();
  std::unique_ptr<platform::Process> process_;
  std::thread stdout_reader_;
  std::filesystem::path home_;
  int port_ = 0;
  bool keep_store_ = false;
};

// The server shared by all tests of one binary; started on first use.
// Returns nullptr (and the reason in *error) when it cannot start.
Neo4jTestServer* SharedNeo4j(std::string* error = nullptr);
// Stops it; call from a gtest Environment's TearDown.
void StopSharedNeo4j();

}  // namespace ferry::bolt::testing
