#include "components/files/archives_inside.h"

#include "diag/os_error_codes.h"

namespace ferry::components {
namespace {

// Reads a platform file as a byte stream for the archive reader.
class FileSource final : public stream::ByteSource {
 public:
  explicit FileSource(platform::ReadableFile& file) : file_(file) {}
  Result<size_t> Read(std::span<std::byte> buffer) override { return file_.Read(buffer); }

 private:
  platform::ReadableFile& file_;
};

// The seed's two options (Phase 1 #2, "Resolution - Option A / B").
std::string FixFor(const ArchiveInside& a) {
  return "Option A: if you have a recent intact copy of " + a.name +
         " (made today, and the files it was made from are unchanged), put it back in its place. "
         "Option B: recreate it from its folders, e.g. tar -czf " +
         a.name +
         " models/ training_data/ --exclude='*.pyc' --exclude='__pycache__' "
         "--exclude='*.egg-info' --exclude='.git', then run ferry check again.";
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

std::vector<Finding> CheckArchivesInside(ComponentContext& ctx,
                                         const std::vector<ArchiveInside>& archives,
                                         uint64_t budget) {
  std::vector<Finding> findings;
  std::vector<std::string> intact, unchecked;
  uint64_t spent = 0;
  for (const ArchiveInside& a : archives) {
    if (a.size > budget - spent) {
      unchecked.push_back(a.name);
      continue;
    }
    spent += a.size;
    auto file = ctx.os.OpenRead(a.path);
    if (!file.ok()) {
      findings.push_back(
          FindingFromStatus(Status(file.status()).Classify(SourceReadCode), ctx.spec.name));
      continue;
    }
    FileSource source(**file);
    auto checked = archive::CheckArchive(source, a.name, a.kind);
    if (checked.ok()) {
      intact.push_back(a.name);
      continue;
    }
    Finding f = FindingFromStatus(Status(checked.status()).Classify(SourceReadCode), ctx.spec.name);
    if (f.Is("FS002")) f.fix = FixFor(a);
    findings.push_back(std::move(f));
  }
  if (!intact.empty()) {
    findings.push_back(
        PassFinding(ctx.spec.name,
                    std::to_string(intact.size()) + " archives read intact: " + JoinNames(intact)));
  }
  if (!unchecked.empty()) {
    findings.push_back(PassFinding(
        ctx.spec.name, std::to_string(unchecked.size()) + " archives not checked (past " +
                           std::string(kArchiveCheckBytesKey) + " = " + std::to_string(budget) +
                           " bytes): " + JoinNames(unchecked)));
  }
  return findings;
}

}  // namespace ferry::components
