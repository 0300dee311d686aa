#include "stack/keys.h"

#include <algorithm>
#include <cctype>

namespace ferry::stack {
namespace {

using enum KeyType;
constexpr KeyAuthority kLocal = KeyAuthority::kLocal;
constexpr KeyAuthority kData = KeyAuthority::kData;

constexpr KeySpec kCommonKeys[] = {
    {"name", kString, kData, 0, 0, true},
    {"kind", kString, kData, 0, 0, true},
    // Where the component's programs run, and what it claims on the engine.
    {"container", kString, kLocal},
    {"ports", kPortList, kLocal},
    {"volumes", kStringList, kLocal},
    {"networks", kStringList, kLocal},
    {"answer_timeout", kInteger, kData, 1, 3600},
};

constexpr KeySpec kStackKeys[] = {
    {"name", kString},
    {"zstd_level", kInteger, kData, 1, 19},
    {"threads", kInteger, kData, 0, 256},
    {"containers", kStringList, kLocal},
    {"ports", kPortList, kLocal},
    {"volumes", kStringList, kLocal},
    {"networks", kStringList, kLocal},
};

// [target]: how the restore writes on this machine. map_owner picks who
// owns the restored files; from the medium, it could give them to root.
constexpr KeySpec kTargetKeys[] = {
    {"map_owner", kStringList, kLocal},
};

constexpr std::string_view kTopLevel[] = {"stack", "target", "component"};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "apiKey", "API_KEY", "db-password" -> {"api", "key"}, {"db", "password"}.
std::vector<std::string> Words(std::string_view key) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(Lower(word));
    word.clear();
  };
  for (size_t i = 0; i < key.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(key[i]);
    if (!std::isalnum(c)) {
      flush();
      continue;
    }
    const bool boundary =
        std::isupper(c) && i > 0 && std::islower(static_cast<unsigned char>(key[i - 1]));
    if (boundary) flush();
    word += static_cast<char>(c);
  }
  flush();
  return words;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::span<const KeySpec> CommonComponentKeys() { return kCommonKeys; }
std::span<const KeySpec> StackKeys() { return kStackKeys; }
std::span<const KeySpec> TargetKeys() { return kTargetKeys; }
std::span<const std::string_view> TopLevelKeys() { return kTopLevel; }

const KeySpec* FindKey(std::span<const KeySpec> keys, std::string_view name) {
  for (const KeySpec& k : keys) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

bool IsSecretIndirection(std::string_view key) {
  const std::vector<std::string> words = Words(key);
  return words.size() >= 2 && (words.back() == "env" || words.back() == "file");
}

bool LooksLikeSecretKey(std::string_view key) {
  if (IsSecretIndirection(key)) return false;
  static constexpr std::string_view kWords[] = {
      "password", "passwd",     "passphrase",  "pwd",    "secret",     "secrets",   "token",
      "tokens",   "credential", "credentials", "apikey", "privatekey", "accesskey", "secretkey"};
  static constexpr std::pair<std::string_view, std::string_view> kPairs[] = {
      {"api", "key"}, {"private", "key"}, {"access", "key"}, {"secret", "key"}, {"auth", "key"}};
  const std::vector<std::string> words = Words(key);
  for (size_t i = 0; i < words.size(); ++i) {
    if (std::find(std::begin(kWords), std::end(kWords), words[i]) != std::end(kWords)) return true;
    if (i + 1 < words.size()) {
      for (const auto& [a, b] : kPairs) {
        if (words[i] == a && words[i + 1] == b) return true;
      }
    }
  }
  return false;
}

std::string ClosestKey(std::string_view key, const std::vector<std::string_view>& candidates) {
  std::string best;
  size_t best_distance = 3;
  const std::string lower = Lower(key);
  for (std::string_view c : candidates) {
    size_t d = lower == Lower(c) ? 0 : EditDistance(lower, Lower(c));
    // Short keys need a closer match, or every short key would suggest another.
    size_t limit = c.size() <= 4 ? 1 : 2;
    if (d <= limit && d < best_distance) {
      best = std::string(c);
      best_distance = d;
    }
  }
  return best;
}

}  // namespace ferry::stack
