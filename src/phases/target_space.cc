#include "phases/target_space.h"

namespace ferry::phases {
namespace {

constexpr uint64_t kBlock = 4096;
constexpr uint64_t kMargin = 16ull << 20;

uint64_t Count(const nlohmann::json& facts, const char* key) {
  return facts.is_object() && facts.contains(key) && facts[key].is_number_unsigned()
             ? facts[key].get<uint64_t>()
             : 0;
}

std::string Mib(uint64_t bytes) { return std::to_string((bytes + (1 << 20) - 1) >> 20) + " MiB"; }

}  // namespace

uint64_t RestoreNeedBytes(const integrity::Manifest& manifest, const std::string& component) {
  if (!manifest.components.contains(component)) return 0;
  const nlohmann::json& c = manifest.components[component];
  const nlohmann::json facts = c.is_object() && c.contains("facts") ? c["facts"] : nlohmann::json();
  uint64_t need = Count(c, "unpacked_bytes");
  if (need == 0) need = Count(facts, "bytes");
  if (need == 0) {
    for (const integrity::ManifestEntry& e : manifest.entries) {
      if (e.component == component) need += e.size;
    }
  }
  return need + (Count(facts, "files") + Count(facts, "dirs")) * kBlock;
}

Status CheckTargetSpace(platform::Platform& os, const std::filesystem::path& target, uint64_t need,
                        const std::string& component) {
  std::filesystem::path existing = target;
  while (!existing.empty() && !os.Exists(existing) && existing != existing.parent_path()) {
    existing = existing.parent_path();
  }
  if (existing.empty()) existing = ".";
  FERRY_ASSIGN_OR_RETURN(platform::SpaceInfo space, os.DiskSpace(existing));
  if (space.available >= need + kMargin) return Status::Ok();
  return Status::Error("R002", "restoring " + component + " into " + target.string() +
                                   " needs about " + Mib(need) + " plus a " + Mib(kMargin) +
                                   " margin, but its file system (" + existing.string() + ") has " +
                                   Mib(space.available) + " free; nothing was written");
}

Result<std::vector<Finding>> CheckRestoreSpace(components::Component& component,
                                               components::ComponentContext& ctx, uint64_t need) {
  const std::string& name = ctx.spec.name;
  if (!ctx.spec.path.empty()) {
    FERRY_RETURN_IF_ERROR(CheckTargetSpace(ctx.os, ctx.path, need, name));
    return std::vector<Finding>{};
  }
  FERRY_ASSIGN_OR_RETURN(std::optional<components::ServerStorage> storage,
                         component.RestoreStorage(ctx));
  if (!storage) return std::vector<Finding>{};
  if (!storage->available) {
    return std::vector<Finding>{MakeFinding(
        "R004", name,
        "free space not checked: " + storage->unknown_because + "; restoring " + name + " into " +
            storage->where + " needs about " + Mib(need) + " (the payloads' unpacked size)")};
  }
  if (*storage->available >= need + kMargin) return std::vector<Finding>{};
  return Status::Error("R002", "restoring " + name + " into " + storage->where + " needs about " +
                                   Mib(need) + " (the payloads' unpacked size) plus a " +
                                   Mib(kMargin) + " margin, but it has " +
                                   Mib(*storage->available) + " free; nothing was written");
}

}  // namespace ferry::phases
