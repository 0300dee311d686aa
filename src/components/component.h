// A component adapter moves one kind of thing (a folder, a git repository, a
// database). Phases drive every adapter through this one interface; an
// adapter never touches the medium, the manifest or the journal itself:
// it writes bytes into PayloadWriter sinks and reads them back through
// PayloadReader, and reports facts as JSON for the manifest.
//
// Every kind passes one contract suite, testing/component_suite.h, through a
// fixture in its own folder (<kind>/<kind>_suite_test.cc) that declares what
// the kind cannot do; a new kind is that folder, its line in registry.cc and
// its fixture.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "diag/finding.h"
#include "exec/executor.h"
#include "platform/platform.h"
#include "stack/keys.h"
#include "stack/stack_file.h"
#include "stream/stream.h"
#include "stream/zstd.h"

namespace ferry::components {

namespace fs = std::filesystem;

struct ComponentContext {
  platform::Platform& os;
  exec::Executor& executor;  // where the component's programs run
  const stack::StackFile& stack;
  const stack::ComponentSpec& spec;
  fs::path path;  // the component's resolved path: the source on export, the target on restore
  stream::ZstdOptions zstd;
  // Called with source bytes processed so far, for progress display.
  std::function<void(uint64_t)> progress = [](uint64_t) {};
};

// Where Export writes. Each payload is a file in the component's folder on
// the medium; the phase hashes, syncs and commits it atomically (*.part ->
// rename) after Export returns OK, and discards it otherwise.
class PayloadWriter {
 public:
  PayloadWriter();
  virtual ~PayloadWriter();
  // REQUIRES: file_name is a plain name ("repo.bundle"), unique per component.
  // The sink stays valid until Export returns. Its Finish does nothing (the
  // phase syncs and commits the payload), so stages that finish their next
  // sink, such as stream::Pump and ZstdCompressSink, can write to it directly.
  virtual Result<stream::ByteSink*> Open(const std::string& file_name) = 0;
  // True when this payload was written and verified by an earlier,
  // interrupted run: an adapter that can skip it must, and returns its facts.
  virtual bool AlreadyVerified(const std::string& file_name) = 0;

  // Open, behind a zstd compressor: the sink takes plain bytes. The plain
  // bytes are counted, so that the manifest records what the payload
  // unpacks to and restore can check the target's free space before it
  // writes anything. Finishing the sink ends the zstd frame.
  Result<stream::ByteSink*> OpenCompressed(const std::string& file_name,
                                           const stream::ZstdOptions& zstd);
  // Whether file_name was opened with OpenCompressed, and the plain bytes
  // written to it so far (the phase records the size of the others).
  bool OpenedCompressed(const std::string& file_name) const;
  uint64_t plain_bytes(const std::string& file_name) const;

 private:
  struct CompressedStage;
  std::vector<std::unique_ptr<CompressedStage>> compressed_;
};

// Where Restore and VerifyPayload read. Payloads come from a verified medium.
class PayloadReader {
 public:
  virtual ~PayloadReader() = default;
  virtual Result<std::unique_ptr<stream::ByteSource>> Open(const std::string& file_name) = 0;
  // The payload as a file, for programs that need a path (git clone <bundle>).
  virtual fs::path LocalPath(const std::string& file_name) = 0;
  // File names the manifest lists for this component.
  virtual std::vector<std::string> Files() = 0;
};

struct RestoreOptions {
  bool force = false;     // replace a non-empty target, keeping a rollback copy first
  bool dry_run = false;   // say what would happen, change nothing
  fs::path rollback_dir;  // where this component may keep its rollback copy
  // Source uid -> target uid (--map-owner 1000:501): the accounts of the
  // machine that exported are not this machine's.
  std::vector<std::pair<uint32_t, uint32_t>> owner_map = {};
  std::function<void(const std::string&)> say = [](const std::string&) {};  // dry-run and notes
};

// Where a restore of a server kind lands: the server's own storage, not
// ctx.path. `available` is empty when ferry cannot learn its free space,
// and then `unknown_because` says why.
struct ServerStorage {
  std::string where;  // "the datadir /var/lib/mysql/ of the server (on this machine)"
  std::optional<uint64_t> available;
  std::string unknown_because;
};

class Component {
 public:
  virtual ~Component() = default;

  // The kind's own keys of a [[component]] table, beside the common ones
  // (stack::CommonComponentKeys): their types, ranges, and which ones only
  // the user's own stack file may decide (KeyAuthority::kLocal). Check and
  // export report other keys as unknown (S006).
  virtual std::span<const stack::KeySpec> Keys() const = 0;

  // Preflight (seed Phase 1) of the source: findings, never stopping at the first.
  virtual std::vector<Finding> Check(ComponentContext& ctx) = 0;
  // Bytes the payloads will take on the medium: an upper estimate, for FS005.
  virtual Result<uint64_t> EstimateBytes(ComponentContext& ctx) = 0;
  // Writes the payloads; returns the facts that Validate compares later.
  // REQUIRES: the source is opened read-only; it is never modified.
  virtual Result<nlohmann::json> Export(ComponentContext& ctx, PayloadWriter& out) = 0;
  // Checks of a payload beyond its hash (git bundle verify, archive readable).
  virtual std::vector<Finding> VerifyPayload(ComponentContext& ctx, PayloadReader& in) {
    (void)ctx;
    (void)in;
    return {};
  }
  // The storage a restore of this kind writes into when it is a server's
  // rather than ctx.path, so that restore can compare its free space with
  // the payloads' unpacked size before anything is written. Kinds that
  // restore into ctx.path (the phase checks that path) or write nothing
  // return nullopt. Errors are the kind's own (cannot connect: N011).
  virtual Result<std::optional<ServerStorage>> RestoreStorage(ComponentContext& ctx) {
    (void)ctx;
    return std::optional<ServerStorage>();
  }
  // Restores into ctx.path. A non-empty target without options.force is T001.
  // Returns the rollback record (null when nothing was replaced).
  virtual Result<nlohmann::json> Restore(ComponentContext& ctx, PayloadReader& in,
                                         const RestoreOptions& options) = 0;
  // Compares the restored target with the facts recorded at export.
  virtual std::vector<Finding> Validate(ComponentContext& ctx, const nlohmann::json& facts) = 0;
  // Undoes a Restore from its rollback record.
  virtual Status Rollback(ComponentContext& ctx, const nlohmann::json& record) = 0;
};

// The adapter for a kind (registry.cc lists them), or S002 for an unknown kind.
Result<std::unique_ptr<Component>> MakeComponent(const std::string& kind);
std::vector<std::string> KnownKinds();

}  // namespace ferry::components
