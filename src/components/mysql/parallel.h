// The optional parallel engine of the mysql kind (engine = "mydumper"):
// mydumper exports a database with several threads from one consistent
// snapshot, myloader imports it with several threads.
//
// Neither tool streams (mydumper 0.10 writes a folder of files, myloader
// reads one), so each database passes through a private staging folder
// (components/staging.h, mode 0700, removed on every path) on the machine
// ferry runs on; that is the one temporary copy, of one database at a time,
// the tools force on us. The folder travels as one payload per database:
//   <db>.mydumper.tar.zst   the folder as a plain tar (archive/tar_writer.h),
//                           zstd-compressed, the same pipeline as `files`
// A dump counts as complete only when mydumper exits 0 AND its folder holds
// `metadata` (mydumper writes `metadata.partial` first and renames it when
// the dump finished); a folder without it is never packed.
//
// Stack file keys: engine = "mydumper", threads (default 4), chunk_rows
// (rows per chunk file, so one large table also splits across threads;
// default 100000). The tools run on the host only: they need the staging
// folder, which a container does not share.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "components/mysql/client.h"
#include "components/staging.h"
#include "stream/stream.h"

namespace ferry::components::mysql {

enum class Engine { kDump, kMydumper };

// The stack file's engine ("dump", the default, or "mydumper"); S001 for
// another value, X003 for mydumper with a container.
Result<Engine> EngineOf(const ComponentContext& ctx);

// "<db>.mydumper.tar.zst", and back (nullopt for other files).
std::string ParallelPayloadName(const std::string& db);
std::optional<std::string> DatabaseOfParallelPayload(const std::string& file_name);

// mydumper's options for one database into dir: one snapshot shared by all
// threads (--trx-consistency-only: InnoDB consistency, the global read lock
// held only while the threads open their transactions), routines,
// triggers, events, chunked tables.
std::vector<std::string> MydumperArguments(const std::string& db, const std::string& dir,
                                           int threads, uint64_t chunk_rows);

// Dumps db with mydumper into a fresh staging folder (dump/ inside it),
// removed when the Staging goes. X001 without mydumper, N011 when it
// cannot log in, DB011 when it fails, is killed, or leaves no `metadata`.
// Separate from packing so the payload is opened only for a finished dump.
Result<Staging> ParallelDump(ComponentContext& ctx, Client& client, const std::string& db);

// Streams the folder of a finished ParallelDump as a tar into sink (which
// it Finishes); progress gets the bytes of the dump files read so far.
Status PackParallelDump(ComponentContext& ctx, const Staging& dumped, stream::ByteSink& sink,
                        const std::function<void(uint64_t)>& progress);

// Unpacks a <db>.mydumper.tar.zst payload and loads it with myloader, which
// creates the database from its schema file (charset kept) with foreign key
// checks off in its sessions. X001 without myloader, DB011 for a payload
// without `metadata`, D003 when myloader fails.
Status ParallelImport(ComponentContext& ctx, Client& client, stream::ByteSource& compressed,
                      const std::function<void(uint64_t)>& progress);

// Preflight of the engine for an export of dbs: mydumper present (X001),
// and room in the temp directory for the largest database's uncompressed
// dump, about twice its data (FS005 naming both sizes and TMPDIR). No
// findings for the default engine.
std::vector<Finding> ParallelChecks(ComponentContext& ctx, Client& client,
                                    const std::vector<std::string>& dbs);

// Reads a <db>.mydumper.tar.zst payload through: it must decompress, hold
// only safe names, and contain `metadata`. Returns the entry count.
Result<uint64_t> CheckParallelPayload(stream::ByteSource& compressed);

}  // namespace ferry::components::mysql
