#include "components/neo4j/digest_table.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <string>

namespace ferry::components::neo4j {
namespace {

constexpr size_t kSlot = sizeof(Digest);
constexpr size_t kFlushAt = 1 << 20;
constexpr size_t kPageSlots = 128;   // 4 KiB pages
constexpr size_t kCachePages = 256;  // 1 MiB of cache
// A jump of more ids than this at once would write more zeros than a graph
// of that many nodes has data: the ids are not dense, so give up the table.
constexpr int64_t kMaxGap = int64_t{1} << 24;

}  // namespace

DigestTable::DigestTable(platform::Platform& os, std::filesystem::path path,
                         std::unique_ptr<platform::WritableFile> out)
    : os_(os), path_(std::move(path)), out_(std::move(out)), cache_(kCachePages) {}

DigestTable::~DigestTable() {
  in_.reset();
  if (out_) (void)out_->Close();
  (void)os_.RemoveFile(path_);
}

Result<std::unique_ptr<DigestTable>> DigestTable::Create(platform::Platform& os,
                                                         const std::filesystem::path& dir) {
  static std::atomic<int> counter{0};
  std::filesystem::path path = dir / ("ferry-neo4j-digests-" + std::to_string(os.ProcessId()) +
                                      "-" + std::to_string(counter++));
  FERRY_ASSIGN_OR_RETURN(auto out, os.OpenWrite(path));
  return std::unique_ptr<DigestTable>(new DigestTable(os, std::move(path), std::move(out)));
}

Result<bool> DigestTable::Put(int64_t id, const Digest& digest) {
  if (!usable_) return false;
  if (id < next_id_ || id - next_id_ > kMaxGap) {
    usable_ = false;
    return false;
  }
  pending_.resize(pending_.size() + static_cast<size_t>(id - next_id_) * kSlot, std::byte{0});
  const auto* bytes = reinterpret_cast<const std::byte*>(digest.data());
  pending_.insert(pending_.end(), bytes, bytes + kSlot);
  next_id_ = id + 1;
  if (pending_.size() >= kFlushAt) FERRY_RETURN_IF_ERROR(FlushWrites());
  return true;
}

Status DigestTable::FlushWrites() {
  Status s = out_->Append(pending_);
  pending_.clear();
  return s;
}

Status DigestTable::Seal() {
  FERRY_RETURN_IF_ERROR(FlushWrites());
  FERRY_RETURN_IF_ERROR(out_->Close());
  out_.reset();
  FERRY_ASSIGN_OR_RETURN(in_, os_.OpenRead(path_));
  return Status::Ok();
}

Result<std::optional<Digest>> DigestTable::Get(int64_t id) {
  if (!in_) return Status::Error("X004", "DigestTable::Get before Seal");
  if (id < 0 || id >= next_id_) return std::optional<Digest>();
  const int64_t index = id / static_cast<int64_t>(kPageSlots);
  Page& page = cache_[static_cast<size_t>(index) % kCachePages];
  if (page.index != index) {
    page.bytes.resize(kPageSlots * kSlot);
    const uint64_t offset = static_cast<uint64_t>(index) * kPageSlots * kSlot;
    size_t got = 0;
    while (got < page.bytes.size()) {
      FERRY_ASSIGN_OR_RETURN(size_t n,
                             in_->ReadAt(offset + got, std::span(page.bytes).subspan(got)));
      if (n == 0) break;  // the last page is short
      got += n;
    }
    std::fill(page.bytes.begin() + static_cast<ptrdiff_t>(got), page.bytes.end(), std::byte{0});
    page.index = index;
  }
  Digest d;
  std::memcpy(d.data(), page.bytes.data() + static_cast<size_t>(id % kPageSlots) * kSlot, kSlot);
  // All zeros marks a gap: no SHA-256 of real content is all zeros.
  if (std::all_of(d.begin(), d.end(), [](uint8_t b) { return b == 0; }))
    return std::optional<Digest>();
  return std::optional<Digest>(d);
}

}  // namespace ferry::components::neo4j
