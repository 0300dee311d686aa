#include "components/mysql/storage.h"

#include <sstream>
#include <vector>

#include "components/mysql/client.h"

namespace ferry::components::mysql {
namespace {

std::string HostOf(const nlohmann::json& options) {
  return options.is_object() && options.contains("host") && options["host"].is_string()
             ? options["host"].get<std::string>()
             : "";
}

ServerStorage Unknown(std::string where, std::string why) {
  return ServerStorage{std::move(where), std::nullopt, std::move(why)};
}

// In the component's container: its own df, since the datadir is a path
// in the container's mount namespace (a volume the host may not even see).
Result<ServerStorage> InContainer(ComponentContext& ctx, const std::string& datadir) {
  const std::string where =
      "the datadir " + datadir + " of the server (" + ctx.executor.Describe() + ")";
  if (!ctx.executor.HasProgram("df")) {
    return Unknown(where,
                   "there is no df in " + ctx.executor.Describe() + " to ask for its free space");
  }
  exec::Command df;
  df.argv = {"df", "-P", "-k", datadir};
  FERRY_ASSIGN_OR_RETURN(exec::CommandOutput out, exec::Run(ctx.executor, df, 64 << 10));
  std::optional<uint64_t> available = out.exit_code == 0 ? ParseDfAvailable(out.out) : std::nullopt;
  if (!available) {
    return Unknown(where, "df -P -k " + datadir + " in " + ctx.executor.Describe() +
                              " gave no answer ferry can read" +
                              (out.err.empty() ? "" : " (" + out.err + ")"));
  }
  return ServerStorage{where, available, ""};
}

// On the host: only a server that is this machine's own. Its host name
// must be ours too, because a local port can lead into a container or VM
// (a published port), whose datadir path means nothing here.
Result<ServerStorage> OnThisMachine(ComponentContext& ctx, const std::string& datadir,
                                    const std::string& hostname) {
  const std::string where = "the datadir " + datadir + " of the server";
  if (!ConnectsLocally(ctx.spec.options)) {
    return Unknown(where, "the server at " + HostOf(ctx.spec.options) +
                              " is on another machine, whose disk ferry cannot see from here");
  }
  const std::string here = ctx.os.HostName();
  if (hostname != here) {
    return Unknown(where, "the server answers on this machine's address but calls itself '" +
                              hostname + "', not '" + here +
                              "': it runs in a container or VM whose disk ferry cannot see "
                              "(name it with container = \"NAME\" to have it checked there)");
  }
  auto space = ctx.os.DiskSpace(datadir);
  if (!space.ok()) {
    return Unknown(where, "its file system cannot be asked for free space here (" +
                              space.status().message() + ")");
  }
  return ServerStorage{where + " (on this machine)", space->available, ""};
}

}  // namespace

bool ConnectsLocally(const nlohmann::json& options) {
  const std::string host = HostOf(options);
  return host.empty() || host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1" ||
         host == "[::1]";
}

std::optional<uint64_t> ParseDfAvailable(const std::string& out) {
  std::istringstream lines(out);
  std::string header, line;
  if (!std::getline(lines, header) || header.find("Available") == std::string::npos)
    return std::nullopt;
  if (!std::getline(lines, line)) return std::nullopt;
  std::istringstream fields(line);
  std::vector<std::string> f;
  for (std::string field; fields >> field;) f.push_back(field);
  // "<device> <blocks> <used> <available> <use%> <mount>": the device name
  // may hold spaces, so the capacity column (the first "N%") anchors it.
  for (size_t i = 3; i < f.size(); ++i) {
    if (f[i].size() < 2 || f[i].back() != '%') continue;
    const std::string& avail = f[i - 1];
    if (avail.empty() || avail.find_first_not_of("0123456789") != std::string::npos ||
        avail.size() > 15) {
      return std::nullopt;
    }
    return std::stoull(avail) * 1024;
  }
  return std::nullopt;
}

Result<ServerStorage> DatadirStorage(ComponentContext& ctx) {
  FERRY_ASSIGN_OR_RETURN(auto client, Client::Open(ctx));
  FERRY_ASSIGN_OR_RETURN(std::vector<Row> rows, client->Query("SELECT @@datadir, @@hostname;\n"));
  if (rows.empty() || rows[0].size() < 2 || rows[0][0].empty()) {
    return Status::Error("X002", "the server did not name its datadir (SELECT @@datadir)");
  }
  const std::string& datadir = rows[0][0];
  if (!ctx.spec.container.empty()) return InContainer(ctx, datadir);
  return OnThisMachine(ctx, datadir, rows[0][1]);
}

}  // namespace ferry::components::mysql
