// How the mysql kind talks to a server: through the server's own client
// programs (mariadb/mysql, mariadb-dump/mysqldump) started by the
// component's Executor, so "inside the container" is the same code.
//
// The password travels in an option file on an inherited pipe
// (--defaults-extra-file=/dev/fd/3, which must be the first option):
// never on argv (visible in ps) and never in MYSQL_PWD (deprecated, and
// visible in /proc/PID/environ).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "components/component.h"

namespace ferry::components::mysql {

// One row of a -N -B result, with the client's escapes (\t \n \\ \0) undone.
// NULL comes back as the string "NULL", as the client prints it.
using Row = std::vector<std::string>;

struct ClientPrograms {
  std::string client;  // mariadb or mysql
  std::string dump;    // mariadb-dump or mysqldump
};

class Client {
 public:
  // Builds the option file from the spec (host, port, socket, user) and the
  // secret from password_env/password_file. X001 when no client program
  // exists where the executor runs, S004 when the secret is unavailable.
  static Result<std::unique_ptr<Client>> Open(ComponentContext& ctx);

  const ClientPrograms& programs() const { return programs_; }
  exec::Executor& executor() { return executor_; }

  // Runs SQL (fed on stdin, so its size is not bounded by argv) and returns
  // every result row. Errors are N011 (cannot connect or log in, with the
  // server's own message) or X002 (the statement failed).
  Result<std::vector<Row>> Query(const std::string& sql);
  // Like Query, for statements whose output does not matter.
  Status Execute(const std::string& sql) { return Query(sql).status(); }

  // A Command for one of the programs with the option file as first option.
  exec::Command MakeCommand(const std::string& program, std::vector<std::string> args) const;
  // The same for mydumper/myloader: they know only --defaults-file, and
  // every worker thread opens it again, so it is handed over rereadable
  // (memfd, see platform::InheritedData), still never on disk or argv.
  // extra is appended to the file (a [mydumper] group, say).
  exec::Command MakeParallelCommand(const std::string& program, std::vector<std::string> args,
                                    const std::string& extra = "") const;

  // Maps a failed client's exit code and stderr to a catalog error.
  Status ClientError(const std::string& program, int exit_code, std::string err) const;

 private:
  Client(exec::Executor& executor, ClientPrograms programs, std::string option_file,
         std::string password_env)
      : executor_(executor),
        programs_(std::move(programs)),
        option_file_(std::move(option_file)),
        password_env_(std::move(password_env)) {}

  exec::Executor& executor_;
  ClientPrograms programs_;
  std::string option_file_;  // holds the secret: never logged
  // The variable ferry read the password from: blanked for children, which
  // would otherwise inherit it and show it in /proc/PID/environ.
  std::string password_env_;
};

// SQL literals.
std::string QuoteIdent(const std::string& name);   // `na``me`
std::string QuoteString(const std::string& text);  // 'it\'s'

// Splits the client's batch output into rows and undoes its escapes.
std::vector<Row> ParseBatchOutput(const std::string& out);

// An option-file value, quoted so any byte of a password survives.
std::string OptionFileValue(const std::string& value);

}  // namespace ferry::components::mysql
