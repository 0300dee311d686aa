// The part of a KindFixture that every kind living at a path shares (files,
// git, sqlite): the source at <scratch>/source/thing, the target at
// <scratch>/target/thing, and the user's own target content made as a
// source with a planted difference. A kind supplies how to make, describe
// and change its data, and how to break a source.
#pragma once

#include "components/testing/component_suite.h"

namespace ferry::components::testing {

class PathKindFixture : public KindFixture {
 public:
  Status Prepare(const fs::path& scratch) override {
    scratch_ = scratch;
    source_ = scratch / "source" / "thing";
    target_ = scratch / "target" / "thing";
    std::error_code ec;
    fs::create_directories(target_.parent_path(), ec);
    if (ec)
      return Status::Error("X004", "cannot create " + target_.parent_path().string(), ec.value());
    return Make(source_);
  }
  stack::ComponentSpec Spec(Side side) override {
    stack::ComponentSpec spec;
    spec.name = "thing";
    spec.kind = kind();
    spec.path = Path(side).string();
    return spec;
  }
  fs::path Path(Side side) override { return side == Side::kSource ? source_ : target_; }
  Result<std::string> Content(Side side) override {
    if (!fs::exists(fs::symlink_status(Path(side)))) return std::string("(nothing at the path)");
    return Describe(Path(side));
  }
  Status FillTarget() override {
    FERRY_RETURN_IF_ERROR(Make(target_));
    return Change(target_);
  }
  Status PlantDifference() override { return Change(target_); }

 protected:
  // Creates the kind's data at path (a folder or a file, as the kind expects).
  virtual Status Make(const fs::path& path) = 0;
  // A text equal for equal content (a listing with hashes, rows, refs).
  virtual Result<std::string> Describe(const fs::path& path) = 0;
  // Changes content at path in a way Validate must notice.
  virtual Status Change(const fs::path& path) = 0;

  fs::path scratch_, source_, target_;
};

}  // namespace ferry::components::testing
