#include "phases/volume_copy.h"

#include "archive/safe_extract.h"
#include "stream/zstd.h"

namespace ferry::phases {

Result<nlohmann::json> KeepVolumeCopy(PhaseEnv& env, VolumeHelper& helper,
                                      const std::string& volume, const fs::path& copy,
                                      const stream::ZstdOptions& zstd) {
  medium::Medium dir(env.os, copy.parent_path());
  const std::string file = copy.filename().string();
  env.reporter.Note("copying volume " + volume + " to " + copy.string());
  {
    FERRY_ASSIGN_OR_RETURN(auto out, dir.Create(file));
    stream::ZstdCompressSink compress(*out, zstd);
    FERRY_RETURN_IF_ERROR(helper.CopyOut(volume, compress));
    FERRY_RETURN_IF_ERROR(out->Commit());
    nlohmann::json entry = {{"name", volume},
                            {"copy", copy.string()},
                            {"sha256", out->sha256()},
                            {"bytes", out->size()}};
    FERRY_RETURN_IF_ERROR(CheckVolumeCopy(env, entry));
    // Readable to its end: a copy that only hashes right is no copy.
    FERRY_ASSIGN_OR_RETURN(auto source, dir.Open(file, platform::ReadMode::kCached));
    stream::ZstdDecompressSource plain(*source);
    archive::ExtractOptions list;
    list.list_only = true;
    FERRY_ASSIGN_OR_RETURN(archive::ExtractSummary summary,
                           archive::SafeExtract(plain, copy, list));
    entry["entries"] = summary.entries;
    return entry;
  }
}

Status CheckVolumeCopy(PhaseEnv& env, const nlohmann::json& entry) {
  fs::path copy = entry.value("copy", "");
  medium::Medium dir(env.os, copy.parent_path());
  if (!dir.Exists(copy.filename().string())) {
    return Status::Error("T002", "the copy of volume " + entry.value("name", "") + " (" +
                                     copy.string() + ") is gone");
  }
  FERRY_ASSIGN_OR_RETURN(auto digest, dir.HashFromDevice(copy.filename().string()));
  if (digest.sha256 != entry.value("sha256", "")) {
    return Status::Error("FS003", "the copy of volume " + entry.value("name", "") + " (" +
                                      copy.string() + ") reads back with sha256 " + digest.sha256 +
                                      ", written as " + entry.value("sha256", ""));
  }
  return Status::Ok();
}

Status RefillVolume(PhaseEnv& env, VolumeHelper& helper, const nlohmann::json& entry) {
  const std::string volume = entry.value("name", "");
  fs::path copy = entry.value("copy", "");
  FERRY_ASSIGN_OR_RETURN(auto file, env.os.OpenRead(copy));
  stream::FileSource compressed(std::move(file));
  stream::ZstdDecompressSource plain(compressed);
  FERRY_RETURN_IF_ERROR(helper.Empty(volume));
  env.reporter.Note("putting " + copy.string() + " back into volume " + volume);
  return helper.CopyIn(volume, plain);
}

}  // namespace ferry::phases
