// PayloadWriter and PayloadReader over a plain folder, for adapter tests:
// the same contract the export and restore phases honour, without a medium
// or a manifest.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "components/component.h"
#include "stream/file_stream.h"

namespace ferry::components::testing {

class DirPayloadWriter final : public PayloadWriter {
 public:
  DirPayloadWriter(platform::Platform& os, std::filesystem::path dir)
      : os_(os), dir_(std::move(dir)) {}

  Result<stream::ByteSink*> Open(const std::string& file_name) override {
    FERRY_RETURN_IF_ERROR(os_.CreateDirs(dir_));
    FERRY_ASSIGN_OR_RETURN(auto file, os_.OpenWrite(dir_ / file_name));
    auto& entry = open_[file_name];
    entry.file = std::move(file);
    entry.sink = std::make_unique<UnfinishedSink>(*entry.file);
    return entry.sink.get();
  }
  bool AlreadyVerified(const std::string& file_name) override {
    return verified_.count(file_name) > 0;
  }
  void MarkVerified(const std::string& file_name) { verified_.insert(file_name); }

  // What the export phase does after Export returns OK.
  Status CloseAll() {
    for (auto& [name, entry] : open_) {
      FERRY_RETURN_IF_ERROR(entry.file->Sync());
      FERRY_RETURN_IF_ERROR(entry.file->Close());
    }
    open_.clear();
    return Status::Ok();
  }

 private:
  // Finish is the phase's job (CloseAll here), as the contract says.
  class UnfinishedSink final : public stream::ByteSink {
   public:
    explicit UnfinishedSink(platform::WritableFile& file) : file_(file) {}
    Status Write(std::span<const std::byte> data) override { return file_.Append(data); }
    Status Finish() override { return Status::Ok(); }

   private:
    platform::WritableFile& file_;
  };
  struct Entry {
    std::unique_ptr<platform::WritableFile> file;
    std::unique_ptr<UnfinishedSink> sink;
  };
  platform::Platform& os_;
  std::filesystem::path dir_;
  std::map<std::string, Entry> open_;
  std::set<std::string> verified_;
};

class DirPayloadReader final : public PayloadReader {
 public:
  DirPayloadReader(platform::Platform& os, std::filesystem::path dir)
      : os_(os), dir_(std::move(dir)) {}

  Result<std::unique_ptr<stream::ByteSource>> Open(const std::string& file_name) override {
    FERRY_ASSIGN_OR_RETURN(auto file, os_.OpenRead(dir_ / file_name));
    return std::unique_ptr<stream::ByteSource>(new stream::FileSource(std::move(file)));
  }
  std::filesystem::path LocalPath(const std::string& file_name) override {
    return dir_ / file_name;
  }
  std::vector<std::string> Files() override {
    auto names = os_.ListDir(dir_);
    return names.ok() ? *names : std::vector<std::string>{};
  }

 private:
  platform::Platform& os_;
  std::filesystem::path dir_;
};

}  // namespace ferry::components::testing
