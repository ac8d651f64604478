// Acceptance: every development recording in shared/fixtures/printers yields the status,
// supply, tray and counter facts its README section lists. The expected facts are parsed from
// that README's tables at run time (not transcribed), so the test follows the document:
//   - "Status / counter" rows: hrDeviceStatus.1, hrPrinterDetectedErrorState.1 (bytes and the
//     flag names after "→"), prtMarkerLifeCount.1.1 (+ unit), prtMarkerPowerOnCount.1.1,
//     every `vendor counter "..."` row, prtAlertTable;
//   - "Supply idx" rows: description, type code and name, max, level, level/max;
//   - "Tray idx" rows: name, max, current, current/max.
// A missing table means the reader must find no rows. The product-model facts the README does
// not state (severity, conditions, normalized counters) are listed by hand further down.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "agent/identify/identify.hpp"
#include "agent/identify/snmprec.hpp"
#include "agent/monitor/monitor.hpp"
#include "agent/monitor/tests/test_values.hpp"

namespace pw::agent::monitor {
namespace {

const std::filesystem::path kFixtures = PW_FIXTURES_DIR;

using Row = std::vector<std::string>;

struct Section {
  std::string name;
  std::vector<Row> status, supplies, trays;
};

std::string trim(std::string text) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  text.erase(text.begin(), std::find_if(text.begin(), text.end(), not_space));
  text.erase(std::find_if(text.rbegin(), text.rend(), not_space).base(), text.end());
  return text;
}

Row cells(const std::string& line) {
  Row out;
  std::stringstream stream(line.substr(1));
  std::string cell;
  while (std::getline(stream, cell, '|')) out.push_back(trim(cell));
  if (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

std::string unquote(std::string text) {  // `1.3.6` -> 1.3.6
  text.erase(std::remove(text.begin(), text.end(), '`'), text.end());
  return text;
}

std::map<std::string, Section> parseReadme() {
  std::ifstream in(kFixtures / "README.md");
  EXPECT_TRUE(in) << "cannot read the fixtures README";
  std::map<std::string, Section> sections;
  Section* current = nullptr;
  std::vector<Row>* table = nullptr;
  bool header = false;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("### `", 0) == 0) {
      const auto end = line.find('`', 5);
      current = &sections[line.substr(5, end - 5)];
      current->name = line.substr(5, end - 5);
      table = nullptr;
      continue;
    }
    if (!current) continue;
    if (line.rfind("|", 0) != 0) {
      table = nullptr;
      header = false;
      continue;
    }
    const Row row = cells(line);
    if (row.empty() || row[0].rfind("---", 0) == 0) continue;
    if (!table && !header) {
      header = true;
      if (row[0] == "Status / counter") table = &current->status;
      if (row[0] == "Supply idx") table = &current->supplies;
      if (row[0] == "Tray idx") table = &current->trays;
      continue;
    }
    if (table) table->push_back(row);
  }
  return sections;
}

const std::map<std::string, Section>& readme() {
  static const auto sections = parseReadme();
  return sections;
}

struct Recording {
  identify::OidValues values;
  std::string vendor;
  DeviceReading reading;
};

Recording readRecording(const std::string& name) {
  const auto file = identify::SnmprecFile::load(kFixtures / "snmprec" / (name + ".snmprec"));
  Recording out;
  out.values = file.values();
  out.vendor = identify::Identifier().identify(out.values).vendor;
  out.reading = MonitorReader().read(out.values, out.vendor);
  return out;
}

bool isIndex(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || c == '.';
  });
}

std::optional<std::int64_t> leadingNumber(const std::string& text) {
  if (text.empty() || !(std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '-')) {
    return std::nullopt;
  }
  return std::stoll(text);
}

std::string snakeCase(const std::string& camel) {
  std::string out;
  for (const char c : camel) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      out += '_';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

// "00 (snmprec type `4x`) → no flags set", "20 00 (...) → lowToner", "(empty) ... → no flags set"
void expectErrorState(const StatusReading& status, const std::string& cell) {
  if (cell == "(absent)") {
    EXPECT_FALSE(status.error_state.has_value());
    EXPECT_TRUE(status.error_flags.empty());
    return;
  }
  std::string bytes;
  if (cell.rfind("(empty)", 0) != 0) {
    std::istringstream hex(cell.substr(0, cell.find(" (")));
    std::string pair;
    while (hex >> pair) bytes += static_cast<char>(std::stoi(pair, nullptr, 16));
  }
  ASSERT_TRUE(status.error_state.has_value());
  EXPECT_EQ(*status.error_state, bytes);
  const std::string arrow = "→ ";
  const auto at = cell.find(arrow);
  ASSERT_NE(at, std::string::npos) << cell;
  const std::string flags = cell.substr(at + arrow.size());
  std::vector<std::string> expected;
  if (flags != "no flags set") {
    std::istringstream list(flags);
    std::string flag;
    while (std::getline(list, flag, ',')) expected.push_back(snakeCase(trim(flag)));
  }
  std::vector<std::string> actual;
  for (const Condition c : status.error_flags) actual.emplace_back(toString(c));
  EXPECT_EQ(actual, expected) << cell;
}

void expectStatusRows(const Section& section, const DeviceReading& reading) {
  ASSERT_FALSE(section.status.empty()) << "no status table in the README section";
  for (const Row& row : section.status) {
    ASSERT_GE(row.size(), 3U);
    const std::string& what = row[0];
    const std::string& value = row[2];
    SCOPED_TRACE(what + " = " + value);
    if (what == "hrDeviceStatus.1") {
      EXPECT_EQ(reading.status.device_status, leadingNumber(value));
    } else if (what == "hrPrinterDetectedErrorState.1") {
      expectErrorState(reading.status, value);
    } else if (what == "prtMarkerLifeCount.1.1" || what == "prtMarkerPowerOnCount.1.1") {
      const auto marker =
          std::find_if(reading.counters.markers.begin(), reading.counters.markers.end(),
                       [](const MarkerCounter& m) { return m.index == "1.1"; });
      if (value == "(absent)") {
        if (marker != reading.counters.markers.end()) {
          EXPECT_FALSE(what == "prtMarkerLifeCount.1.1" ? marker->life_count.has_value()
                                                        : marker->power_on_count.has_value());
        }
        continue;
      }
      ASSERT_NE(marker, reading.counters.markers.end());
      const auto expected = static_cast<std::uint64_t>(*leadingNumber(value));
      if (what == "prtMarkerLifeCount.1.1") {
        EXPECT_EQ(marker->life_count, expected);
        const auto unit = value.find(" = ");
        const std::string unit_name =
            unit == std::string::npos ? "" : value.substr(unit + 3, value.find(')') - unit - 3);
        EXPECT_EQ(marker->unit, unit_name);
      } else {
        EXPECT_EQ(marker->power_on_count, expected);
      }
    } else if (what.rfind("vendor counter \"", 0) == 0) {
      const std::string oid = unquote(row[1]);
      const auto raw = std::find_if(reading.counters.vendor.begin(), reading.counters.vendor.end(),
                                    [&oid](const RawCounter& c) { return c.oid == oid; });
      ASSERT_NE(raw, reading.counters.vendor.end()) << "vendor counter not read: " << oid;
      EXPECT_EQ(raw->value, static_cast<std::uint64_t>(*leadingNumber(value)));
    } else if (what == "prtAlertTable") {
      EXPECT_EQ(value, "not present in this recording");
      EXPECT_TRUE(reading.status.alerts.empty());
    } else {
      ADD_FAILURE() << "status row the test does not know: " << what;
    }
  }
}

// "40%" -> percent 40; "n/a: level some remaining(-3)" -> no percent.
void expectPercent(const std::optional<int>& percent, const std::string& cell) {
  if (cell.rfind("n/a", 0) == 0) {
    EXPECT_FALSE(percent.has_value()) << cell;
  } else {
    ASSERT_TRUE(percent.has_value()) << cell;
    EXPECT_EQ(*percent, std::stoi(cell)) << cell;
  }
}

void expectSupplies(const Section& section, const DeviceReading& reading) {
  std::size_t rows = 0;
  for (const Row& row : section.supplies) {
    if (!isIndex(row[0])) continue;  // e.g. "(LibreNMS only)": not printer data
    ++rows;
    SCOPED_TRACE("supply " + row[0]);
    ASSERT_GE(row.size(), 6U);
    const auto supply = std::find_if(reading.supplies.begin(), reading.supplies.end(),
                                     [&row](const Supply& s) { return s.index == row[0]; });
    ASSERT_NE(supply, reading.supplies.end());
    EXPECT_EQ(supply->description, row[1]);
    if (row[2] == "—") {
      EXPECT_EQ(supply->type_code, 0);
    } else {
      EXPECT_EQ(supply->type_code, *leadingNumber(row[2]));
      EXPECT_EQ(supply->type, row[2].substr(row[2].find(' ') + 1));
    }
    EXPECT_EQ(supply->max_capacity, Amount::from(leadingNumber(row[3])));
    EXPECT_EQ(supply->level, Amount::from(leadingNumber(row[4])));
    expectPercent(supply->percent, row[5]);
  }
  EXPECT_EQ(reading.supplies.size(), rows);
}

void expectTrays(const Section& section, const DeviceReading& reading) {
  for (const Row& row : section.trays) {
    SCOPED_TRACE("tray " + row[0]);
    ASSERT_GE(row.size(), 5U);
    const auto tray = std::find_if(reading.input_trays.begin(), reading.input_trays.end(),
                                   [&row](const InputTray& t) { return t.index == row[0]; });
    ASSERT_NE(tray, reading.input_trays.end());
    EXPECT_EQ(tray->name, row[1] == "(absent)" ? "" : row[1]);
    EXPECT_EQ(tray->max_capacity, Amount::from(leadingNumber(row[2])));
    EXPECT_EQ(tray->level, Amount::from(leadingNumber(row[3])));
    expectPercent(tray->percent, row[4]);
  }
  EXPECT_EQ(reading.input_trays.size(), section.trays.size());
}

class FixtureReadme : public ::testing::TestWithParam<std::string> {};

TEST_P(FixtureReadme, YieldsTheFactsItsReadmeSectionLists) {
  const auto it = readme().find(GetParam());
  ASSERT_NE(it, readme().end()) << "no README section for " << GetParam();
  const Recording recording = readRecording(GetParam());
  expectStatusRows(it->second, recording.reading);
  expectSupplies(it->second, recording.reading);
  expectTrays(it->second, recording.reading);
}

std::vector<std::string> recordings() {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(kFixtures / "snmprec")) {
    if (entry.path().extension() == ".snmprec") out.push_back(entry.path().stem().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string testName(const ::testing::TestParamInfo<std::string>& info) {
  std::string out = info.param;
  std::replace_if(
      out.begin(), out.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); },
      '_');
  return out;
}

INSTANTIATE_TEST_SUITE_P(DevelopmentSet, FixtureReadme, ::testing::ValuesIn(recordings()),
                         testName);

TEST(FixtureReadme, ParsesEveryDevelopmentSection) {
  // Guards the parser itself: a README reshaped so that no table is recognised must fail here.
  EXPECT_EQ(recordings().size(), 12U);
  std::size_t supply_rows = 0, tray_rows = 0, status_rows = 0;
  for (const std::string& name : recordings()) {
    const auto it = readme().find(name);
    ASSERT_NE(it, readme().end()) << name;
    status_rows += it->second.status.size();
    supply_rows += it->second.supplies.size();
    tray_rows += it->second.trays.size();
  }
  EXPECT_GE(status_rows, 12U * 4);
  EXPECT_GE(supply_rows, 40U);
  EXPECT_GE(tray_rows, 20U);
}

// --- product-model facts the README does not state --------------------------------------

struct ModelFacts {
  std::string recording;
  Severity severity;
  std::vector<Condition> conditions;
  PowerState power;
  std::map<CounterField, std::uint64_t> counters;  ///< normalized fields present, exactly
};

class FixtureModel : public ::testing::TestWithParam<ModelFacts> {};

TEST_P(FixtureModel, FoldsIntoTheProductModel) {
  const ModelFacts& facts = GetParam();
  const DeviceReading reading = readRecording(facts.recording).reading;
  EXPECT_EQ(toString(reading.status.severity), toString(facts.severity));
  EXPECT_EQ(reading.status.conditions, facts.conditions);
  EXPECT_EQ(toString(reading.status.power), toString(facts.power));
  std::map<CounterField, std::uint64_t> counters;
  for (std::size_t f = 0; f < kCounterFieldCount; ++f) {
    const auto field = static_cast<CounterField>(f);
    if (const auto& value = reading.counters.normalized[field]) counters[field] = value->value;
  }
  EXPECT_EQ(counters, facts.counters);
}

using CF = CounterField;
using S = Severity;
using P = PowerState;

INSTANTIATE_TEST_SUITE_P(
    DevelopmentSet, FixtureModel,
    ::testing::Values(
        ModelFacts{"canonprinter_lbp", S::kOk, {}, P::kOn, {}},
        ModelFacts{"canonprinter_d1180", S::kUnknown, {}, P::kUnknown, {}},
        ModelFacts{"canonprinter_mf", S::kUnknown, {}, P::kUnknown, {}},
        // hrDeviceStatus warning with no bit set: a warning without a named condition.
        ModelFacts{"ricoh_mpc3002", S::kWarning, {}, P::kOn, {{CF::kTotal, 271871}}},
        ModelFacts{"jetdirect_m130nw",
                   S::kOk,
                   {},
                   P::kOn,
                   {{CF::kTotal, 15232}, {CF::kBlack, 15232}, {CF::kScan, 1190}}},
        // serviceRequested: a service call; black/colour/print/copy summed from copy + print.
        ModelFacts{"konica_c250i",
                   S::kServiceCall,
                   {Condition::kServiceRequested},
                   P::kOn,
                   {{CF::kTotal, 33810},
                    {CF::kBlack, 3672 + 22876},
                    {CF::kColour, 544 + 6711},
                    {CF::kPrint, 22876 + 6711},
                    {CF::kCopy, 3672 + 544},
                    {CF::kScan, 5653}}},
        ModelFacts{"sharp",
                   S::kWarning,
                   {Condition::kLowToner},
                   P::kOn,
                   {{CF::kTotal, 121104},
                    {CF::kBlack, 91164},
                    {CF::kColour, 29940},
                    {CF::kPrint, 82214},
                    {CF::kCopy, 38804},
                    {CF::kScan, 13534 + 6}}},
        ModelFacts{"brother_hl5370dw", S::kOk, {}, P::kOn, {{CF::kTotal, 7792}}},
        ModelFacts{"kyocera", S::kUnknown, {}, P::kUnknown, {}},
        ModelFacts{"xerox", S::kUnknown, {}, P::kUnknown, {}},
        ModelFacts{"epson", S::kWarning, {}, P::kOn, {}},
        ModelFacts{"dell-laser_s5830dn", S::kOk, {}, P::kOn, {}}),
    [](const ::testing::TestParamInfo<ModelFacts>& param) {
      return testName({param.param.recording, param.index});
    });

TEST(FixtureModel, KeepsSpecialValuesAsStates) {
  // konica 1.13: max -2, level -3; sharp 1.14: -2/-2; sharp 1.5: max -2, level 100.
  const auto konica = readRecording("konica_c250i").reading;
  const auto waste = std::find_if(konica.supplies.begin(), konica.supplies.end(),
                                  [](const Supply& s) { return s.index == "1.13"; });
  ASSERT_NE(waste, konica.supplies.end());
  EXPECT_EQ(waste->max_capacity.kind, Amount::Kind::kUnknown);
  EXPECT_EQ(waste->level.kind, Amount::Kind::kSomeRemaining);
  EXPECT_EQ(waste->type, "wasteToner");
  EXPECT_FALSE(waste->percent.has_value());
  const auto sharp = readRecording("sharp").reading;
  const auto sharp_waste = std::find_if(sharp.supplies.begin(), sharp.supplies.end(),
                                        [](const Supply& s) { return s.index == "1.5"; });
  ASSERT_NE(sharp_waste, sharp.supplies.end());
  EXPECT_EQ(sharp_waste->max_capacity.kind, Amount::Kind::kUnknown);
  EXPECT_EQ(sharp_waste->level, (Amount{Amount::Kind::kValue, 100}));
  EXPECT_FALSE(sharp_waste->percent.has_value());
}

TEST(FixtureModel, IdentityAndMacsAreIdentifysOwn) {
  const auto values = readRecording("dell-laser_s5830dn").values;
  const MonitorReader reader;
  // if1 has an empty ifPhysAddress: the MACs are if2's onwards, as identify reads them.
  const auto plain = reader.read(values, "Dell");
  EXPECT_EQ(plain.macs, identify::interfaceMacs(values));
  ASSERT_FALSE(plain.macs.empty());
  EXPECT_EQ(plain.macs.front(), "00:21:b7:43:f5:81");
  EXPECT_FALSE(plain.identity.has_value());  // not asked
  Parts identity_only{.status = false, .supplies = false, .counters = false, .identity = true};
  const auto with_identity = reader.read(values, "Dell", identity_only);
  ASSERT_TRUE(with_identity.identity.has_value());
  EXPECT_EQ(*with_identity.identity, identify::Identifier().identify(values));
  EXPECT_EQ(with_identity.identity->model, "S5830dn");
}

TEST(MonitoringOids, FollowTheParts) {
  const MonitorReader reader;
  const auto has = [](const std::vector<std::string>& list, const std::string& oid) {
    return std::find(list.begin(), list.end(), oid) != list.end();
  };
  const std::string if_phys(identify::kIfPhysAddressColumn);
  const auto all = reader.monitoringOids("HP");
  EXPECT_EQ(all.get.front(), "1.3.6.1.2.1.1.3.0");  // the probe: sysUpTime first
  EXPECT_TRUE(has(all.walk, if_phys));
  EXPECT_TRUE(has(all.walk, "1.3.6.1.2.1.43.11.1.1"));
  EXPECT_FALSE(has(all.get, "1.3.6.1.2.1.1.1.0"));  // sysDescr: identity only

  const auto identity = reader.monitoringOids(
      "HP", {.status = false, .supplies = false, .counters = false, .identity = true});
  EXPECT_EQ(identity.get.front(), "1.3.6.1.2.1.1.3.0");
  for (const auto& oid : identify::Identifier().identificationOids().get) {
    EXPECT_TRUE(has(identity.get, oid)) << oid;
  }
  EXPECT_EQ(identity.walk, std::vector<std::string>{if_phys});

  const auto status = reader.monitoringOids(
      "HP", {.status = true, .supplies = false, .counters = false, .identity = true});
  EXPECT_EQ(std::count(status.walk.begin(), status.walk.end(), if_phys), 1);  // walked once
  EXPECT_FALSE(has(status.walk, "1.3.6.1.2.1.43.11.1.1"));
}

}  // namespace
}  // namespace pw::agent::monitor
