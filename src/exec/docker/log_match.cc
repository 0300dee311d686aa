#include "exec/docker/log_match.h"

#include <algorithm>
#include <cctype>

namespace ferry::exec::docker {

bool IsErrorLine(const std::string& text) {
  std::string lower(text.size(), '\0');
  std::transform(text.begin(), text.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* word : {"error", "exception", "out of memory"}) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

std::vector<std::string> LastErrorLines(const std::vector<LogLine>& lines, size_t keep,
                                        size_t max_chars) {
  std::vector<std::string> found;
  for (auto it = lines.rbegin(); it != lines.rend() && found.size() < keep; ++it) {
    if (!IsErrorLine(it->text)) continue;
    std::string text = it->text;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.size() > max_chars) text = text.substr(0, max_chars) + "...";
    found.push_back(std::move(text));
  }
  std::reverse(found.begin(), found.end());
  return found;
}

}  // namespace ferry::exec::docker
