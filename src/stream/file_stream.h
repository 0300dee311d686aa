// Streams over platform files: a sink that appends to a WritableFile and a
// source that reads a ReadableFile.
#pragma once

#include <memory>

#include "platform/platform.h"
#include "stream/stream.h"

namespace ferry::stream {

class FileSink final : public ByteSink {
 public:
  // REQUIRES: file outlives the sink. Finish() syncs but does not close.
  explicit FileSink(platform::WritableFile& file) : file_(file) {}
  Status Write(std::span<const std::byte> data) override { return file_.Append(data); }
  Status Finish() override { return file_.Sync(); }

 private:
  platform::WritableFile& file_;
};

class FileSource final : public ByteSource {
 public:
  explicit FileSource(std::unique_ptr<platform::ReadableFile> file) : file_(std::move(file)) {}
  Result<size_t> Read(std::span<std::byte> buffer) override { return file_->Read(buffer); }

 private:
  std::unique_ptr<platform::ReadableFile> file_;
};

// A process's stdout as a source.
class ProcessSource final : public ByteSource {
 public:
  explicit ProcessSource(platform::Process& process) : process_(process) {}
  Result<size_t> Read(std::span<std::byte> buffer) override { return process_.ReadStdout(buffer); }

 private:
  platform::Process& process_;
};

// A process's stdin as a sink; Finish closes it.
class ProcessSink final : public ByteSink {
 public:
  explicit ProcessSink(platform::Process& process) : process_(process) {}
  Status Write(std::span<const std::byte> data) override { return process_.WriteStdin(data); }
  Status Finish() override {
    process_.CloseStdin();
    return Status::Ok();
  }

 private:
  platform::Process& process_;
};

}  // namespace ferry::stream
