#include "phases/manifest_io.h"

#include "components/stack_review.h"

namespace ferry::phases {

using integrity::kManifestJson;
using integrity::kManifestText;
using integrity::kStackCopy;

Result<LoadedManifest> LoadManifest(medium::Medium& medium) {
  if (!medium.Exists(kManifestText)) {
    return Status::Error("M001", std::string(kManifestText) + " is missing on " +
                                     medium.root().string() + ": the export did not finish");
  }
  if (!medium.Exists(kManifestJson)) {
    return Status::Error("M001", std::string(kManifestJson) + " is missing on " +
                                     medium.root().string() + ": the export did not finish");
  }
  LoadedManifest loaded;
  FERRY_ASSIGN_OR_RETURN(loaded.text, medium.ReadSmallFile(kManifestText));
  FERRY_ASSIGN_OR_RETURN(std::string json, medium.ReadSmallFile(kManifestJson));
  FERRY_ASSIGN_OR_RETURN(loaded.manifest, integrity::ParseManifestJson(json, loaded.text));
  return loaded;
}

Status WriteManifests(medium::Medium& medium, const integrity::Manifest& manifest) {
  std::string text = integrity::FormatManifestText(manifest.entries);
  FERRY_RETURN_IF_ERROR(medium.WriteSmallFile(kManifestText, text));
  return medium.WriteSmallFile(kManifestJson, integrity::FormatManifestJson(manifest, text));
}

Status RemoveManifests(medium::Medium& medium) {
  FERRY_RETURN_IF_ERROR(medium.Remove(kManifestJson));
  FERRY_RETURN_IF_ERROR(medium.Remove(kManifestText));
  return medium.os().SyncDir(medium.root());
}

Result<stack::StackFile> StackForMedium(platform::Platform& os, medium::Medium& medium,
                                        const std::filesystem::path& stack_override) {
  if (!stack_override.empty()) {
    FERRY_ASSIGN_OR_RETURN(stack::StackFile stack, stack::LoadStackFile(os, stack_override));
    FERRY_RETURN_IF_ERROR(components::ReviewStack(stack).status());
    return stack;
  }
  // The medium's copy is data, not authority: what only the user's own
  // stack file may decide is withheld from it (docs/stack-file.md).
  FERRY_ASSIGN_OR_RETURN(std::string text, medium.ReadSmallFile(kStackCopy));
  FERRY_ASSIGN_OR_RETURN(
      stack::StackFile stack,
      stack::ParseStackFile(text, medium.PathOf(kStackCopy), stack::StackOrigin::kMedium));
  components::WithholdLocalKeys(stack);
  FERRY_RETURN_IF_ERROR(components::ReviewStack(stack).status());
  return stack;
}

std::vector<std::string> ComponentFiles(const integrity::Manifest& manifest,
                                        const std::string& component) {
  std::vector<std::string> files;
  const std::string prefix = component + "/";
  for (const integrity::ManifestEntry& e : manifest.entries) {
    if (e.component == component && e.path.rfind(prefix, 0) == 0)
      files.push_back(e.path.substr(prefix.size()));
  }
  return files;
}

}  // namespace ferry::phases
