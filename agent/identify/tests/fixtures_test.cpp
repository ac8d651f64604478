// Acceptance: every development recording in shared/fixtures/printers must yield the identity
// given in that folder's README.md. Files are read in place (PW_FIXTURES_DIR).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "agent/identify/identify.hpp"
#include "agent/identify/snmprec.hpp"

namespace pw::agent::identify {
namespace {

struct Expected {
  std::string vendor;
  std::string model;
  std::string serial;
  std::string firmware;
  std::string mac;
};

DeviceIdentity identifyRecording(const std::string& name) {
  const auto path = std::filesystem::path(PW_FIXTURES_DIR) / "snmprec" / (name + ".snmprec");
  const SnmprecFile file = SnmprecFile::load(path);
  for (const auto& issue : file.issues) {
    ADD_FAILURE() << path << ":" << issue.line << ": " << issue.message;
  }
  return Identifier().identify(file.values());
}

void expectIdentity(const std::string& name, const Expected& expected) {
  SCOPED_TRACE(name);
  const DeviceIdentity identity = identifyRecording(name);
  EXPECT_EQ(identity.vendor, expected.vendor);
  EXPECT_EQ(identity.model, expected.model);
  EXPECT_EQ(identity.serial, expected.serial);
  EXPECT_EQ(identity.firmware, expected.firmware);
  EXPECT_EQ(identity.mac, expected.mac);
  EXPECT_TRUE(identity.is_printer);
  // sysName / sysLocation / sysContact are "<private>" or absent in every recording.
  EXPECT_EQ(identity.name, "");
  EXPECT_EQ(identity.location, "");
  EXPECT_EQ(identity.contact, "");
}

TEST(FixtureIdentity, CanonLbp6670) {
  // Model and firmware from the Canon OIDs, serial from prtGeneralSerialNumber.
  expectIdentity("canonprinter_lbp",
                 {"Canon", "LBP6670", "MKRA012345", "R7.21", "88:87:17:00:00:00"});
}

TEST(FixtureIdentity, CanonD1180FromSysDescrOnly) {
  // Two lines; the model is parsed from "Canon D1180/MF6680 /P".
  expectIdentity("canonprinter_d1180", {"Canon", "D1180/MF6680", "", "", ""});
}

TEST(FixtureIdentity, CanonMfSysDescrWithoutSysObjectId) {
  expectIdentity("canonprinter_mf", {"Canon", "MF", "", "", ""});
}

TEST(FixtureIdentity, RicohAficioMpC3002) {
  expectIdentity("ricoh_mpc3002",
                 {"Ricoh", "Aficio MP C3002", "W492KB03439", "2.20", "00:26:73:54:e2:6a"});
}

TEST(FixtureIdentity, HpLaserJetM130nw) {
  // Firmware from the HP OID after stripping the 01 15 prefix; if1 has an empty ifPhysAddress.
  expectIdentity("jetdirect_m130nw",
                 {"HP", "LaserJet MFP M130nw", "VNCRC48198", "20201023", "14:cb:19:95:2e:a0"});
}

TEST(FixtureIdentity, KonicaMinoltaBizhubC250i) {
  expectIdentity("konica_c250i",
                 {"Konica Minolta", "bizhub C250i", "AA2M021115700", "1.102", "00:20:6b:4a:f3:25"});
}

TEST(FixtureIdentity, SharpMx3570n) {
  // The Sharp model OID is an empty string, so the model comes from sysDescr.
  expectIdentity("sharp", {"Sharp", "MX-3570N", "6509415X00", "1.04", "24:31:84:c8:46:6a"});
}

TEST(FixtureIdentity, BrotherHl5370dw) {
  // Serial and firmware only in Brother OIDs; model string carries "series [mac]".
  expectIdentity("brother_hl5370dw",
                 {"Brother", "HL-5370DW", "B9J154306", "1.01", "00:1b:a9:0b:a7:52"});
}

TEST(FixtureIdentity, KyoceraFs1028mfp) {
  expectIdentity("kyocera", {"Kyocera", "FS-1028MFP", "QUV9600664", "2H9_2F00.002.002", ""});
}

TEST(FixtureIdentity, XeroxAltaLinkC8045) {
  // No serial in the recording; firmware is the SS (system software) version in sysDescr.
  expectIdentity("xerox", {"Xerox", "AltaLink C8045", "", "100.002.057.09608", ""});
}

TEST(FixtureIdentity, EpsonWfC5790ba) {
  // sysDescr is "EPSON Built-in"; the model only appears in hrDeviceDescr. No firmware.
  expectIdentity("epson", {"Epson", "WF-C5790BA", "X3B8022793", "", "9c:ae:d3:aa:d6:c5"});
}

TEST(FixtureIdentity, DellS5830dn) {
  // if1 has an empty ifPhysAddress, so the MAC is if2's.
  expectIdentity("dell-laser_s5830dn",
                 {"Dell", "S5830dn", "7XQ1R92-132-13", "NH62.YS.N636", "00:21:b7:43:f5:81"});
}

TEST(FixtureIdentity, AllDevelopmentRecordingsParseWithoutIssues) {
  std::size_t files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::path(PW_FIXTURES_DIR) / "snmprec")) {
    if (entry.path().extension() != ".snmprec") continue;
    ++files;
    const SnmprecFile file = SnmprecFile::load(entry.path());
    EXPECT_FALSE(file.records.empty()) << entry.path();
    EXPECT_TRUE(file.issues.empty()) << entry.path();
  }
  EXPECT_EQ(files, 12u);
}

}  // namespace
}  // namespace pw::agent::identify
