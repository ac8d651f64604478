#include "agent/monitor/status.hpp"

#include <gtest/gtest.h>

#include <string>

#include "agent/monitor/tests/test_values.hpp"

namespace pw::agent::monitor {
namespace {

using identify::OidValues;
using identify::SnmpType;

using testing::integer;
using testing::octets;

// One prtAlertTable row at hrDeviceIndex 1, alert index `index`.
void addAlert(OidValues& values, int index, int severity, int training, int group, int code,
              const std::string& description) {
  const std::string suffix = ".1." + std::to_string(index);
  const std::string entry = "1.3.6.1.2.1.43.18.1.1.";
  values[entry + "2" + suffix] = integer(severity);
  values[entry + "3" + suffix] = integer(training);
  values[entry + "4" + suffix] = integer(group);
  values[entry + "5" + suffix] = integer(1);
  values[entry + "6" + suffix] = integer(-2);
  values[entry + "7" + suffix] = integer(code);
  values[entry + "8" + suffix] = octets(description);
  values[entry + "9" + suffix] = {SnmpType::kTimeTicks, "4200"};
}

TEST(ErrorState, BitZeroIsTheMostSignificantBitOfTheFirstByte) {
  EXPECT_EQ(decodeErrorState(std::string("\x80\x00", 2)), std::vector{Condition::kLowPaper});
  EXPECT_EQ(decodeErrorState("\x20"), std::vector{Condition::kLowToner});
  EXPECT_EQ(decodeErrorState(std::string("\x01\x00", 2)),
            std::vector{Condition::kServiceRequested});
  EXPECT_EQ(decodeErrorState(std::string("\x00\x80", 2)),
            std::vector{Condition::kInputTrayMissing});
  EXPECT_EQ(decodeErrorState(std::string("\x00\x02", 2)),
            std::vector{Condition::kOverduePreventMaint});
  EXPECT_EQ(decodeErrorState(""), std::vector<Condition>{});
}

TEST(ErrorState, IgnoresTheUnusedBitAndExtraBytes) {
  EXPECT_EQ(decodeErrorState(std::string("\x00\x01\xff", 3)), std::vector<Condition>{});
  EXPECT_EQ(decodeErrorState(std::string("\x0c\x00", 2)),
            (std::vector{Condition::kDoorOpen, Condition::kJammed}));
}

TEST(Status, NothingKnownIsUnknown) {
  const StatusReading status = readStatus({});
  EXPECT_EQ(status.severity, Severity::kUnknown);
  EXPECT_EQ(status.power, PowerState::kUnknown);
}

TEST(Status, StatusObjectsSayingUnknownAreUnknown) {
  const StatusReading status = readStatus(
      {{"1.3.6.1.2.1.25.3.2.1.5.1", integer(1)}, {"1.3.6.1.2.1.25.3.5.1.1.1", integer(2)}});
  EXPECT_EQ(status.device_status, 1);
  EXPECT_EQ(status.severity, Severity::kUnknown);
  EXPECT_EQ(status.power, PowerState::kUnknown);
}

TEST(Status, DeviceStatusAloneSetsTheFloor) {
  EXPECT_EQ(readStatus({{"1.3.6.1.2.1.25.3.2.1.5.1", integer(2)}}).severity, Severity::kOk);
  EXPECT_EQ(readStatus({{"1.3.6.1.2.1.25.3.2.1.5.1", integer(3)}}).severity, Severity::kWarning);
  EXPECT_EQ(readStatus({{"1.3.6.1.2.1.25.3.2.1.5.1", integer(5)}}).severity, Severity::kError);
}

TEST(Status, UsesThePrinterRowOfHrPrinterTable) {
  // The printer is hrDevice 3 here; hrDevice 1 (say, a network card) is down.
  const OidValues values = {
      {"1.3.6.1.2.1.25.3.2.1.5.1", integer(5)},
      {"1.3.6.1.2.1.25.3.2.1.5.3", integer(2)},
      {"1.3.6.1.2.1.25.3.5.1.1.3", integer(3)},
      {"1.3.6.1.2.1.25.3.5.1.2.3", octets(std::string("\x00\x00", 2))},
  };
  const StatusReading status = readStatus(values);
  EXPECT_EQ(status.device_status, 2);
  EXPECT_EQ(status.printer_status, 3);
  EXPECT_EQ(status.severity, Severity::kOk);
}

TEST(Status, BitsFoldIntoSeverityAndConditions) {
  const OidValues values = {
      {"1.3.6.1.2.1.25.3.2.1.5.1", integer(3)},
      {"1.3.6.1.2.1.25.3.5.1.2.1", octets(std::string("\xa0\x00", 2))},  // lowPaper + lowToner
  };
  StatusReading status = readStatus(values);
  EXPECT_EQ(status.severity, Severity::kWarning);
  EXPECT_EQ(status.conditions, (std::vector{Condition::kLowPaper, Condition::kLowToner}));
  EXPECT_EQ(status.power, PowerState::kOn);
}

TEST(Status, ReadsAlertRowsWithNames) {
  OidValues values = {{"1.3.6.1.2.1.25.3.2.1.5.1", integer(5)}};
  addAlert(values, 7, 3, 3, 13, 8, "Paper jam in tray 2");
  const StatusReading status = readStatus(values);
  ASSERT_EQ(status.alerts.size(), 1U);
  const Alert& alert = status.alerts.front();
  EXPECT_EQ(alert.index, "1.7");
  EXPECT_EQ(alert.severity_level_name, "critical");
  EXPECT_EQ(alert.training_level_name, "untrained");
  EXPECT_EQ(alert.group_name, "mediaPath");
  EXPECT_EQ(alert.group_index, 1);
  EXPECT_EQ(alert.location, -2);
  EXPECT_EQ(alert.code_name, "jam");
  EXPECT_EQ(alert.description, "Paper jam in tray 2");
  EXPECT_EQ(alert.time_ticks, 4200U);
  EXPECT_EQ(alert.condition, Condition::kJammed);
  EXPECT_EQ(alert.severity, Severity::kError);
  EXPECT_EQ(status.severity, Severity::kError);
  EXPECT_EQ(status.conditions, std::vector{Condition::kJammed});
}

TEST(Status, FieldServiceCriticalAlertIsAServiceCall) {
  OidValues values;
  addAlert(values, 1, 4, 3, 11, 1104, "Toner low");           // warning
  addAlert(values, 2, 3, 5, 5, 30, "Call for service E000");  // critical, field service
  addAlert(values, 3, 3, 4, 5, 22, "Offline");                // critical, trained: an error
  const StatusReading status = readStatus(values);
  ASSERT_EQ(status.alerts.size(), 3U);
  EXPECT_EQ(status.alerts[0].severity, Severity::kWarning);
  EXPECT_EQ(status.alerts[1].severity, Severity::kServiceCall);
  EXPECT_EQ(status.alerts[2].severity, Severity::kError);
  EXPECT_EQ(status.severity, Severity::kServiceCall);
  EXPECT_EQ(status.conditions,
            (std::vector{Condition::kLowToner, Condition::kOffline, Condition::kServiceRequested}));
}

TEST(Status, PowerSaverAlertMeansSleepNotAProblem) {
  OidValues values = {{"1.3.6.1.2.1.25.3.2.1.5.1", integer(2)}};
  addAlert(values, 1, 4, 7, 5, 23, "Sleep mode");
  const StatusReading status = readStatus(values);
  EXPECT_EQ(status.power, PowerState::kSleep);
  EXPECT_EQ(status.severity, Severity::kOk);
}

TEST(Status, UnknownCodesAndOddTypesAreKeptHonest) {
  OidValues values = {
      {"1.3.6.1.2.1.25.3.2.1.5.1", octets("running")},  // wrong type: ignored
      {"1.3.6.1.2.1.25.3.5.1.2.1", integer(4)},         // wrong type: ignored
  };
  addAlert(values, 1, 9, 42, 99, 77777, "vendor specific");
  const StatusReading status = readStatus(values);
  EXPECT_FALSE(status.device_status.has_value());
  EXPECT_FALSE(status.error_state.has_value());
  ASSERT_EQ(status.alerts.size(), 1U);
  EXPECT_EQ(status.alerts[0].code_name, "code 77777");
  EXPECT_EQ(status.alerts[0].group_name, "code 99");
  EXPECT_FALSE(status.alerts[0].condition.has_value());
  EXPECT_EQ(status.severity, Severity::kWarning);
}

}  // namespace
}  // namespace pw::agent::monitor
