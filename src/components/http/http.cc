// The `http` kind: an API server (the seed's openspg-server on port 8000)
// that holds no data of its own but must answer after the move (seed Phase 6
// "API Endpoints Not Responding"). Check and Validate ask its health URL;
// Export records only what the answer was (health.json), so the medium says
// which endpoint the source served and how.
//
// Options: url (required), expect_status (200), expect_body_contains (""),
// timeout (seconds per request, 10), validate_timeout (seconds Validate keeps
// polling a server that is still starting, 60).
#include <chrono>
#include <thread>

#include "components/component.h"
#include "components/http/http_get.h"
#include "components/kinds.h"

namespace ferry::components {
namespace {

using std::chrono::seconds;

constexpr const char* kPayload = "health.json";

struct Expectation {
  std::string url;
  long status = 200;
  std::string body_contains;
  seconds timeout{10};
  seconds validate_timeout{60};
};

Result<Expectation> ReadOptions(const stack::ComponentSpec& spec) {
  Expectation e;
  const nlohmann::json& o = spec.options;
  if (!o.contains("url") || !o["url"].is_string() || o["url"].get<std::string>().empty()) {
    return Status::Error(
        "S001", "component '" + spec.name + "' (http) needs url = \"http://host:port/health\"");
  }
  e.url = o["url"].get<std::string>();
  e.status = o.value("expect_status", 200L);
  e.body_contains = o.value("expect_body_contains", "");
  e.timeout = seconds(o.value("timeout", 10));
  e.validate_timeout = seconds(o.value("validate_timeout", 60));
  return e;
}

// The answer when it is what the stack file expects, else N003 saying how not.
Result<http::HttpAnswer> Ask(const Expectation& e) {
  FERRY_ASSIGN_OR_RETURN(http::HttpAnswer answer, http::HttpGet(e.url, e.timeout));
  if (answer.status != e.status) {
    return Status::Error("N003", e.url + " answered HTTP " + std::to_string(answer.status) +
                                     ", expected " + std::to_string(e.status) + ": " +
                                     answer.body.substr(0, 200));
  }
  if (!e.body_contains.empty() && answer.body.find(e.body_contains) == std::string::npos) {
    return Status::Error("N003", e.url + " answered without \"" + e.body_contains +
                                     "\": " + answer.body.substr(0, 200));
  }
  return answer;
}

using K = stack::KeyType;
using A = stack::KeyAuthority;
constexpr stack::KeySpec kKeys[] = {
    {"url", K::kString, A::kLocal, 0, 0, /*required=*/true},
    {"expect_status", K::kInteger, A::kData, 100, 599},
    {"expect_body_contains", K::kString},
    {"timeout", K::kInteger, A::kData, 1, 3600},
    {"validate_timeout", K::kInteger, A::kData, 1, 86400},
};

class HttpComponent final : public Component {
 public:
  std::span<const stack::KeySpec> Keys() const override { return kKeys; }
  std::vector<Finding> Check(ComponentContext& ctx) override {
    auto e = ReadOptions(ctx.spec);
    if (!e.ok()) return {FindingFromStatus(e.status(), ctx.spec.name)};
    auto answer = Ask(*e);
    if (!answer.ok()) return {FindingFromStatus(answer.status(), ctx.spec.name)};
    return {PassFinding(ctx.spec.name, e->url + " answers HTTP " + std::to_string(answer->status))};
  }

  Result<uint64_t> EstimateBytes(ComponentContext&) override { return 4096; }

  Result<nlohmann::json> Export(ComponentContext& ctx, PayloadWriter& out) override {
    FERRY_ASSIGN_OR_RETURN(Expectation e, ReadOptions(ctx.spec));
    FERRY_ASSIGN_OR_RETURN(http::HttpAnswer answer, Ask(e));
    // Facts only: the body may carry tokens or user data, so it is not kept.
    nlohmann::json facts = {
        {"url", e.url}, {"status", answer.status}, {"body_bytes", answer.body.size()}};
    FERRY_ASSIGN_OR_RETURN(stream::ByteSink * sink, out.Open(kPayload));
    std::string text = facts.dump(2) + "\n";
    FERRY_RETURN_IF_ERROR(sink->Write(std::as_bytes(std::span(text))));
    return facts;
  }

  // Nothing to put back: the server comes back with its containers.
  Result<nlohmann::json> Restore(ComponentContext&, PayloadReader&,
                                 const RestoreOptions& options) override {
    options.say("http: nothing to restore; validate will ask the endpoint");
    return nlohmann::json();
  }

  // Polls until the endpoint answers as expected: a server that is still
  // starting after `docker compose up` is not yet a failure.
  std::vector<Finding> Validate(ComponentContext& ctx, const nlohmann::json& facts) override {
    auto e = ReadOptions(ctx.spec);
    if (!e.ok()) return {FindingFromStatus(e.status(), ctx.spec.name)};
    auto deadline = ctx.os.Monotonic() + e->validate_timeout;
    while (true) {
      auto answer = Ask(*e);
      if (answer.ok()) {
        std::string was = facts.contains("status") ? " (as on the source)" : "";
        return {PassFinding(ctx.spec.name,
                            e->url + " answers HTTP " + std::to_string(answer->status) + was)};
      }
      if (ctx.os.Monotonic() >= deadline)
        return {FindingFromStatus(answer.status(), ctx.spec.name)};
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }

  Status Rollback(ComponentContext&, const nlohmann::json&) override { return Status::Ok(); }
};

}  // namespace

std::unique_ptr<Component> NewHttpComponent() { return std::make_unique<HttpComponent>(); }

}  // namespace ferry::components
