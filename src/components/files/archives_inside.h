// The archives a files component holds (NER11_Gold_Model.tar.gz in the
// seed's model folder), read through to their end at check time so a
// damaged one is found before it travels: seed Phase 1 #2, FS002.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "archive/archive_check.h"
#include "components/component.h"

namespace ferry::components {

// Stack-file key: how many bytes of archives one component's check may
// read. Past it, the remaining archives are named as not checked (INFO).
inline constexpr const char* kArchiveCheckBytesKey = "archive_check_bytes";
inline constexpr uint64_t kDefaultArchiveCheckBytes = 8ull << 30;   // 8 GiB
inline constexpr int64_t kMaxArchiveCheckBytes = int64_t{1} << 42;  // 4 TiB

struct ArchiveInside {
  std::string name;  // name inside the component, for the output
  std::filesystem::path path;
  uint64_t size = 0;
  archive::ArchiveKind kind = archive::ArchiveKind::kArchive;
};

// Reads each archive (in the order given) while the budget lasts: one FS002
// finding per damaged archive, with the seed's two options; one passing
// line naming the archives read intact; one INFO line naming the ones the
// budget left unchecked.
std::vector<Finding> CheckArchivesInside(ComponentContext& ctx,
                                         const std::vector<ArchiveInside>& archives,
                                         uint64_t budget);

}  // namespace ferry::components
