// neo4j-admin for the physical mode: the command lines of dump and load in
// the syntax of the server's version, and the known failures recognised as
// D002 with the fix that applies. Pure functions (no process is started
// here) so the syntax and the recognition are unit-tested without a server.
//
//   4.4:          neo4j-admin dump --database=DB --to=DIR/DB.dump
//                 neo4j-admin load --from=DIR/DB.dump --database=DB [--force]
//   5.x, 2025.x:  neo4j-admin database dump DB --to-path=DIR
//                 neo4j-admin database load DB --from-path=DIR [--overwrite-destination=true]
// Both write / read DIR/DB.dump, so a medium's file name is the same for all.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "diag/status.h"
#include "exec/executor.h"

namespace ferry::components::neo4j {

enum class AdminSyntax { kV44, kV5 };

// From the server's agent ("Neo4j/5.26.0", "Neo4j/2025.10.1") or a bare
// version ("4.4.30"). Versions before 4.4 are refused (X003): their dump
// syntax differs again and the Bolt client does not speak to them.
Result<AdminSyntax> AdminSyntaxFor(std::string_view agent_or_version);

std::string DumpFileName(const std::string& database);  // "DB.dump"

std::vector<std::string> DumpArgv(AdminSyntax syntax, const std::string& database,
                                  const std::string& dir);
// overwrite adds 4.4's --force / 5.x's --overwrite-destination=true;
// without it neo4j-admin refuses to replace an existing database.
std::vector<std::string> LoadArgv(AdminSyntax syntax, const std::string& database,
                                  const std::string& dir, bool overwrite);

// A failed neo4j-admin run (non-zero exit) as D002: the known causes get a
// message that names them and the fix; anything else quotes the exit code
// and the cause. operation is "dump" or "load". neo4j-admin 5.x logs the
// cause on stdout ("ERROR [o.n.c.d.DumpCommand] Failed to dump database
// 'neo4j': The database is in use...") and only a summary on stderr, so
// both are searched; the quoted cause is stdout's last ERROR line, else
// stderr's last line.
Status AdminFailure(std::string_view operation, int exit_code, std::string_view stderr_text,
                    std::string_view stdout_text = {});

// The syntax of the neo4j-admin the executor runs, from `neo4j-admin
// --version` ("5.26.0", "neo4j-admin 4.4.30"); X001 when it is not installed
// there.
Result<AdminSyntax> DetectAdminSyntax(exec::Executor& executor);

// Runs one neo4j-admin command line to completion; a non-zero exit becomes
// AdminFailure(operation, ...).
Status RunAdmin(exec::Executor& executor, std::string_view operation,
                const std::vector<std::string>& argv);

}  // namespace ferry::components::neo4j
