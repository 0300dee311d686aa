#include "stream/sha256.h"

#include <openssl/evp.h>

namespace ferry::stream {

struct Sha256::Impl {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~Impl() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256() : impl_(new Impl) { EVP_DigestInit_ex(impl_->ctx, EVP_sha256(), nullptr); }
Sha256::~Sha256() = default;

void Sha256::Update(std::span<const std::byte> data) {
  EVP_DigestUpdate(impl_->ctx, data.data(), data.size());
}

std::string Sha256::HexDigest() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(impl_->ctx, digest, &len);
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xf]);
  }
  return hex;
}

std::array<uint8_t, 32> Sha256::DigestAndReset() {
  std::array<uint8_t, 32> digest{};
  unsigned int len = 0;
  EVP_DigestFinal_ex(impl_->ctx, digest.data(), &len);
  EVP_DigestInit_ex(impl_->ctx, EVP_sha256(), nullptr);
  return digest;
}

std::string Sha256Hex(std::string_view text) {
  Sha256 h;
  h.Update(text);
  return h.HexDigest();
}

Status Sha256Sink::Write(std::span<const std::byte> data) {
  hash_.Update(data);
  size_ += data.size();
  return next_ ? next_->Write(data) : Status::Ok();
}

Status Sha256Sink::Finish() {
  hex_ = hash_.HexDigest();
  return next_ ? next_->Finish() : Status::Ok();
}

}  // namespace ferry::stream
