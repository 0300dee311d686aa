// Client against a scripted server (MemoryStream): the message sequences the
// real-server tests cannot force, e.g. the Bolt 4.4 login.
#include "bolt/client.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "bolt/packstream.h"
#include "bolt/testing/memory_stream.h"

namespace ferry::bolt {
namespace {

using B = std::vector<uint8_t>;

B Chunked(const B& message) {
  B out;
  AppendChunked(message, out);
  return out;
}
B Reply(uint8_t type, const Value& field) {
  B m = {0xB1, type};
  PackStreamWriter(m).Write(field);
  return Chunked(m);
}
B Success(Map meta = {}) { return Reply(msg::kSuccess, meta); }
B RecordOf(List values) { return Reply(msg::kRecord, values); }
B Failure(const std::string& code) {
  Map meta;
  meta.Set("code", code);
  meta.Set("message", "scripted");
  return Reply(msg::kFailure, meta);
}
B Ignored() { return Chunked(B{0xB0, msg::kIgnored}); }
B HasMore() {
  Map m;
  m.Set("has_more", true);
  return Success(m);
}
B Fields(List names) {
  Map m;
  m.Set("fields", std::move(names));
  return Success(m);
}

bool Contains(const B& haystack, const B& needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) !=
         haystack.end();
}
B Concat(std::initializer_list<B> parts) {
  B out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}
B Text(const std::string& s) { return B(s.begin(), s.end()); }

struct Scripted {
  testing::MemoryStream* stream = nullptr;
  std::unique_ptr<Client> client;
};

Scripted ConnectScripted(B script, ClientOptions options = {}) {
  auto stream = std::make_unique<testing::MemoryStream>(std::move(script), 7);
  Scripted s{stream.get(), nullptr};
  auto client = Client::ConnectOver(std::move(stream), "neo4j", "pw-12345", options);
  EXPECT_TRUE(client.ok()) << client.status().ToString();
  if (client.ok()) s.client = std::move(client).value();
  return s;
}

TEST(Client, Bolt44PutsCredentialsInHelloAndAsksForUtc) {
  ClientOptions options;
  options.fetch_size = 2;
  auto s = ConnectScripted(Concat({B{0, 0, 4, 4}, Success(), Fields({"x"}), RecordOf({1}),
                                   RecordOf({2}), HasMore(), RecordOf({3}), Success()}),
                           options);
  ASSERT_TRUE(s.client);
  EXPECT_EQ(s.client->version(), (BoltVersion{4, 4}));
  std::vector<int64_t> got;
  auto summary = s.client->Run("RETURN x", {}, [&](const Record& r) {
    got.push_back(r.Get("x")->as<int64_t>());
    return Status::Ok();
  });
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(got, (std::vector<int64_t>{1, 2, 3}));
  const B& out = s.stream->output();
  EXPECT_TRUE(Contains(out, Text("credentials")));
  EXPECT_TRUE(Contains(out, Text("patch_bolt")));
  EXPECT_FALSE(Contains(out, B{0xB1, msg::kLogon}));
  // Two PULLs of n=2: the first with RUN, the second after has_more.
  B pull = PullMessage(2);
  size_t pulls = 0;
  for (auto it = out.begin();
       (it = std::search(it, out.end(), pull.begin(), pull.end())) != out.end(); ++it) {
    ++pulls;
  }
  EXPECT_EQ(pulls, 2u);
}

TEST(Client, Bolt5LogsOnSeparatelyAndResetsAfterFailure) {
  auto s = ConnectScripted(
      Concat({B{0, 0, 4, 5}, Success(), Success(), Failure("Neo.ClientError.Statement.SyntaxError"),
              Ignored(), Success(), Fields({"y"}), RecordOf({"ok"}), Success()}));
  ASSERT_TRUE(s.client);
  EXPECT_TRUE(Contains(s.stream->output(), B{0xB1, msg::kLogon}));
  auto bad = s.client->Run("RETURN (");
  EXPECT_EQ(bad.status().code(), "DB006");
  EXPECT_TRUE(Contains(s.stream->output(), B{0x00, 0x02, 0xB0, msg::kReset, 0x00, 0x00}));
  auto good = s.client->Run("RETURN 'ok' AS y");
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  EXPECT_EQ(good->records, 1);
}

TEST(Client, StoppingEarlySendsDiscard) {
  auto s = ConnectScripted(Concat({B{0, 0, 4, 5}, Success(), Success(), Fields({"x"}),
                                   RecordOf({1}), RecordOf({2}), HasMore(), Success()}));
  ASSERT_TRUE(s.client);
  auto r =
      s.client->Run("RETURN x", {}, [](const Record&) { return Status::Error("X004", "stop"); });
  EXPECT_EQ(r.status().message(), "stop");
  EXPECT_TRUE(Contains(s.stream->output(), DiscardMessage(-1)));
}

TEST(Client, RefusedLoginIsN005AndBreaksTheConnection) {
  auto stream = std::make_unique<testing::MemoryStream>(
      Concat({B{0, 0, 4, 5}, Success(), Failure("Neo.ClientError.Security.Unauthorized")}));
  auto client = Client::ConnectOver(std::move(stream), "neo4j", "wrong");
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.status().code(), "N005");
}

TEST(Client, ServerClosingMidStreamIsN004) {
  auto s =
      ConnectScripted(Concat({B{0, 0, 4, 5}, Success(), Success(), Fields({"x"}), RecordOf({1})}));
  ASSERT_TRUE(s.client);
  auto r = s.client->Run("RETURN x");
  EXPECT_EQ(r.status().code(), "N004");
  EXPECT_EQ(s.client->Run("RETURN 1").status().code(), "N004");
}

}  // namespace
}  // namespace ferry::bolt
