// A minimal cypher-shell for bench/neo4j_bench.sh (not part of ferry): runs
// the statements on stdin, one per line, each in its own auto-commit
// transaction, as `cypher-shell < file.cypher` would, so the bench needs no
// Neo4j client install. Records' columns are printed tab-separated on stdout;
// the statement count and elapsed seconds go to stderr.
//
//   NEO4J_PASSWORD=... neo4j_cypher bolt://127.0.0.1:7687 [user] < statements
//
// The password comes from the environment only, so it never shows in ps.
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

#include "bolt/client.h"

namespace {

std::string Text(const ferry::bolt::Value& v) {
  if (v.is<int64_t>()) return std::to_string(v.as<int64_t>());
  if (v.is<std::string>()) return v.as<std::string>();
  if (v.is<double>()) return std::to_string(v.as<double>());
  return "?";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: NEO4J_PASSWORD=... neo4j_cypher URI [USER] < statements\n";
    return 2;
  }
  const char* password = std::getenv("NEO4J_PASSWORD");
  if (password == nullptr) {
    std::cerr << "neo4j_cypher: NEO4J_PASSWORD is not set\n";
    return 2;
  }
  ferry::bolt::ClientOptions options;
  // Generation statements of a million-node bench can run for minutes.
  options.query_timeout = std::chrono::milliseconds(0);
  auto client =
      ferry::bolt::Client::Connect(argv[1], argc > 2 ? argv[2] : "neo4j", password, options);
  if (!client.ok()) {
    std::cerr << "neo4j_cypher: " << client.status().ToString() << "\n";
    return 1;
  }
  auto start = std::chrono::steady_clock::now();
  int64_t statements = 0;
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.empty() || line.starts_with("//")) continue;
    if (line.back() == ';') line.pop_back();  // cypher-shell's terminator
    auto ran = (*client)->Run(line, {}, [](const ferry::bolt::Record& r) {
      for (size_t i = 0; i < r.values.size(); ++i)
        std::cout << (i ? "\t" : "") << Text(r.values[i]);
      std::cout << "\n";
      return ferry::Status::Ok();
    });
    if (!ran.ok()) {
      std::cerr << "neo4j_cypher: statement " << statements + 1 << ": " << ran.status().ToString()
                << "\n";
      return 1;
    }
    ++statements;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cerr << "neo4j_cypher: " << statements << " statements in " << seconds << " s\n";
  return 0;
}
