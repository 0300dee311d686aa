// The payload sink that PayloadWriter::Open returns belongs to the export
// phase, which syncs and commits it after Export returns, so an adapter must
// not Finish it. stream::Pump and ZstdCompressSink finish their sink at the
// end; an adapter hands them a BorrowedSink in front of the payload sink.
// (files.cc still holds its own copy of this class; it can use this one.)
#pragma once

#include "stream/stream.h"

namespace ferry::components {

class BorrowedSink final : public stream::ByteSink {
 public:
  explicit BorrowedSink(stream::ByteSink& next) : next_(next) {}
  Status Write(std::span<const std::byte> data) override { return next_.Write(data); }
  Status Finish() override { return Status::Ok(); }  // the phase finishes the payload

 private:
  stream::ByteSink& next_;
};

}  // namespace ferry::components
