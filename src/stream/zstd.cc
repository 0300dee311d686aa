#include "stream/zstd.h"

#include <zstd.h>

#include <string>
#include <thread>
#include <vector>

namespace ferry::stream {
namespace {

Status ZstdError(size_t code, const char* what) {
  return Status::Error("FS002", std::string(what) + ": " + ZSTD_getErrorName(code));
}

}  // namespace

struct ZstdCompressSink::Impl {
  ByteSink& next;
  ZSTD_CCtx* ctx = ZSTD_createCCtx();
  std::vector<char> out = std::vector<char>(ZSTD_CStreamOutSize() * 4);
  explicit Impl(ByteSink& n) : next(n) {}
  ~Impl() { ZSTD_freeCCtx(ctx); }

  Status Drive(std::span<const std::byte> data, ZSTD_EndDirective mode) {
    ZSTD_inBuffer in{data.data(), data.size(), 0};
    while (true) {
      ZSTD_outBuffer o{out.data(), out.size(), 0};
      size_t remaining = ZSTD_compressStream2(ctx, &o, &in, mode);
      if (ZSTD_isError(remaining)) return ZstdError(remaining, "zstd compression failed");
      if (o.pos > 0) {
        FERRY_RETURN_IF_ERROR(next.Write(std::as_bytes(std::span(out.data(), o.pos))));
      }
      bool done = mode == ZSTD_e_end ? remaining == 0 : in.pos == in.size;
      if (done) return Status::Ok();
    }
  }
};

ZstdCompressSink::ZstdCompressSink(ByteSink& next, ZstdOptions options) : impl_(new Impl(next)) {
  int threads = options.threads > 0
                    ? options.threads
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  ZSTD_CCtx_setParameter(impl_->ctx, ZSTD_c_compressionLevel, options.level);
  ZSTD_CCtx_setParameter(impl_->ctx, ZSTD_c_checksumFlag, 1);
  // A worker count of at least one makes the output independent of the
  // count, so the same source always gives the same bytes.
  ZSTD_CCtx_setParameter(impl_->ctx, ZSTD_c_nbWorkers, threads);
}
ZstdCompressSink::~ZstdCompressSink() = default;

Status ZstdCompressSink::Write(std::span<const std::byte> data) {
  return impl_->Drive(data, ZSTD_e_continue);
}

Status ZstdCompressSink::Finish() {
  FERRY_RETURN_IF_ERROR(impl_->Drive({}, ZSTD_e_end));
  return impl_->next.Finish();
}

struct ZstdDecompressSink::Impl {
  ByteSink& next;
  ZSTD_DCtx* ctx = ZSTD_createDCtx();
  std::vector<char> out = std::vector<char>(ZSTD_DStreamOutSize());
  // A frame is open from its first byte until the decoder says it ended
  // (hint 0); an open frame at the end of input means truncation.
  bool in_frame = false;
  bool saw_input = false;
  explicit Impl(ByteSink& n) : next(n) {}
  ~Impl() { ZSTD_freeDCtx(ctx); }
};

ZstdDecompressSink::ZstdDecompressSink(ByteSink& next) : impl_(new Impl(next)) {}
ZstdDecompressSink::~ZstdDecompressSink() = default;

Status ZstdDecompressSink::Write(std::span<const std::byte> data) {
  if (!data.empty()) impl_->saw_input = true;
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  while (true) {
    ZSTD_outBuffer o{impl_->out.data(), impl_->out.size(), 0};
    size_t before = in.pos;
    size_t hint = ZSTD_decompressStream(impl_->ctx, &o, &in);
    if (ZSTD_isError(hint)) return ZstdError(hint, "zstd data is damaged");
    if (in.pos > before) impl_->in_frame = true;
    if (hint == 0) impl_->in_frame = false;
    if (o.pos > 0) {
      FERRY_RETURN_IF_ERROR(impl_->next.Write(std::as_bytes(std::span(impl_->out.data(), o.pos))));
    }
    // Done when all input is taken and the decoder has no more output ready.
    if (in.pos == in.size && o.pos < o.size) return Status::Ok();
  }
}

Status ZstdDecompressSink::Finish() {
  if (!impl_->saw_input || impl_->in_frame) {
    return Status::Error("FS002", "zstd stream ends before its frame is complete (truncated)");
  }
  return impl_->next.Finish();
}

struct ZstdDecompressSource::Impl {
  ByteSource& in;
  ZSTD_DCtx* ctx = ZSTD_createDCtx();
  std::vector<char> buf = std::vector<char>(ZSTD_DStreamInSize());
  ZSTD_inBuffer input{nullptr, 0, 0};
  bool in_frame = false;  // as in ZstdDecompressSink
  bool eof = false;
  bool saw_input = false;
  explicit Impl(ByteSource& s) : in(s) {}
  ~Impl() { ZSTD_freeDCtx(ctx); }
};

ZstdDecompressSource::ZstdDecompressSource(ByteSource& compressed) : impl_(new Impl(compressed)) {}
ZstdDecompressSource::~ZstdDecompressSource() = default;

Result<size_t> ZstdDecompressSource::Read(std::span<std::byte> buffer) {
  Impl& s = *impl_;
  ZSTD_outBuffer out{buffer.data(), buffer.size(), 0};
  while (out.pos == 0) {
    if (s.input.pos == s.input.size && !s.eof) {
      FERRY_ASSIGN_OR_RETURN(
          size_t n, s.in.Read(std::as_writable_bytes(std::span(s.buf.data(), s.buf.size()))));
      if (n == 0) {
        s.eof = true;
      } else {
        s.saw_input = true;
      }
      s.input = ZSTD_inBuffer{s.buf.data(), n, 0};
    }
    size_t before = s.input.pos;
    size_t hint = ZSTD_decompressStream(s.ctx, &out, &s.input);
    if (ZSTD_isError(hint)) return ZstdError(hint, "zstd data is damaged");
    if (s.input.pos > before) s.in_frame = true;
    if (hint == 0) s.in_frame = false;
    if (s.eof && s.input.pos == s.input.size && out.pos < out.size) {
      if (!s.saw_input || s.in_frame) {
        return Status::Error("FS002", "zstd stream ends before its frame is complete (truncated)");
      }
      break;
    }
  }
  return out.pos;
}

}  // namespace ferry::stream
