// SHA-256 through OpenSSL's libcrypto (uses the CPU's SHA extensions where
// present, which is why verify outruns coreutils' sha256sum).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "stream/stream.h"

namespace ferry::stream {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(std::span<const std::byte> data);
  void Update(std::string_view text) { Update(AsBytes(text)); }
  // Lowercase hex of the digest. REQUIRES: called once.
  std::string HexDigest();
  // The raw digest; the object then starts over, so one Sha256 hashes many
  // short texts without a context allocation each (the neo4j fingerprint).
  std::array<uint8_t, 32> DigestAndReset();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::string Sha256Hex(std::string_view text);

// Hashes and counts what passes through on its way to next (may be null).
class Sha256Sink final : public ByteSink {
 public:
  explicit Sha256Sink(ByteSink* next = nullptr) : next_(next) {}
  Status Write(std::span<const std::byte> data) override;
  Status Finish() override;
  // Valid after Finish().
  const std::string& hex() const { return hex_; }
  uint64_t size() const { return size_; }

 private:
  ByteSink* next_;
  Sha256 hash_;
  std::string hex_;
  uint64_t size_ = 0;
};

}  // namespace ferry::stream
