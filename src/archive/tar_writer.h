// Writes a tree as a POSIX pax tar stream into a ByteSink, and computes the
// tree digest in the same pass: every source file is read exactly once.
//
// The stream is plain tar; compression and hashing are the caller's sinks
// after it (stream/zstd.h, stream/sha256.h), so `zstd -dc | tar -x` can
// always recover a payload without ferry.
//
// Output is deterministic for the same source: entries come from WalkTree
// (sorted), and headers carry only what we set (name, type, mode, mtime in
// ns, uid/gid numbers, size, link target), never atime, inode or user names.
// Kept: modes (incl. setuid), mtimes, symlinks (dangling too), hard links
// (later names point at the first), empty directories, sparse files (GNU
// pax sparse 1.0 maps: holes take no space), any name (UTF-8 in pax
// headers; a name the locale cannot convert is stored as raw bytes with
// hdrcharset=BINARY, so no name is ever mangled).
// A directory root is written as "./" first, then its content; a single
// file root as one entry under its own name.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>

#include "archive/path_filter.h"
#include "archive/tree_digest.h"
#include "platform/platform.h"
#include "stream/stream.h"

namespace ferry::archive {

// Walks root with filter and streams the tar to out; calls out.Finish() at
// the end. progress receives source bytes read so far. The source is only
// opened for reading. Returns the facts of what was written.
// REQUIRES: root exists.
Result<TreeFacts> WriteTar(
    platform::Platform& os, const std::filesystem::path& root, const PathFilter& filter,
    stream::ByteSink& out, const std::function<void(uint64_t)>& progress = [](uint64_t) {});

}  // namespace ferry::archive
