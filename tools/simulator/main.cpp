// printwarden-sim: a fleet of SNMP printers on loopback, replaying .snmprec recordings.
//
// Design note
// - One UDP socket bound to BIND:PORT serves every simulated address. IP_PKTINFO tells which
//   address a datagram was sent to (the device); the reply is sent with that address as its
//   source, so each device answers from its own address. On Linux all of 127/8 is loopback,
//   so 127.16.0.1 ... 127.16.x.y need no set-up.
// - One thread: recvmmsg drains up to kBatch datagrams per system call, replies go out with
//   one sendmmsg. SIGINT/SIGTERM arrive on a signalfd polled beside the socket, so shutdown
//   never races a blocking call; so does SIGHUP, which re-reads the states file between two
//   batches (no locking: one thread).
// - Devices share their recording (device k plays recording k % files). Everything that
//   differs per device (serial, MAC, sysName, counters, silence) is computed from the device
//   index and the seed on each request (fleet.cpp), so memory does not grow with --count.
// - Lookups are binary searches over each recording's OIDs in numeric order.
// - The SNMP encoding is agent/snmp's codec (net-snmp underneath); malformed datagrams and
//   wrong communities are dropped without an answer, as real agents do.
// - SNMPv3 (with --v3-user) goes to V3Responder: every device is its own USM engine, with the
//   same answers as v2c once security processing passed. Without --v3-user v3 is dropped.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "agent/snmp/codec.hpp"
#include "tools/simulator/fleet.hpp"
#include "tools/simulator/response_fit.hpp"
#include "tools/simulator/v3_responder.hpp"

namespace {

namespace fs = std::filesystem;
namespace sim = pw::tools::simulator;
namespace snmp = pw::agent::snmp;

constexpr unsigned kBatch = 64;
constexpr std::size_t kDatagramSize = 65536;

struct Options {
  std::string recordings;
  std::string first_address = "127.16.0.1";
  std::uint32_t count = 0;
  int port = 161;
  std::string bind_address = "0.0.0.0";
  std::string community = "public";
  std::string write_community;
  std::uint32_t writable = 0xffffffffU;
  double restart_seconds = 5.0;
  double silent_share = 0.0;
  std::uint64_t seed = 1;
  double pages_per_minute = 1.0;
  double supply_life_pages = 5000.0;
  double error_share = 0.0;
  std::string states_file;
  std::string v3_user;
  std::string v3_auth_key;
  std::string v3_priv_key;
  std::string v3_auth_protocol = "SHA";
  std::string v3_priv_protocol = "AES";
  std::uint32_t duplicate_engine_ids = 1;
};

std::string addressText(std::uint32_t host_order) {
  in_addr a{htonl(host_order)};
  char text[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &a, text, sizeof text);
  return text;
}

std::optional<std::string> encode(snmp::Response response, bool bulk) {
  return sim::encodeFitting(std::move(response), bulk,
                            [](const snmp::Response& r) { return snmp::encodeResponse(r); });
}

struct Stats {
  std::uint64_t received = 0;
  std::uint64_t answered = 0;
  std::uint64_t dropped = 0;
};

// Re-reads the states file into the fleet; a bad file leaves the previous states in place.
bool reloadStates(sim::Fleet& fleet, const std::string& path, const sim::FleetAddresses& where) {
  auto loaded = sim::loadStates(path, where, fleet.states(), std::chrono::steady_clock::now());
  if (auto* error = std::get_if<std::string>(&loaded)) {
    std::cerr << "printwarden-sim: states file " << path << ": " << *error
              << "; states unchanged\n";
    return false;
  }
  fleet.setStates(std::get<sim::StateTable>(std::move(loaded)));
  std::cerr << "printwarden-sim: states loaded from " << path << ": " << fleet.states().size()
            << " devices\n";
  return true;
}

int serve(int fd, int signal_fd, sim::Fleet& fleet, std::uint32_t first, std::uint32_t count,
          const std::string& states_file, std::optional<sim::V3Responder>& v3) {
  struct Slot {
    std::array<char, kDatagramSize> data;
    sockaddr_in peer;
    alignas(cmsghdr) std::array<char, CMSG_SPACE(sizeof(in_pktinfo))> control;
    iovec iov;
  };
  std::vector<Slot> slots(kBatch);
  std::array<mmsghdr, kBatch> in{};
  struct Reply {
    std::string bytes;
    sockaddr_in peer;
    alignas(cmsghdr) std::array<char, CMSG_SPACE(sizeof(in_pktinfo))> control;
    iovec iov;
  };
  std::vector<Reply> replies(kBatch);
  std::array<mmsghdr, kBatch> out{};
  Stats stats;

  while (true) {
    std::array<pollfd, 2> fds = {pollfd{fd, POLLIN, 0}, pollfd{signal_fd, POLLIN, 0}};
    if (poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      std::perror("printwarden-sim: poll");
      return 1;
    }
    if (fds[1].revents & POLLIN) {
      signalfd_siginfo info{};
      if (read(signal_fd, &info, sizeof info) == sizeof info && info.ssi_signo == SIGHUP) {
        if (!states_file.empty()) reloadStates(fleet, states_file, {first, count});
        continue;
      }
      break;
    }
    if (!(fds[0].revents & POLLIN)) continue;

    while (true) {
      for (unsigned i = 0; i < kBatch; ++i) {
        Slot& s = slots[i];
        s.iov = {s.data.data(), s.data.size()};
        in[i].msg_hdr = {};
        in[i].msg_hdr.msg_name = &s.peer;
        in[i].msg_hdr.msg_namelen = sizeof s.peer;
        in[i].msg_hdr.msg_iov = &s.iov;
        in[i].msg_hdr.msg_iovlen = 1;
        in[i].msg_hdr.msg_control = s.control.data();
        in[i].msg_hdr.msg_controllen = s.control.size();
      }
      const int n = recvmmsg(fd, in.data(), kBatch, MSG_DONTWAIT, nullptr);
      if (n <= 0) break;  // EAGAIN: drained
      const auto now = std::chrono::steady_clock::now();
      unsigned answered = 0;
      for (int i = 0; i < n; ++i) {
        ++stats.received;
        const msghdr& h = in[static_cast<unsigned>(i)].msg_hdr;
        if (h.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) {
          ++stats.dropped;
          continue;
        }
        const in_pktinfo* info = nullptr;
        for (cmsghdr* c = CMSG_FIRSTHDR(&h); c != nullptr;
             c = CMSG_NXTHDR(const_cast<msghdr*>(&h), c)) {
          if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
            info = reinterpret_cast<const in_pktinfo*>(CMSG_DATA(c));
          }
        }
        if (info == nullptr) {
          ++stats.dropped;
          continue;
        }
        const std::uint32_t device = ntohl(info->ipi_addr.s_addr) - first;
        if (device >= count || fleet.isSilent(device)) {
          ++stats.dropped;
          continue;
        }
        const Slot& s = slots[static_cast<unsigned>(i)];
        const std::string_view datagram(s.data.data(), in[static_cast<unsigned>(i)].msg_len);
        std::optional<std::string> bytes;
        const auto request = snmp::decodeRequest(datagram);
        if (request) {
          if (auto response = fleet.answer(request.value(), device, now)) {
            bytes = encode(std::move(*response), request->type == snmp::PduType::kGetBulk);
          }
        } else if (request.error() == snmp::CodecError::kUnsupportedVersion && v3) {
          bytes = v3->answer(datagram, fleet, device, now);
        }
        if (!bytes) {
          ++stats.dropped;
          continue;
        }
        Reply& r = replies[answered];
        r.bytes = std::move(*bytes);
        r.peer = s.peer;
        r.iov = {r.bytes.data(), r.bytes.size()};
        mmsghdr& m = out[answered];
        m.msg_hdr = {};
        m.msg_hdr.msg_name = &r.peer;
        m.msg_hdr.msg_namelen = sizeof r.peer;
        m.msg_hdr.msg_iov = &r.iov;
        m.msg_hdr.msg_iovlen = 1;
        // Answer from the address that was asked.
        m.msg_hdr.msg_control = r.control.data();
        m.msg_hdr.msg_controllen = CMSG_SPACE(sizeof(in_pktinfo));
        cmsghdr* c = CMSG_FIRSTHDR(&m.msg_hdr);
        c->cmsg_level = IPPROTO_IP;
        c->cmsg_type = IP_PKTINFO;
        c->cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
        in_pktinfo reply_info{};
        reply_info.ipi_spec_dst = info->ipi_addr;
        std::memcpy(CMSG_DATA(c), &reply_info, sizeof reply_info);
        ++answered;
      }
      unsigned sent = 0;
      while (sent < answered) {
        const int k = sendmmsg(fd, out.data() + sent, answered - sent, 0);
        if (k < 0) {
          if (errno == EINTR) continue;
          stats.dropped += answered - sent;  // e.g. ECONNREFUSED from a vanished client
          ++sent;
          continue;
        }
        sent += static_cast<unsigned>(k);
        stats.answered += static_cast<unsigned>(k);
      }
      if (static_cast<unsigned>(n) < kBatch) break;
    }
  }
  std::cerr << "printwarden-sim: stopping; " << stats.received << " requests, " << stats.answered
            << " answered, " << stats.dropped << " dropped\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{"printwarden-sim: many SNMP printers on loopback from .snmprec recordings"};
  app.add_option("--recordings", options.recordings, "directory of *.snmprec files")
      ->required()
      ->check(CLI::ExistingDirectory);
  app.add_option("--first-address", options.first_address, "address of device 0")
      ->capture_default_str();
  app.add_option("--count", options.count, "number of devices (default: one per recording)");
  app.add_option("--port", options.port, "UDP port; 0 picks a free one")
      ->required()
      ->check(CLI::Range(0, 65535));
  app.add_option("--bind", options.bind_address, "address the socket binds")->capture_default_str();
  app.add_option("--community", options.community, "read community")->capture_default_str();
  app.add_option("--write-community", options.write_community,
                 "community that may restart devices (prtGeneralReset); default: none");
  app.add_option("--writable", options.writable,
                 "the first N devices accept a restart; the others refuse it (noAccess)")
      ->needs("--write-community");
  app.add_option("--restart-seconds", options.restart_seconds,
                 "how long a restarted device stays silent")
      ->check(CLI::Range(0.0, 3600.0))
      ->capture_default_str();
  app.add_option("--silent-share", options.silent_share, "share of devices that never answer")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  app.add_option("--seed", options.seed, "varies serials, MACs, names, counters, silence")
      ->capture_default_str();
  app.add_option("--pages-per-minute", options.pages_per_minute,
                 "average printing speed: growth of Counter32 page counters, supply use")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--supply-life-pages", options.supply_life_pages,
                 "pages a full supply lasts, on average")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--error-share", options.error_share,
                 "share of devices in a random error state (from --seed)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  app.add_option("--states", options.states_file,
                 "JSON {\"device index or address\": \"state\"}, re-read on SIGHUP");
  app.add_option("--v3-user", options.v3_user, "SNMPv3 user name (enables SNMPv3)");
  app.add_option("--v3-auth-key", options.v3_auth_key,
                 "SNMPv3 authentication password (8+ characters; none: noAuthNoPriv)");
  app.add_option("--v3-priv-key", options.v3_priv_key,
                 "SNMPv3 privacy password (8+ characters; none: no privacy)");
  app.add_option("--v3-auth-protocol", options.v3_auth_protocol,
                 "MD5, SHA, SHA-224, SHA-256, SHA-384 or SHA-512")
      ->capture_default_str();
  app.add_option("--v3-priv-protocol", options.v3_priv_protocol,
                 "DES, AES, AES-256 (Blumenthal key extension) or AES-256-C (Reeder)")
      ->capture_default_str();
  app.add_option("--duplicate-engine-ids", options.duplicate_engine_ids,
                 "groups of N consecutive devices share one SNMPv3 engine ID (1: all distinct)")
      ->check(CLI::Range(1U, 0xffffffffU))
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  in_addr first{};
  in_addr bind_address{};
  if (inet_pton(AF_INET, options.first_address.c_str(), &first) != 1 ||
      inet_pton(AF_INET, options.bind_address.c_str(), &bind_address) != 1) {
    std::cerr << "printwarden-sim: --first-address and --bind take IPv4 addresses\n";
    return 2;
  }

  std::vector<fs::path> files;
  for (const auto& item : fs::directory_iterator(options.recordings)) {
    if (item.path().extension() == ".snmprec") files.push_back(item.path());
  }
  std::sort(files.begin(), files.end(),
            [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
  if (files.empty()) {
    std::cerr << "printwarden-sim: no *.snmprec files in " << options.recordings << "\n";
    return 2;
  }
  std::vector<sim::Recording> recordings;
  std::vector<std::string> issues;
  try {
    for (const auto& file : files) recordings.push_back(sim::loadRecording(file, issues));
  } catch (const std::exception& e) {
    std::cerr << "printwarden-sim: " << e.what() << "\n";
    return 2;
  }
  for (const auto& issue : issues) std::cerr << "printwarden-sim: " << issue << "\n";

  const std::uint32_t first_host = ntohl(first.s_addr);
  if (options.count == 0) options.count = static_cast<std::uint32_t>(recordings.size());
  if (options.count - 1 > 0xffffffffU - first_host) {
    std::cerr << "printwarden-sim: --count runs past 255.255.255.255\n";
    return 2;
  }

  sim::FleetSettings settings;
  settings.community = options.community;
  settings.seed = options.seed;
  settings.silent_share = options.silent_share;
  settings.pages_per_minute = options.pages_per_minute;
  settings.supply_life_pages = options.supply_life_pages;
  settings.error_share = options.error_share;
  settings.write_community = options.write_community;
  settings.writable_count = options.writable;
  settings.restart_time =
      std::chrono::milliseconds(static_cast<std::int64_t>(options.restart_seconds * 1000.0));
  sim::Fleet fleet(std::move(recordings), settings);
  if (!options.states_file.empty() &&
      !reloadStates(fleet, options.states_file, {first_host, options.count})) {
    return 2;
  }

  std::optional<sim::V3Responder> v3;
  if (!options.v3_user.empty()) {
    sim::V3Settings v3_settings;
    v3_settings.user = options.v3_user;
    v3_settings.auth_key = options.v3_auth_key;
    v3_settings.priv_key = options.v3_priv_key;
    v3_settings.engine_id_group = options.duplicate_engine_ids;
    const auto auth = snmp::parseAuthProtocol(options.v3_auth_protocol);
    const auto priv = snmp::parsePrivProtocol(options.v3_priv_protocol);
    if (!auth || !priv) {
      std::cerr << "printwarden-sim: unknown --v3-auth-protocol or --v3-priv-protocol\n";
      return 2;
    }
    v3_settings.auth = *auth;
    v3_settings.priv = *priv;
    try {
      v3.emplace(v3_settings, options.community, settings.started);
    } catch (const std::invalid_argument& e) {
      std::cerr << "printwarden-sim: " << e.what() << "\n";
      return 2;
    }
  } else if (!options.v3_auth_key.empty() || !options.v3_priv_key.empty()) {
    std::cerr << "printwarden-sim: --v3-auth-key and --v3-priv-key need --v3-user\n";
    return 2;
  }

  // How many devices answer, for benchmarks and demos to check what they find (counted only
  // for fleets that take a moment to count).
  if (options.count <= (1U << 24)) {
    std::uint32_t answering = 0;
    for (std::uint32_t device = 0; device < options.count; ++device) {
      if (!fleet.isSilent(device)) ++answering;
    }
    std::cerr << "printwarden-sim: " << answering << " of " << options.count << " devices answer\n";
  }

  // Signals are read from a signalfd; block them first so none is delivered the usual way.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  sigprocmask(SIG_BLOCK, &signals, nullptr);
  const int signal_fd = signalfd(-1, &signals, SFD_CLOEXEC);

  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  const int on = 1;
  const int buffer = 4 << 20;
  setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof on);
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
  setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr = bind_address;
  address.sin_port = htons(static_cast<std::uint16_t>(options.port));
  if (signal_fd < 0 || fd < 0 ||
      bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    std::cerr << "printwarden-sim: cannot bind " << options.bind_address << ":" << options.port
              << ": " << std::strerror(errno) << "\n";
    return 1;
  }
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);

  std::cout << "printwarden-sim: " << options.count << " devices on " << addressText(first_host)
            << "-" << addressText(first_host + options.count - 1) << " port "
            << ntohs(address.sin_port) << std::endl;
  const int rc = serve(fd, signal_fd, fleet, first_host, options.count, options.states_file, v3);
  close(fd);
  close(signal_fd);
  return rc;
}
