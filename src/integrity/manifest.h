// The two manifests on the medium.
//
// MIGRATION_MANIFEST.txt is exactly GNU sha256sum's format, so that
// `sha256sum -c --strict MIGRATION_MANIFEST.txt` run in the medium checks
// everything without ferry: "<hex>  <name>", and a name holding a backslash,
// newline or carriage return is escaped (\\, \n, \r) with the line starting
// with a backslash, as coreutils 9 writes it.
//
// MIGRATION_MANIFEST.json adds what only ferry reads: tool version, source
// host, time, per-payload size and whether it was verified from the device,
// each component's facts, a digest of the text manifest and a digest of
// itself, so that editing either file is detected (M002).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "diag/status.h"

namespace ferry::integrity {

inline constexpr std::string_view kManifestText = "MIGRATION_MANIFEST.txt";
inline constexpr std::string_view kManifestJson = "MIGRATION_MANIFEST.json";
inline constexpr std::string_view kStackCopy = "ferry.toml";
inline constexpr int kFormatVersion = 1;
// Limits of what a manifest may hold (the medium is untrusted input): a
// payload larger than 2^62 bytes is damage, not data; a text line holds a
// 64-digit hash, two separators and a name of at most PATH_MAX escaped bytes.
inline constexpr uint64_t kMaxPayloadSize = uint64_t{1} << 62;
inline constexpr size_t kMaxTextLine = 16 * 1024;
inline constexpr size_t kMaxManifestEntries = 1'000'000;

struct ManifestEntry {
  std::string path;  // relative, '/'-separated
  std::string sha256;
  uint64_t size = 0;
  std::string component;  // empty for ferry.toml
  bool verified = false;  // read back from the device after writing
};

struct Manifest {
  std::string tool_version;
  std::string source_host;
  std::string created_utc;  // ISO 8601
  std::string stack_name;
  std::vector<ManifestEntry> entries;  // sorted by path
  // name -> {"kind": ..., "path": ..., "facts": {...}}
  nlohmann::json components = nlohmann::json::object();
};

// M003 unless path is relative, non-empty, '/'-separated, without '.' or
// '..' components, NUL bytes or a leading '/'.
Status CheckSafeRelativePath(std::string_view path);

// One line of sha256sum output for name (with the newline).
std::string FormatTextLine(std::string_view sha256_hex, std::string_view name);
std::string FormatManifestText(const std::vector<ManifestEntry>& entries);

struct TextEntry {
  std::string sha256;
  std::string path;
};
// Parses sha256sum output (text or binary mode markers); M002 on a bad or
// over-long line (kMaxTextLine) or too many lines, M003 on an unsafe name.
Result<std::vector<TextEntry>> ParseManifestText(std::string_view text);

// The JSON manifest for m, bound to text (the exact text manifest bytes).
std::string FormatManifestJson(const Manifest& m, std::string_view text);
// Parses and checks the JSON manifest against its schema (types, ranges,
// required keys, nesting depth: M002 naming the field's JSON path, e.g.
// "payloads[3].size: expected an unsigned integer"), its format_version
// (M009 when this build does not know it), then against the text manifest:
// self digest, text digest, same entries and hashes, safe paths (M003).
// Never throws, whatever the input.
Result<Manifest> ParseManifestJson(std::string_view json, std::string_view text);

}  // namespace ferry::integrity
