#include "bolt/tls_stream.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <climits>

namespace ferry::bolt {
namespace {

std::string OpenSslReason() {
  unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) return "no reason given";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof(buf));
  return buf;
}

class TlsStream final : public platform::ByteStream {
 public:
  explicit TlsStream(std::unique_ptr<platform::ByteStream> inner) : inner_(std::move(inner)) {}
  ~TlsStream() override {
    if (ssl_ != nullptr) SSL_free(ssl_);  // frees the BIO too
    if (ctx_ != nullptr) SSL_CTX_free(ctx_);
  }

  Status Start(const std::string& host, TlsMode mode, const std::string& ca_file);

  Result<size_t> Read(std::span<std::byte> buffer) override {
    if (buffer.empty()) return size_t{0};
    int n =
        SSL_read(ssl_, buffer.data(), static_cast<int>(std::min<size_t>(buffer.size(), INT_MAX)));
    if (n > 0) return static_cast<size_t>(n);
    if (SSL_get_error(ssl_, n) == SSL_ERROR_ZERO_RETURN) return size_t{0};
    return Failure("TLS read");
  }

  Status Write(std::span<const std::byte> data) override {
    while (!data.empty()) {
      int n =
          SSL_write(ssl_, data.data(), static_cast<int>(std::min<size_t>(data.size(), INT_MAX)));
      if (n <= 0) return Failure("TLS write");
      data = data.subspan(static_cast<size_t>(n));
    }
    return Status::Ok();
  }

  void SetTimeout(std::chrono::milliseconds timeout) override { inner_->SetTimeout(timeout); }
  void Close() override { inner_->Close(); }

  // BIO callbacks: OpenSSL's I/O goes through the inner stream.
  static int BioWrite(BIO* bio, const char* data, int len) {
    auto* self = static_cast<TlsStream*>(BIO_get_data(bio));
    Status s = self->inner_->Write(std::as_bytes(std::span(data, static_cast<size_t>(len))));
    if (!s.ok()) {
      self->io_error_ = std::move(s);
      return -1;
    }
    return len;
  }
  static int BioRead(BIO* bio, char* data, int len) {
    auto* self = static_cast<TlsStream*>(BIO_get_data(bio));
    auto n = self->inner_->Read(std::as_writable_bytes(std::span(data, static_cast<size_t>(len))));
    if (!n.ok()) {
      self->io_error_ = n.status();
      return -1;
    }
    return static_cast<int>(*n);
  }
  static long BioCtrl(BIO*, int cmd, long, void*) { return cmd == BIO_CTRL_FLUSH ? 1 : 0; }
  static int BioCreate(BIO* bio) {
    BIO_set_init(bio, 1);
    return 1;
  }

 private:
  // The inner stream's own error (timeout, reset) says more than OpenSSL's.
  Status Failure(const std::string& what) {
    if (!io_error_.ok()) {
      Status s = std::move(io_error_);
      io_error_ = Status::Ok();
      ERR_clear_error();
      return s;
    }
    return Status::Error("N004", what + " failed: " + OpenSslReason());
  }

  std::unique_ptr<platform::ByteStream> inner_;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
  Status io_error_;
};

BIO_METHOD* Method() {
  static BIO_METHOD* method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "ferry-stream");
    BIO_meth_set_write(m, &TlsStream::BioWrite);
    BIO_meth_set_read(m, &TlsStream::BioRead);
    BIO_meth_set_ctrl(m, &TlsStream::BioCtrl);
    BIO_meth_set_create(m, &TlsStream::BioCreate);
    return m;
  }();
  return method;
}

Status TlsStream::Start(const std::string& host, TlsMode mode, const std::string& ca_file) {
  ctx_ = SSL_CTX_new(TLS_client_method());
  if (ctx_ == nullptr) return Status::Error("N004", "cannot set up TLS: " + OpenSslReason());
  SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION);
  if (mode == TlsMode::kVerify) {
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
    SSL_CTX_set_default_verify_paths(ctx_);
    if (!ca_file.empty() && SSL_CTX_load_verify_locations(ctx_, ca_file.c_str(), nullptr) != 1) {
      return Status::Error("N004", "cannot load CA file " + ca_file + ": " + OpenSslReason());
    }
  } else {
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_NONE, nullptr);
  }
  ssl_ = SSL_new(ctx_);
  BIO* bio = BIO_new(Method());
  BIO_set_data(bio, this);
  SSL_set_bio(ssl_, bio, bio);
  // An IP address is checked against the certificate's IP entries, a name
  // against its DNS entries; SNI is only sent for names.
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl_);
  if (X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) != 1) {
    SSL_set_tlsext_host_name(ssl_, host.c_str());
    if (mode == TlsMode::kVerify) SSL_set1_host(ssl_, host.c_str());
  }
  if (SSL_connect(ssl_) != 1) {
    long verify = SSL_get_verify_result(ssl_);
    if (verify != X509_V_OK) {
      ERR_clear_error();
      return Status::Error("N004", "TLS certificate of " + host +
                                       " not trusted: " + X509_verify_cert_error_string(verify) +
                                       " (bolt+ssc:// accepts a self-signed certificate)");
    }
    return Failure("TLS handshake with " + host);
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<platform::ByteStream>> StartTls(std::unique_ptr<platform::ByteStream> inner,
                                                       const std::string& host, TlsMode mode,
                                                       const std::string& ca_file) {
  auto tls = std::make_unique<TlsStream>(std::move(inner));
  FERRY_RETURN_IF_ERROR(tls->Start(host, mode, ca_file));
  return std::unique_ptr<platform::ByteStream>(std::move(tls));
}

}  // namespace ferry::bolt
