// The http kind against a tiny HTTP server on a loopback port.
#include <gtest/gtest.h>

#include "components/component.h"
#include "components/http/testing/tiny_server.h"
#include "components/kinds.h"
#include "platform/testing/loopback_listener.h"

namespace ferry::components {
namespace {

using testing::Response;
using testing::TinyServer;

class CapturingWriter final : public PayloadWriter {
 public:
  class Sink final : public stream::ByteSink {
   public:
    Status Write(std::span<const std::byte> data) override {
      text.append(reinterpret_cast<const char*>(data.data()), data.size());
      return Status::Ok();
    }
    Status Finish() override { return Status::Ok(); }
    std::string text;
  };
  Result<stream::ByteSink*> Open(const std::string& name) override {
    names.push_back(name);
    return &sink;
  }
  bool AlreadyVerified(const std::string&) override { return false; }
  Sink sink;
  std::vector<std::string> names;
};

class HttpComponentTest : public ::testing::Test {
 protected:
  std::vector<Finding> Run(const nlohmann::json& options, bool validate = false) {
    spec_.name = "api";
    spec_.kind = "http";
    spec_.options = options;
    auto ctx = Context();
    return validate ? component_->Validate(ctx, nlohmann::json::object()) : component_->Check(ctx);
  }
  ComponentContext Context() { return ComponentContext{os_, host_, stack_, spec_, {}, {}}; }

  platform::Platform& os_ = platform::DefaultPlatform();
  exec::HostExecutor host_{os_};
  stack::StackFile stack_;
  stack::ComponentSpec spec_;
  std::unique_ptr<Component> component_ = NewHttpComponent();
};

TEST_F(HttpComponentTest, AHealthyEndpointPasses) {
  TinyServer server(Response(200, "{\"status\": \"healthy\"}"));
  auto found = Run({{"url", server.url()}, {"expect_body_contains", "healthy"}});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].passed()) << found[0].what;
}

TEST_F(HttpComponentTest, AWrongStatusOrBodyIsN003) {
  TinyServer server(Response(503, "starting"));
  auto found = Run({{"url", server.url()}});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "N003");
  EXPECT_NE(found[0].what.find("HTTP 503"), std::string::npos) << found[0].what;

  TinyServer other(Response(200, "{\"status\": \"degraded\"}"));
  found = Run({{"url", other.url()}, {"expect_body_contains", "healthy"}});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "N003");
}

TEST_F(HttpComponentTest, NobodyListeningIsN003WithTheReason) {
  uint16_t port;
  {
    platform::testing::LoopbackListener gone;
    port = gone.port();
  }
  auto found =
      Run({{"url", "http://127.0.0.1:" + std::to_string(port) + "/health"}, {"timeout", 2}});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "N003");
  EXPECT_NE(found[0].what.find("does not answer"), std::string::npos) << found[0].what;
}

TEST_F(HttpComponentTest, AMissingUrlIsAStackFileError) {
  auto found = Run(nlohmann::json::object());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "S001");
}

TEST_F(HttpComponentTest, ExportWritesOnlyFacts) {
  TinyServer server(Response(200, "{\"status\": \"healthy\", \"token\": \"s3cret\"}"));
  spec_.name = "api";
  spec_.kind = "http";
  spec_.options = {{"url", server.url()}};
  auto ctx = Context();
  CapturingWriter out;
  auto facts = component_->Export(ctx, out);
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  EXPECT_EQ((*facts)["status"], 200);
  ASSERT_EQ(out.names, std::vector<std::string>{"health.json"});
  EXPECT_EQ(nlohmann::json::parse(out.sink.text), *facts);
  EXPECT_EQ(out.sink.text.find("s3cret"), std::string::npos);
}

TEST_F(HttpComponentTest, ValidateWaitsForAServerThatIsStillStarting) {
  TinyServer server(Response(200, "ok"), std::chrono::milliseconds(1500));
  auto found = Run({{"url", server.url()}, {"timeout", 1}, {"validate_timeout", 20}}, true);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].passed()) << found[0].what;
}

TEST_F(HttpComponentTest, ValidateGivesUpWithN003) {
  TinyServer server(Response(500, "boom"));
  auto found = Run({{"url", server.url()}, {"timeout", 1}, {"validate_timeout", 1}}, true);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "N003");
}

}  // namespace
}  // namespace ferry::components
