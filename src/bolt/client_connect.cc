// Client::Connect: TCP (+TLS), handshake, HELLO and LOGON.
#include <algorithm>

#include "bolt/client.h"
#include "bolt/errors.h"
#include "bolt/tls_stream.h"
#include "bolt/uri.h"
#include "platform/tcp_socket.h"

namespace ferry::bolt {

Client::Client(std::unique_ptr<platform::ByteStream> stream, const ClientOptions& options)
    : stream_(std::move(stream)), reader_(*stream_), options_(options) {}

Result<std::unique_ptr<Client>> Client::Connect(std::string_view uri, std::string_view user,
                                                std::string_view password,
                                                const ClientOptions& options) {
  FERRY_ASSIGN_OR_RETURN(BoltUri target, ParseBoltUri(uri));
  const std::string where = target.host + ":" + std::to_string(target.port);
  auto socket = platform::TcpConnect(target.host, target.port, options.connect_timeout);
  if (!socket.ok()) {
    return Status(socket.status()).Classify("N004").WithContext("Neo4j at " + where);
  }
  std::unique_ptr<platform::ByteStream> stream = std::move(socket).value();
  // The whole login is bounded by the connect timeout: a port that accepts
  // but never answers (not Neo4j, or a hung server) must not hang ferry.
  stream->SetTimeout(options.connect_timeout);
  if (target.tls != TlsMode::kOff) {
    FERRY_ASSIGN_OR_RETURN(
        stream,
        StartTls(std::move(stream), target.host, target.tls, options.tls_ca_file).Classify("N004"));
  }
  auto client = ConnectOver(std::move(stream), user, password, options);
  if (!client.ok())
    return Status(client.status()).Classify("N004").WithContext("Neo4j at " + where);
  return client;
}

Result<std::unique_ptr<Client>> Client::ConnectOver(std::unique_ptr<platform::ByteStream> stream,
                                                    std::string_view user,
                                                    std::string_view password,
                                                    const ClientOptions& options) {
  std::unique_ptr<Client> client(new Client(std::move(stream), options));
  FERRY_ASSIGN_OR_RETURN(client->version_, Handshake(*client->stream_, options.max_version));
  FERRY_RETURN_IF_ERROR(client->Login(user, password));
  client->stream_->SetTimeout(options.query_timeout);
  return client;
}

Status Client::Login(std::string_view user, std::string_view password) {
  Map auth;
  auth.Set("scheme", "basic");
  auth.Set("principal", std::string(user));
  auth.Set("credentials", std::string(password));

  Map hello;
  hello.Set("user_agent", options_.user_agent);
  if (version_.AtLeast(5, 3)) {
    Map agent;
    agent.Set("product", options_.user_agent);
    hello.Set("bolt_agent", std::move(agent));
  }
  // 4.4 sends legacy local date-times unless asked for the UTC form 5.x uses.
  if (!version_.AtLeast(5, 0)) hello.Set("patch_bolt", List{"utc"});
  bool separate_logon = version_.AtLeast(5, 1);
  if (!separate_logon) {
    for (auto& entry : auth.entries) hello.Set(entry.first, entry.second);
  }
  Message hello_message = HelloMessage(hello);
  Message logon_message = separate_logon ? LogonMessage(auth) : Message{};
  Status sent = Send(hello_message);
  if (sent.ok() && separate_logon) sent = Send(logon_message);
  if (sent.ok()) sent = Flush();
  // Best effort against the password lingering in memory this client owns.
  std::fill(hello_message.begin(), hello_message.end(), 0);
  std::fill(logon_message.begin(), logon_message.end(), 0);
  for (Map* m : {&auth, &hello}) {
    for (auto& entry : m->entries) {
      if (entry.first != "credentials") continue;
      auto& secret = entry.second.as<std::string>();
      std::fill(secret.begin(), secret.end(), '\0');
    }
  }
  if (!sent.ok()) return Broken(std::move(sent));

  // A refused login ends the connection on the server side.
  auto hello_reply = ExpectSuccess("HELLO");
  if (!hello_reply.ok()) return Broken(hello_reply.status());
  if (const Value* agent = hello_reply->Find("server"); agent && agent->is<std::string>()) {
    server_agent_ = agent->as<std::string>();
  }
  if (separate_logon) {
    auto logon_reply = ExpectSuccess("LOGON");
    if (!logon_reply.ok()) return Broken(logon_reply.status());
  }
  return Status::Ok();
}

}  // namespace ferry::bolt
