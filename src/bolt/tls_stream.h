// TLS (OpenSSL libssl) layered over any ByteStream, for bolt+s / bolt+ssc.
//
// OpenSSL reads and writes through a small BIO that calls the inner stream,
// so TLS never touches the socket itself: deadlines and errors stay those of
// the inner stream (a timeout under TLS is still a timeout).
#pragma once

#include <memory>
#include <string>

#include "bolt/uri.h"
#include "platform/byte_stream.h"

namespace ferry::bolt {

// Performs the TLS handshake over inner. kVerify checks the chain against
// the system CAs (plus ca_file when not empty) and that the certificate names
// host; kSelfSigned encrypts without checking who answers. Failures are N004
// with OpenSSL's reason.
// REQUIRES: mode != TlsMode::kOff.
Result<std::unique_ptr<platform::ByteStream>> StartTls(std::unique_ptr<platform::ByteStream> inner,
                                                       const std::string& host, TlsMode mode,
                                                       const std::string& ca_file = "");

}  // namespace ferry::bolt
