// Pieces of the git kind shared between its files (not a public API: other
// code reaches the kind through components/kinds.h).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "components/component.h"
#include "components/git/git_repo.h"

namespace ferry::components::git {

inline constexpr const char* kBundleName = "repo.bundle";
// The facts as JSON: what restore needs beyond the bundle (HEAD, remote
// URLs, upstreams); plain JSON so a user can redo it by hand.
inline constexpr const char* kFactsName = "repo.json";

// repo.json as RepoFacts (FS002 when it is unreadable).
Result<RepoFacts> ReadFactsPayload(PayloadReader& in);

// Both payloads: repo.json readable, and the bundle passes VerifyBundle.
std::vector<Finding> VerifyPayloads(ComponentContext& ctx, PayloadReader& in);

// `git bundle verify` plus a full unpack (`git bundle unbundle`) in a
// throw-away repository: verify alone only reads the header and would pass
// a bundle whose pack has a flipped byte. G004 on any failure.
std::vector<Finding> VerifyBundle(ComponentContext& ctx, const std::filesystem::path& bundle);

// Rebuilds the repository at ctx.path from the payloads (restore.cc).
Result<nlohmann::json> RestoreRepository(ComponentContext& ctx, PayloadReader& in,
                                         const RestoreOptions& options);

// V002 findings for every ref, HEAD, remote URL or upstream that differs;
// none when found matches expected.
std::vector<Finding> CompareFacts(const std::string& component, const RepoFacts& expected,
                                  const RepoFacts& found);

}  // namespace ferry::components::git
