// The http kind against the component contract (components/testing/component_suite.h):
// two tiny servers on loopback ports, the source's endpoint and the
// target's. The kind moves no data, so its content is what could change an
// endpoint: any request other than GET.
#include "components/http/testing/tiny_server.h"
#include "components/testing/component_suite.h"

namespace ferry::components::testing {
namespace {

class HttpFixture final : public KindFixture {
 public:
  std::string kind() const override { return "http"; }
  Capabilities capabilities() const override {
    return {.moves_data = false, .keeps_rollback = false, .skips_verified_payloads = false};
  }

  Status Prepare(const fs::path&) override {
    source_ = std::make_unique<TinyServer>(Response(200, "{\"status\": \"healthy\"}"));
    target_ = std::make_unique<TinyServer>(Response(200, "{\"status\": \"healthy\"}"));
    return Status::Ok();
  }
  stack::ComponentSpec Spec(Side side) override {
    stack::ComponentSpec spec;
    spec.name = "api";
    spec.kind = "http";
    // validate_timeout: a failing endpoint is reported after a second of
    // asking, not the default minute.
    spec.options = {{"url", (side == Side::kSource ? source_ : target_)->url()},
                    {"expect_body_contains", "healthy"},
                    {"timeout", 5},
                    {"validate_timeout", 1}};
    return spec;
  }
  fs::path Path(Side) override { return {}; }
  Result<std::string> Content(Side side) override {
    std::string changing;
    for (const std::string& method : (side == Side::kSource ? source_ : target_)->Methods()) {
      if (method != "GET") changing += method + "\n";
    }
    return changing;
  }

  Status BreakSource() override {
    source_->Answer(Response(500, "database unreachable"));
    return Status::Ok();
  }
  ExpectedFinding BrokenSourceFinding() const override { return {"N003", "answered HTTP 500"}; }
  Status FillTarget() override { return Status::Ok(); }  // an endpoint holds nothing to replace
  Status PlantDifference() override {
    target_->Answer(Response(503, "starting"));
    return Status::Ok();
  }
  ExpectedFinding PlantedDifferenceFinding() const override {
    return {"N003", "answered HTTP 503"};
  }

 private:
  std::unique_ptr<TinyServer> source_, target_;
};

INSTANTIATE_TEST_SUITE_P(Http, ComponentSuite, ::testing::Values(&Shared<HttpFixture>));

}  // namespace
}  // namespace ferry::components::testing
