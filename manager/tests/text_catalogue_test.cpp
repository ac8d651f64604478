// The server's catalogue is complete: every key has a text in every language, with the same
// placeholders as English; every key the code asks for exists (the literal ones found in the
// sources, the computed ones from the values they are computed of).
#include "manager/core/text_catalogue.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "manager/core/monitoring.hpp"
#include "manager/core/task.hpp"

namespace pw::manager {
namespace {

std::multiset<std::string> placeholders(std::string_view text) {
  static const std::regex kPlaceholder(R"(\{(\w+)\})");
  std::multiset<std::string> out;
  const std::string s(text);
  for (auto it = std::sregex_iterator(s.begin(), s.end(), kPlaceholder);
       it != std::sregex_iterator(); ++it) {
    out.insert((*it)[1]);
  }
  return out;
}

bool hasKey(std::string_view key) {
  for (const auto& entry : textCatalogue()) {
    if (entry.key == key) return true;
  }
  return false;
}

TEST(TextCatalogue, EveryKeyHasEveryLanguageWithEnglishPlaceholders) {
  ASSERT_FALSE(textCatalogue().empty());
  std::string previous;
  for (const auto& entry : textCatalogue()) {
    EXPECT_LT(previous, entry.key) << "keys must be sorted and unique";
    previous = entry.key;
    const auto english = placeholders(entry.texts[0]);
    for (std::size_t i = 0; i < kTextLanguages.size(); ++i) {
      EXPECT_FALSE(entry.texts[i].empty()) << entry.key << " in " << kTextLanguages[i];
      EXPECT_EQ(placeholders(entry.texts[i]), english) << entry.key << " in " << kTextLanguages[i];
    }
  }
}

TEST(TextCatalogue, WordsPickTheLanguageFillPlaceholdersAndFallBackToEnglish) {
  EXPECT_EQ(Words("de")("report.column.device"), "Gerät");
  EXPECT_EQ(Words("ja")("status.error"), "エラー");
  EXPECT_EQ(Words("pt")("report.column.device"), "Device");
  EXPECT_EQ(Words("pt").language(), "en");
  EXPECT_EQ(Words("fr")("mail.task.run", {{"id", "7"}, {"result", "Erreur"}}),
            "Exécution 7 : Erreur");
  EXPECT_EQ(Words("en")("mail.task.more", {{"n", "{n}"}}), "... and {n} more");
  EXPECT_EQ(Words("en")("no.such.key"), "no.such.key");
  EXPECT_TRUE(isTextLanguage("it"));
  EXPECT_FALSE(isTextLanguage("EN"));
}

TEST(TextCatalogue, ComputedKeysExist) {
  for (const auto name : kCounterFieldNames) EXPECT_TRUE(hasKey("counter." + std::string(name)));
  for (int r = 0; r <= static_cast<int>(TargetResult::kCancelled); ++r) {
    const std::string key = std::string("task.result.") + toString(static_cast<TargetResult>(r));
    EXPECT_TRUE(hasKey(key)) << key;
  }
  for (const char* state : {"value", "some_remaining", "unknown", "other", "absent", "invalid"}) {
    EXPECT_TRUE(hasKey(std::string("supplyState.") + state)) << state;
  }
  for (const char* key :
       {"status.serviceCall", "status.error", "status.warning", "status.normal", "status.unknown",
        "status.offline", "status.noData", "condition.empty", "condition.low", "condition.ok",
        "condition.unknown", "task.targetKind.device", "task.targetKind.agent"}) {
    EXPECT_TRUE(hasKey(key)) << key;
  }
}

// Every literal key the Manager's sources pass to a Words object named `words`.
TEST(TextCatalogue, EveryKeyTheSourcesAskForExists) {
  static const std::regex kUse(R"RE(\bwords\(\s*"([^"]+)"\s*[,)])RE");
  int found = 0;
  for (const auto& file : std::filesystem::recursive_directory_iterator(
           std::filesystem::path(PW_SOURCE_DIR) / "manager")) {
    const auto extension = file.path().extension();
    if (extension != ".cpp" && extension != ".hpp") continue;
    if (file.path().filename() == "text_catalogue_test.cpp") continue;
    std::ifstream in(file.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    for (auto it = std::sregex_iterator(s.begin(), s.end(), kUse); it != std::sregex_iterator();
         ++it) {
      ++found;
      EXPECT_TRUE(hasKey((*it)[1].str())) << (*it)[1] << " in " << file.path();
    }
  }
  EXPECT_GT(found, 40) << "the scan found too few uses: has the Words object been renamed?";
}

}  // namespace
}  // namespace pw::manager
