// Reading and writing the manifests of a medium, with the rules that make a
// medium trustworthy: no manifest means an interrupted export (M001), the
// two manifests must agree (M002), no entry may leave the medium (M003).
#pragma once

#include <string>

#include "integrity/manifest.h"
#include "medium/medium.h"
#include "stack/stack_file.h"

namespace ferry::phases {

struct LoadedManifest {
  integrity::Manifest manifest;
  std::string text;  // MIGRATION_MANIFEST.txt as read
};

Result<LoadedManifest> LoadManifest(medium::Medium& medium);

// Writes ferry.toml is the caller's job; this writes the text manifest, then
// the JSON manifest last: its presence marks a complete export.
Status WriteManifests(medium::Medium& medium, const integrity::Manifest& manifest);

// Removes both manifests (JSON first), so that a medium being rewritten
// never passes for complete.
Status RemoveManifests(medium::Medium& medium);

// The stack file to use: `--stack` when given, else the copy on the medium,
// with what the medium may not decide withheld (components::
// WithholdLocalKeys); both reviewed against their kinds' keys (S001, S002).
Result<stack::StackFile> StackForMedium(platform::Platform& os, medium::Medium& medium,
                                        const std::filesystem::path& stack_override);

// The files of a component listed in the manifest, relative to its folder.
std::vector<std::string> ComponentFiles(const integrity::Manifest& manifest,
                                        const std::string& component);

}  // namespace ferry::phases
