#include "components/mysql/client.h"

#include <thread>

#include "stack/stack_file.h"

namespace ferry::components::mysql {
namespace {

// A spec value as text: TOML may hold a port as an integer.
std::string OptionText(const nlohmann::json& options, const char* key) {
  if (!options.is_object() || !options.contains(key)) return "";
  const nlohmann::json& v = options[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  return "";
}

std::string TrimEnd(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

std::string QuoteIdent(const std::string& name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out += '`';
    out += c;
  }
  return out + "`";
}

std::string QuoteString(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out += '\\';
    if (c == '\0') {
      out += "\\0";
      continue;
    }
    out += c;
  }
  return out + "'";
}

std::string OptionFileValue(const std::string& value) {
  // The option-file parser strips one pair of surrounding quotes and
  // undoes \\ \n \t \r \s escapes; '#' inside quotes is not a comment.
  std::string out = "\"";
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
  return out + "\"";
}

std::vector<Row> ParseBatchOutput(const std::string& out) {
  std::vector<Row> rows;
  Row row;
  std::string field;
  bool any = false;
  for (size_t i = 0; i < out.size(); ++i) {
    char c = out[i];
    if (c == '\\' && i + 1 < out.size()) {
      char e = out[++i];
      field += e == 'n' ? '\n' : e == 't' ? '\t' : e == '0' ? '\0' : e == 'r' ? '\r' : e;
      any = true;
    } else if (c == '\t') {
      row.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\n') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      any = false;
    } else {
      field += c;
      any = true;
    }
  }
  if (any) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::unique_ptr<Client>> Client::Open(ComponentContext& ctx) {
  ClientPrograms programs;
  exec::Executor& ex = ctx.executor;
  const nlohmann::json& o = ctx.spec.options;
  // An explicit choice in the stack file wins; else MariaDB's names first,
  // since on MariaDB the mysql* names are deprecated symlinks.
  programs.client = OptionText(o, "client");
  if (programs.client.empty()) programs.client = ex.HasProgram("mariadb") ? "mariadb" : "mysql";
  programs.dump = OptionText(o, "dump_program");
  if (programs.dump.empty()) {
    programs.dump = ex.HasProgram("mariadb-dump") ? "mariadb-dump" : "mysqldump";
  }
  for (const std::string& p : {programs.client, programs.dump}) {
    if (!ex.HasProgram(p)) {
      return Status::Error("X001", "'" + p + "' not found on " + ex.Describe() +
                                       " (install mariadb-client or mysql-client)");
    }
  }
  FERRY_ASSIGN_OR_RETURN(std::string password, stack::ReadSecret(ctx.os, ctx.stack, ctx.spec));
  std::string file = "[client]\n";
  for (const char* key : {"host", "port", "socket", "user"}) {
    std::string value = OptionText(o, key);
    if (!value.empty()) file += std::string(key) + "=" + OptionFileValue(value) + "\n";
  }
  if (!password.empty()) file += "password=" + OptionFileValue(password) + "\n";
  return std::unique_ptr<Client>(
      new Client(ex, std::move(programs), std::move(file), OptionText(o, "password_env")));
}

exec::Command Client::MakeCommand(const std::string& program, std::vector<std::string> args) const {
  exec::Command command;
  command.argv = {program, "--defaults-extra-file=/dev/fd/3"};
  command.argv.insert(command.argv.end(), args.begin(), args.end());
  command.inherited = {{3, option_file_}};
  if (!password_env_.empty()) command.env.emplace_back(password_env_, "");
  return command;
}

exec::Command Client::MakeParallelCommand(const std::string& program, std::vector<std::string> args,
                                          const std::string& extra) const {
  exec::Command command = MakeCommand(program, std::move(args));
  command.argv[1] = "--defaults-file=/dev/fd/3";
  command.inherited = {{3, option_file_ + extra, /*rereadable=*/true}};
  return command;
}

Status Client::ClientError(const std::string& program, int exit_code, std::string err) const {
  err = TrimEnd(std::move(err));
  // ERROR 1045 = access denied, 2002/2003/2005/2013 = no server there:
  // those are the connection failures a user fixes in the stack file.
  static constexpr const char* kConnect[] = {
      "ERROR 1045",      "ERROR 2002",      "ERROR 2003",     "ERROR 2005",
      "ERROR 2013",      "ERROR 1044",      "ERROR 1698",     "Got error: 1045",
      "Got error: 2002", "Got error: 2003", "Got error: 2005"};
  for (const char* marker : kConnect) {
    if (err.find(marker) == std::string::npos) continue;
    std::string cause =
        err.find("1045") != std::string::npos || err.find("1698") != std::string::npos
            ? "the server refused the user or password"
        : err.find("1044") != std::string::npos ? "the user may not use that database"
                                                : "no MySQL/MariaDB server answers at that address";
    return Status::Error("N011", cause + " (" + executor_.Describe() + "): " + err);
  }
  return Status::Error("X002", program + " exited with " + std::to_string(exit_code) + " on " +
                                   executor_.Describe() + (err.empty() ? "" : ": " + err));
}

Result<std::vector<Row>> Client::Query(const std::string& sql) {
  exec::Command command =
      MakeCommand(programs_.client, {"-N", "-B", "--default-character-set=utf8mb4"});
  // The statements go on stdin: never on a command line.
  FERRY_ASSIGN_OR_RETURN(exec::CommandOutput output, exec::Run(executor_, command, 256 << 20, sql));
  if (output.exit_code != 0) return ClientError(programs_.client, output.exit_code, output.err);
  return ParseBatchOutput(output.out);
}

}  // namespace ferry::components::mysql
