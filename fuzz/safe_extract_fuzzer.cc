// libFuzzer target: tar extraction from the medium (archive/safe_extract).
// Each input is extracted into a fresh scratch folder; afterwards nothing
// may exist outside it: the folder around it holds only the target, and a
// sentinel file beside it is unchanged. A violation traps (a crash report).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "archive/safe_extract.h"
#include "stream/stream.h"

namespace fs = std::filesystem;

namespace {

fs::path Scratch() {
  static const fs::path dir = [] {
    const char* base = std::getenv("FERRY_FUZZ_SCRATCH");
    fs::path d =
        fs::path(base ? base : "/tmp") / ("ferry-fuzz-extract-" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d / "outer" / "box");
    return d;
  }();
  return dir;
}

void CheckConfined(const fs::path& outer) {
  // outer/ holds box/ and the sentinel; box/ holds at most the target t/.
  for (const auto& e : fs::directory_iterator(outer)) {
    std::string n = e.path().filename().string();
    if (n != "box" && n != "sentinel") __builtin_trap();
  }
  for (const auto& e : fs::directory_iterator(outer / "box")) {
    if (e.path().filename() != "t") __builtin_trap();
  }
  std::ifstream in(outer / "sentinel");
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (content != "sentinel") __builtin_trap();
  if (fs::exists(Scratch() / "escaped") || fs::exists("/tmp/escaped")) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fs::path outer = Scratch() / "outer";
  const fs::path target = outer / "box" / "t";
  std::error_code ec;
  // Links in a previous target may lack write permission: make it removable.
  fs::remove_all(target, ec);
  if (ec) {
    std::system(("chmod -R u+rwx '" + target.string() + "' 2>/dev/null").c_str());
    fs::remove_all(target, ec);
  }
  { std::ofstream(outer / "sentinel", std::ios::trunc) << "sentinel"; }
  ferry::stream::StringSource in(std::string(reinterpret_cast<const char*>(data), size));
  (void)ferry::archive::SafeExtract(in, target);
  CheckConfined(outer);
  return 0;
}
