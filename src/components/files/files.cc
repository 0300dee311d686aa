// The `files` kind: a folder (or a single file) travels as one
// files.tar.zst: a pax tar (archive/tar_writer.h) compressed with zstd.
// Facts: {"files", "dirs", "symlinks", "bytes", "tree_sha256"}; validate
// recomputes the tree digest of the target and compares all of them.
//
// Export cannot skip a payload an earlier run verified (AlreadyVerified):
// its facts come from the same single pass over the source that writes the
// tar, and re-reading the source only for facts would be a second pass. So
// it returns X004 instead; the export phase must not call Export for a
// component whose payloads are all verified, and keeps the facts it
// journaled with them.
#include <functional>
#include <map>
#include <utility>

#include "archive/archive_check.h"
#include "archive/safe_extract.h"
#include "archive/tar_writer.h"
#include "archive/tree_digest.h"
#include "components/files/archives_inside.h"
#include "components/kinds.h"
#include "components/path_rollback.h"
#include "diag/os_error_codes.h"

namespace ferry::components {
namespace {

constexpr const char* kPayload = "files.tar.zst";
// Header bytes per entry (ustar header + pax header block and data), and
// the end-of-archive blocking, for the size estimate.
constexpr uint64_t kTarOverheadPerEntry = 3 * 512;
constexpr uint64_t kTarOverheadFixed = 10240;
constexpr size_t kMaxUnreadableFindings = 10;

archive::PathFilter FilterOf(const ComponentContext& ctx) {
  return archive::PathFilter(ctx.spec.include, ctx.spec.exclude);
}

using K = stack::KeyType;
using A = stack::KeyAuthority;
constexpr stack::KeySpec kKeys[] = {
    {"path", K::kString, A::kData, 0, 0, /*required=*/true},
    {"include", K::kStringList},
    {"exclude", K::kStringList},
    {kArchiveCheckBytesKey, K::kInteger, A::kData, 0, kMaxArchiveCheckBytes},
};

class FilesComponent final : public Component {
 public:
  std::span<const stack::KeySpec> Keys() const override { return kKeys; }
  std::vector<Finding> Check(ComponentContext& ctx) override {
    const std::string& name = ctx.spec.name;
    if (!ctx.os.Exists(ctx.path)) {
      return {MakeFinding("S003", name, "source " + ctx.path.string() + " does not exist")};
    }
    std::vector<Finding> findings;
    uint64_t files = 0, bytes = 0, unreadable = 0;
    std::vector<std::string> special;
    std::vector<ArchiveInside> archives;
    auto note_special = [&](const archive::TreeEntry& e) { special.push_back(e.name); };
    Status walked = archive::WalkTree(
        ctx.os, ctx.path, FilterOf(ctx),
        [&](const archive::TreeEntry& e) {
          if (e.info.type != platform::FileType::kRegular) return Status::Ok();
          ++files;
          bytes += e.info.size;
          const archive::ArchiveKind kind = archive::ArchiveKindOf(e.path.filename().string());
          if (kind != archive::ArchiveKind::kNone)
            archives.push_back({e.name, e.path, e.info.size, kind});
          // Opening proves export can read it; no data is read here.
          auto file = ctx.os.OpenRead(e.path);
          if (!file.ok() && unreadable++ < kMaxUnreadableFindings) {
            findings.push_back(
                FindingFromStatus(Status(file.status()).Classify(SourceReadCode), name));
          }
          return Status::Ok();
        },
        note_special);
    if (!walked.ok()) findings.push_back(FindingFromStatus(walked.Classify(SourceReadCode), name));
    if (unreadable > kMaxUnreadableFindings) {
      findings.push_back(
          MakeFinding("FS011", name, std::to_string(unreadable) + " files cannot be read in all"));
    }
    if (findings.empty()) {
      findings.push_back(PassFinding(name, std::to_string(files) + " files, " +
                                               std::to_string(bytes) + " bytes in " +
                                               ctx.path.string()));
    }
    if (!special.empty()) {
      // Not an error: sockets and FIFOs hold no data; but say so, since
      // they will not exist on the target.
      findings.push_back(PassFinding(name, std::to_string(special.size()) +
                                               " sockets/FIFOs/devices will not be copied, e.g. '" +
                                               special.front() + "'"));
    }
    const uint64_t budget =
        ctx.spec.options.is_object()
            ? ctx.spec.options.value(kArchiveCheckBytesKey, kDefaultArchiveCheckBytes)
            : kDefaultArchiveCheckBytes;
    for (Finding& f : CheckArchivesInside(ctx, archives, budget)) findings.push_back(std::move(f));
    return findings;
  }

  Result<uint64_t> EstimateBytes(ComponentContext& ctx) override {
    if (!ctx.os.Exists(ctx.path)) return SourceMissing(ctx);
    // Uncompressed tar size: zstd only ever makes it smaller (or a frame
    // header larger, which the fixed overhead covers).
    uint64_t total = kTarOverheadFixed;
    FERRY_RETURN_IF_ERROR(
        archive::WalkTree(ctx.os, ctx.path, FilterOf(ctx), [&](const archive::TreeEntry& e) {
          total += kTarOverheadPerEntry;
          if (e.info.type == platform::FileType::kRegular) total += (e.info.size + 511) / 512 * 512;
          return Status::Ok();
        }));
    return total;
  }

  Result<nlohmann::json> Export(ComponentContext& ctx, PayloadWriter& out) override {
    if (out.AlreadyVerified(kPayload)) {
      return Status::Error("X004", "caller must not re-export a verified payload (" +
                                       ctx.spec.name + "/" + kPayload +
                                       "): its facts are journaled");
    }
    if (!ctx.os.Exists(ctx.path)) return SourceMissing(ctx);
    FERRY_ASSIGN_OR_RETURN(stream::ByteSink * zstd, out.OpenCompressed(kPayload, ctx.zstd));
    FERRY_ASSIGN_OR_RETURN(archive::TreeFacts facts,
                           archive::WriteTar(ctx.os, ctx.path, FilterOf(ctx), *zstd, ctx.progress));
    return nlohmann::json{{"files", facts.files},
                          {"dirs", facts.dirs},
                          {"symlinks", facts.symlinks},
                          {"bytes", facts.bytes},
                          {"tree_sha256", facts.sha256}};
  }

  std::vector<Finding> VerifyPayload(ComponentContext& ctx, PayloadReader& in) override {
    // Reads the whole archive and checks every name, writing nothing: a
    // payload that would be refused at restore is found now.
    auto source = in.Open(kPayload);
    if (!source.ok()) return {FindingFromStatus(source.status(), ctx.spec.name)};
    stream::ZstdDecompressSource plain(**source);
    archive::ExtractOptions options;
    options.list_only = true;
    auto listed = archive::SafeExtract(plain, StagingOf(ctx.path), options);
    if (!listed.ok()) return {FindingFromStatus(listed.status(), ctx.spec.name)};
    return {PassFinding(ctx.spec.name, std::string(kPayload) + " readable, " +
                                           std::to_string(listed->entries) + " entries")};
  }

  Result<nlohmann::json> Restore(ComponentContext& ctx, PayloadReader& in,
                                 const RestoreOptions& options) override;
  std::vector<Finding> Validate(ComponentContext& ctx, const nlohmann::json& facts) override;
  Status Rollback(ComponentContext& ctx, const nlohmann::json& record) override {
    return RollbackPath(ctx.os, record);
  }

 private:
  static Status SourceMissing(const ComponentContext& ctx) {
    return Status::Error("S003", "source " + ctx.path.string() + " of component '" + ctx.spec.name +
                                     "' does not exist");
  }
};

// Who owns what a restore writes, when ferry runs as root (as tar and
// restic do, the archive's numeric owners are kept otherwise): an explicit
// --map-owner first; then an owner that has no account on this machine
// (uid 1000 from Linux on a Mac) goes to the restoring user, so no file is
// left owned by nobody. A group that does not exist here becomes the new
// owner's primary group. Every change is counted for the output.
class OwnerMapper {
 public:
  OwnerMapper(platform::Platform& os,
              const std::vector<std::pair<uint32_t, uint32_t>>& explicit_map)
      : os_(os), explicit_(explicit_map) {}

  std::pair<uint32_t, uint32_t> operator()(uint32_t uid, uint32_t gid) {
    uint32_t to = uid;
    bool mapped = false;
    for (const auto& [from, target] : explicit_) {
      if (from == uid) {
        to = target;
        mapped = true;
        break;
      }
    }
    if (!mapped && !Known(users_, uid, [&](uint32_t id) { return os_.UserExists(id); }))
      to = os_.EffectiveUid();
    uint32_t group = gid;
    if (!Known(groups_, gid, [&](uint32_t id) { return os_.GroupExists(id); })) {
      group = os_.PrimaryGroupOf(to).value_or(os_.EffectiveGid());
    }
    if (to != uid || group != gid) ++changes_[{uid, to}];
    return {to, group};
  }

  // "uid 1000 -> 501 (312 entries)" for each change, for the output.
  std::vector<std::string> Changes() const {
    std::vector<std::string> lines;
    for (const auto& [pair, count] : changes_) {
      lines.push_back("owner uid " + std::to_string(pair.first) + " -> " +
                      std::to_string(pair.second) + " (" + std::to_string(count) + " entries)");
    }
    return lines;
  }

 private:
  template <class Lookup>
  static bool Known(std::map<uint32_t, bool>& cache, uint32_t id, Lookup lookup) {
    auto it = cache.find(id);
    if (it == cache.end()) it = cache.emplace(id, lookup(id)).first;
    return it->second;
  }

  platform::Platform& os_;
  std::vector<std::pair<uint32_t, uint32_t>> explicit_;
  std::map<uint32_t, bool> users_, groups_;
  std::map<std::pair<uint32_t, uint32_t>, uint64_t> changes_;
};

Result<nlohmann::json> FilesComponent::Restore(ComponentContext& ctx, PayloadReader& in,
                                               const RestoreOptions& options) {
  const fs::path& target = ctx.path;
  const fs::path staging = StagingOf(target);
  FERRY_ASSIGN_OR_RETURN(bool empty,
                         CheckReplaceable(ctx.os, target, options.force, options.rollback_dir));
  if (options.dry_run) {
    if (!empty) {
      options.say("would move " + target.string() + " aside to " + options.rollback_dir.string() +
                  " (kept for rollback)");
    }
    options.say("would extract " + std::string(kPayload) + " into " + staging.string() +
                ", then move it to " + target.string());
    return nlohmann::json(nullptr);
  }

  FERRY_RETURN_IF_ERROR(AsTargetError(ctx.os.CreateDirs(target.parent_path())));
  FERRY_RETURN_IF_ERROR(ClearLeftoverStaging(ctx.os, staging, options.say));
  // Extract fully before touching the target: a damaged payload or a
  // refused entry leaves the old target as it was.
  OwnerMapper owners(ctx.os, options.owner_map);
  Result<archive::ExtractSummary> summary = [&]() -> Result<archive::ExtractSummary> {
    FERRY_ASSIGN_OR_RETURN(auto source, in.Open(kPayload));
    stream::ZstdDecompressSource plain(*source);
    archive::ExtractOptions extract;
    extract.progress = ctx.progress;
    if (ctx.os.EffectiveUid() == 0) extract.map_owner = std::ref(owners);
    return archive::SafeExtract(plain, staging, extract);
  }();
  if (summary.ok() && !summary->has_root_dir && summary->entries != 1) {
    summary =
        Status::Error("FS002", std::string(kPayload) + " holds neither a folder nor one file");
  }
  if (!summary.ok()) {
    if (ctx.os.Exists(staging)) (void)ctx.os.RemoveTree(staging);  // the error below matters more
    const Status& failed = summary.status();
    return failed.WithMessage(failed.message() + "; nothing was restored, " + target.string() +
                              " is as it was");
  }
  const fs::path staged = summary->has_root_dir ? staging : staging / summary->first_name;
  for (const std::string& change : owners.Changes()) {
    options.say(change + (options.owner_map.empty()
                              ? ": no such user here, given to the restoring user"
                              : ""));
  }
  if (summary->setid_count > 0) {
    // The medium is untrusted: a setuid file from it is worth a look.
    std::string names;
    for (const std::string& n : summary->setid_files) names += (names.empty() ? "" : ", ") + n;
    options.say(std::to_string(summary->setid_count) +
                " setuid/setgid files restored from the medium: " + names +
                (summary->setid_count > summary->setid_files.size() ? ", ..." : ""));
  }

  FERRY_ASSIGN_OR_RETURN(nlohmann::json record,
                         SetTargetAside(ctx.os, target, empty, options.rollback_dir));
  FERRY_RETURN_IF_ERROR(CommitStaged(ctx.os, staged, target));
  if (staged != staging) FERRY_RETURN_IF_ERROR(ctx.os.RemoveTree(staging));
  return record;
}

std::vector<Finding> FilesComponent::Validate(ComponentContext& ctx, const nlohmann::json& facts) {
  const std::string& name = ctx.spec.name;
  if (!facts.is_object() || !facts.contains("tree_sha256")) {
    return {MakeFinding("X004", name, "the export recorded no tree digest to compare with")};
  }
  if (!ctx.os.Exists(ctx.path)) {
    return {MakeFinding("V001", name, "restored path " + ctx.path.string() + " does not exist")};
  }
  // A restored tree that cannot be read cannot be shown equal: V001.
  auto found = archive::TreeDigest(ctx.os, ctx.path, FilterOf(ctx)).Classify("V001");
  if (!found.ok()) return {FindingFromStatus(found.status(), name)};
  std::vector<Finding> findings;
  // Counts an older export did not record are not compared; the digest is.
  auto compare = [&](const char* what, const char* key, const nlohmann::json& actual) {
    if (!facts.contains(key)) return;
    const nlohmann::json& expected = facts[key];
    if (expected != actual) {
      findings.push_back(MakeFinding("V001", name,
                                     std::string(what) + " differs in " + ctx.path.string() +
                                         ": exported " + expected.dump() + ", restored " +
                                         actual.dump()));
    }
  };
  compare("file count", "files", found->files);
  compare("directory count", "dirs", found->dirs);
  compare("symlink count", "symlinks", found->symlinks);
  compare("total bytes", "bytes", found->bytes);
  compare("tree digest", "tree_sha256", found->sha256);
  if (findings.empty()) {
    findings.push_back(PassFinding(name, std::to_string(found->files) + " files, " +
                                             std::to_string(found->bytes) + " bytes, tree digest " +
                                             found->sha256.substr(0, 12) + " match the export"));
  }
  return findings;
}

}  // namespace

std::unique_ptr<Component> NewFilesComponent() { return std::make_unique<FilesComponent>(); }

}  // namespace ferry::components
