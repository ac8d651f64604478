#pragma once
// The Manager's own words in the console's six languages: the text of the mails it sends (task
// results, counters, reports, monitoring notifications) and the headers and values of the
// report exports. One table (text_catalogue.cpp), so a language is added in one place; the
// unit test checks that every key has a text in every language with the same placeholders.
#include <array>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace pw::manager {

/// The languages, in the order of the table's columns; English is the fallback.
inline constexpr std::array<std::string_view, 6> kTextLanguages = {"en", "fr", "de",
                                                                   "it", "es", "ja"};

bool isTextLanguage(std::string_view code);

/// One key and its text in each of kTextLanguages. Placeholders are written {name}.
struct CatalogueEntry {
  std::string_view key;
  std::array<std::string_view, kTextLanguages.size()> texts;
};

/// Every entry, sorted by key (for the completeness test).
std::span<const CatalogueEntry> textCatalogue();

/// The words of one language: `words("report.column.device")`, or with placeholders
/// `words("mail.task.run", {{"id", "12"}, {"result", "Error"}})`. An unknown language is
/// English; an unknown key is returned as is (a bug the unit test's key scan catches).
class Words {
 public:
  explicit Words(std::string_view language);

  [[nodiscard]] std::string_view language() const { return kTextLanguages[column_]; }
  std::string_view operator()(std::string_view key) const;
  std::string operator()(
      std::string_view key,
      std::initializer_list<std::pair<std::string_view, std::string>> values) const;

 private:
  std::size_t column_ = 0;
};

}  // namespace pw::manager
