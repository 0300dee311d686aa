// The component-facing views of a medium: the writer an export hands to an
// adapter (each payload an AtomicFile in the component's folder) and the
// reader that restore and verify hand to it.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "components/component.h"
#include "integrity/manifest.h"
#include "journal/journal.h"
#include "medium/medium.h"

namespace ferry::phases {

class MediumPayloadWriter final : public components::PayloadWriter {
 public:
  // verified: payload file names an earlier run verified (skippable).
  MediumPayloadWriter(medium::Medium& medium, std::string component, std::set<std::string> verified,
                      std::function<void(uint64_t)> on_bytes, std::function<bool()> cancelled);

  Result<stream::ByteSink*> Open(const std::string& file_name) override;
  bool AlreadyVerified(const std::string& file_name) override;

  struct Written {
    std::string file_name;  // within the component's folder
    std::unique_ptr<medium::AtomicFile> file;
  };
  // Files opened by the adapter, in order; the phase commits them.
  std::vector<Written>& written() { return written_; }
  // Files the adapter skipped because an earlier run verified them.
  const std::set<std::string>& reused() const { return reused_; }
  void AbortAll();

 private:
  class ProgressSink;
  medium::Medium& medium_;
  std::string component_;
  std::set<std::string> verified_;
  std::set<std::string> reused_;
  std::function<void(uint64_t)> on_bytes_;
  std::function<bool()> cancelled_;
  std::vector<Written> written_;
  std::vector<std::unique_ptr<stream::ByteSink>> wrappers_;
  uint64_t bytes_ = 0;
};

class MediumPayloadReader final : public components::PayloadReader {
 public:
  MediumPayloadReader(medium::Medium& medium, std::string component, std::vector<std::string> files)
      : medium_(medium), component_(std::move(component)), files_(std::move(files)) {}
  // The component's payloads as the manifest lists them: each is read no
  // further than its recorded size (M006 beyond, M010 for a special file).
  MediumPayloadReader(medium::Medium& medium, std::string component,
                      const integrity::Manifest& manifest)
      : medium_(medium), component_(std::move(component)) {
    const std::string prefix = component_ + "/";
    for (const integrity::ManifestEntry& e : manifest.entries) {
      if (e.component != component_ || e.path.rfind(prefix, 0) != 0) continue;
      files_.push_back(e.path.substr(prefix.size()));
      sizes_[files_.back()] = e.size;
    }
  }

  Result<std::unique_ptr<stream::ByteSource>> Open(const std::string& file_name) override {
    auto size = sizes_.find(file_name);
    return medium_.Open(component_ + "/" + file_name, platform::ReadMode::kCached,
                        size == sizes_.end() ? medium::Medium::kNoLimit : size->second);
  }
  std::filesystem::path LocalPath(const std::string& file_name) override {
    return medium_.PathOf(component_ + "/" + file_name);
  }
  std::vector<std::string> Files() override { return files_; }

 private:
  medium::Medium& medium_;
  std::string component_;
  std::vector<std::string> files_;
  std::map<std::string, uint64_t> sizes_;  // file name -> manifest size
};

}  // namespace ferry::phases
