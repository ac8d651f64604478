// SnmpEngine — design note
//
// One IPv4 UDP socket (non-blocking) and one I/O thread running a poll() loop over two file
// descriptors: the socket and an eventfd that submitters write to. No socket per device, so a
// sweep of 65,536 addresses costs one descriptor and the window (max_in_flight, default 4096)
// decides how many requests are outstanding at once; a silent device holds one window slot
// for timeout × (retries + 1), never the whole sweep.
//
// Submission: public calls append to `submitted_` under `mutex_` and poke the eventfd. Only
// the I/O thread touches everything else (`waiting_`, `in_flight_`, timers, send queue), so
// the hot path takes no lock apart from draining the submission queue once per loop turn.
//
// Per request: on activation (a free window slot) it gets a request id — a 31-bit counter
// starting at a random value, skipping ids still in flight — and is encoded once; the same
// bytes (same id) are retransmitted. A reply is accepted only when its request id is in
// flight AND it comes from the address:port the request went to; anything else is counted as
// stray and ignored. Timers are a min-heap of (deadline, id, generation); entries whose
// request completed or was retransmitted are skipped lazily.
//
// Sending goes through `send_queue_` (first attempts and retransmissions alike). When the
// socket reports EAGAIN/ENOBUFS the queue waits for POLLOUT; a request's timer starts only
// when its datagram actually left, so back-pressure never turns into false timeouts.
//
// Undecodable datagrams cannot be matched by id; when one arrives from an endpoint with
// requests in flight it is remembered, and a later timeout of such a request is reported as
// kDecode ("malformed reply") rather than kTimeout.
//
// SNMPv3 (RFC 3412/3414, codec in v3_codec.cpp): the msgID equals the request-id, so replies
// and Reports match the same way. Each address:port has a cache entry (engine ID, boots, time
// and when they were learned); a request to an unknown endpoint first goes out as a discovery
// probe (noAuthNoPriv, empty engine ID) in the same window slot, and the Report that answers it
// fills the cache before the real request is encoded and sent; other requests to that endpoint
// meanwhile park (no datagram, no timer) until the probe's answer releases them or its timeout
// fails them. notInTimeWindow Reports resync
// boots/time and resend (at most twice); usmStats Reports become kAuthentication errors. Keys
// are derived once per (protocol, password) and localized once per (engine ID, credentials).
// snmpd drops requests it cannot decrypt, and requests for unknown contexts, without a Report,
// so a v3 request that times out after the engine ID was known is followed by one discovery
// probe: an answer means "reachable, but our requests are dropped" (authPriv: wrong privacy key,
// kAuthentication; otherwise an unknown context, kMisconfigured), silence means kTimeout.
//
// Walks are a small state machine on top of the public requests: each page's callback (on the
// I/O thread) appends rows and submits the next page. GetBulk that errors or times out switches
// the walk to GetNext from the same position.
//
// Callbacks run on the I/O thread without any lock held, so they may submit more requests.
#include "agent/snmp/engine.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <deque>
#include <limits>
#include <mutex>
#include <queue>
#include <random>
#include <set>
#include <system_error>
#include <thread>
#include <unordered_map>

#include "agent/snmp/codec.hpp"
#include "agent/snmp/usm_agent.hpp"
#include "agent/snmp/v3_codec.hpp"

namespace pw::agent::snmp {

std::string_view toString(ErrorClass kind) noexcept {
  switch (kind) {
    case ErrorClass::kTimeout: return "timeout";
    case ErrorClass::kAuthentication: return "authentication";
    case ErrorClass::kRejected: return "rejected";
    case ErrorClass::kDecode: return "decode";
    case ErrorClass::kMisconfigured: return "misconfigured";
  }
  return "unknown";
}

std::optional<std::uint32_t> parseIpv4(const std::string& text) {
  in_addr address{};
  if (inet_pton(AF_INET, text.c_str(), &address) != 1) return std::nullopt;
  return ntohl(address.s_addr);
}

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxVarbinds = 1024;
constexpr int kMaxRetries = 100;
constexpr int kReceiveBatch = 256;  // datagrams per loop turn before timers/sends get a go
constexpr int kSendBatch = 256;

std::uint64_t endpointKey(std::uint32_t ipv4, std::uint16_t port) {
  return (static_cast<std::uint64_t>(ipv4) << 16) | port;
}

std::string endpointText(const Target& target) {
  in_addr address{};
  address.s_addr = htonl(target.ipv4);
  char text[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &address, text, sizeof text);
  return std::string(text) + ":" + std::to_string(target.port);
}

SnmpError makeError(ErrorClass kind, std::string message) {
  return {kind, std::move(message)};
}

// Keys for the key caches: fields length-prefixed so no two tuples collide.
void appendField(std::string& key, std::string_view field) {
  key += std::to_string(field.size());
  key += ':';
  key += field;
}

std::string_view errorStatusName(ErrorStatus status) {
  static constexpr std::string_view kNames[] = {"noError",
                                                "tooBig",
                                                "noSuchName",
                                                "badValue",
                                                "readOnly",
                                                "genErr",
                                                "noAccess",
                                                "wrongType",
                                                "wrongLength",
                                                "wrongEncoding",
                                                "wrongValue",
                                                "noCreation",
                                                "inconsistentValue",
                                                "resourceUnavailable",
                                                "commitFailed",
                                                "undoFailed",
                                                "authorizationError",
                                                "notWritable",
                                                "inconsistentName"};
  const auto index = static_cast<std::size_t>(status);
  return index < std::size(kNames) ? kNames[index] : "unknown";
}

std::string_view pduName(PduType type) {
  switch (type) {
    case PduType::kGet: return "GET";
    case PduType::kGetNext: return "GETNEXT";
    case PduType::kGetBulk: return "GETBULK";
    case PduType::kSet: return "SET";
  }
  return "?";
}

}  // namespace

struct SnmpEngine::Impl {
  struct Job {
    Target target;
    PduType type = PduType::kGet;
    std::vector<VarBind> varbinds;  // values are sent for SET only
    int non_repeaters = 0;
    int max_repetitions = 0;
    Callback callback;
  };

  // SNMPv3 requests go through phases; v1/v2c stay in kRequest.
  enum class Phase {
    kDiscovery,  // probing for the engine ID before the request can be encoded
    kParked,     // another request to the same endpoint is probing: wait for its answer
    kRequest,    // the request itself
    kConfirm,    // authPriv timed out: does the agent still answer discovery?
  };

  struct InFlight {
    Job job;
    std::string message;  // encoded once; retransmissions send the same bytes (same id)
    sockaddr_in peer{};
    std::uint64_t endpoint = 0;
    int attempts = 0;  // datagrams sent so far
    int retries = 0;   // retransmissions allowed in the current phase
    std::uint32_t generation = 0;
    bool queued = false;  // in send_queue_
    Phase phase = Phase::kRequest;
    int resyncs = 0;        // v3: re-sends after notInTimeWindow / a changed engine ID
    std::string engine_id;  // v3: the engine the request was encoded for
    LocalizedKeys keys;     // v3: the keys it was encoded with
  };

  // What is known about an SNMPv3 agent at one address:port.
  struct RemoteEngine {
    std::string engine_id;
    std::int32_t boots = 0;
    std::int32_t time = 0;
    Clock::time_point learned;
  };

  struct Timer {
    Clock::time_point deadline;
    std::int32_t id;
    std::uint32_t generation;
    bool operator>(const Timer& other) const { return deadline > other.deadline; }
  };

  struct Endpoint {
    std::size_t in_flight = 0;
    std::string decode_error;  // last undecodable datagram from there, while requests wait
  };

  EngineOptions options_;
  int socket_ = -1;
  int wake_ = -1;
  std::uint16_t local_port_ = 0;
  std::thread thread_;
  std::mutex join_mutex_;

  // Shared with submitters.
  std::mutex mutex_;
  std::deque<Job> submitted_;
  bool stopping_ = false;

  // I/O thread only.
  std::deque<Job> waiting_;
  std::unordered_map<std::int32_t, InFlight> in_flight_;
  std::unordered_map<std::uint64_t, Endpoint> endpoints_;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
  std::deque<std::int32_t> send_queue_;
  bool write_blocked_ = false;
  std::int32_t next_id_ = 1;
  std::string receive_buffer_ = std::string(65536, '\0');
  std::unordered_map<std::uint64_t, RemoteEngine> remote_engines_;
  // One discovery probe per endpoint at a time: the probing request, and those waiting for it.
  std::unordered_map<std::uint64_t, std::int32_t> probers_;
  std::unordered_map<std::uint64_t, std::vector<std::int32_t>> parked_;
  bool draining_ = false;  // stop(): everything completes, nothing moves on
  std::unordered_map<std::string, std::string> master_keys_;       // (protocol, password) → Ku
  std::unordered_map<std::string, LocalizedKeys> localized_keys_;  // (engine, credentials) → Kul
  std::uint64_t salt_ = 0;                                         // privacy IV counter

  // Engine IDs by endpoint, for duplicate detection; read by duplicateEngineIds() callers.
  mutable std::mutex engines_mutex_;
  std::unordered_map<std::uint64_t, std::string> engine_of_endpoint_;
  std::unordered_map<std::string, std::set<std::uint64_t>> endpoints_of_engine_;

  // Counters (written by the I/O thread, `submitted` by callers).
  std::atomic<std::uint64_t> submitted_count_{0};
  std::atomic<std::uint64_t> sent_{0};
  std::atomic<std::uint64_t> retransmitted_{0};
  std::atomic<std::uint64_t> received_{0};
  std::atomic<std::uint64_t> stray_{0};
  std::atomic<std::uint64_t> timeouts_{0};
  std::atomic<std::size_t> max_in_flight_seen_{0};
  std::atomic<std::uint64_t> discovery_probes_{0};
  std::atomic<std::uint64_t> time_resyncs_{0};
  std::atomic<std::uint64_t> reports_{0};

  explicit Impl(EngineOptions options) : options_(options) {
    if (options_.max_in_flight == 0) options_.max_in_flight = 1;
    socket_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (socket_ < 0) throw std::system_error(errno, std::generic_category(), "snmp socket");
    const int buffer = options_.socket_buffer_bytes;
    if (buffer > 0) {
      setsockopt(socket_, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
      setsockopt(socket_, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
    }
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_addr.s_addr = htonl(options_.bind_ipv4);
    if (bind(socket_, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
      const int error = errno;
      close(socket_);
      throw std::system_error(error, std::generic_category(), "snmp bind");
    }
    socklen_t length = sizeof local;
    getsockname(socket_, reinterpret_cast<sockaddr*>(&local), &length);
    local_port_ = ntohs(local.sin_port);
    wake_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (wake_ < 0) {
      const int error = errno;
      close(socket_);
      throw std::system_error(error, std::generic_category(), "snmp eventfd");
    }
    std::random_device random;
    next_id_ = static_cast<std::int32_t>(random() & 0x3fffffffU) + 1;
    salt_ = (static_cast<std::uint64_t>(random()) << 32) | random();
    thread_ = std::thread([this] { run(); });
  }

  ~Impl() {
    stop();
    close(socket_);
    close(wake_);
  }

  void wake() const {
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = write(wake_, &one, sizeof one);
  }

  void submit(Job job) {
    submitted_count_.fetch_add(1, std::memory_order_relaxed);
    {
      std::lock_guard lock(mutex_);
      if (!stopping_) {
        submitted_.push_back(std::move(job));
        if (submitted_.size() == 1) wake();
        return;
      }
    }
    if (job.callback) job.callback(makeError(ErrorClass::kMisconfigured, "engine stopped"));
  }

  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake();
    std::lock_guard join_lock(join_mutex_);
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
  }

  // --- I/O thread ---------------------------------------------------------------------------

  static void complete(Callback& callback, SnmpResult result) {
    if (callback) callback(std::move(result));
  }

  std::int32_t allocateId() {
    while (true) {
      const std::int32_t id = next_id_;
      next_id_ = next_id_ == std::numeric_limits<std::int32_t>::max() ? 1 : next_id_ + 1;
      if (in_flight_.find(id) == in_flight_.end()) return id;
    }
  }

  std::optional<SnmpError> validate(const Job& job) const {
    const Target& t = job.target;
    if (t.ipv4 == 0 || t.port == 0) {
      return makeError(ErrorClass::kMisconfigured, "no address or port");
    }
    if (t.timeout.count() <= 0) return makeError(ErrorClass::kMisconfigured, "timeout <= 0");
    if (t.retries < 0 || t.retries > kMaxRetries) {
      return makeError(ErrorClass::kMisconfigured, "retries out of range");
    }
    if (t.community.size() > 255) return makeError(ErrorClass::kMisconfigured, "community > 255");
    if (t.version == Version::kV3) {
      if (auto error = validateV3(t.v3)) return error;
    }
    if (job.varbinds.empty() || job.varbinds.size() > kMaxVarbinds) {
      return makeError(ErrorClass::kMisconfigured, "need 1..1024 OIDs");
    }
    for (const VarBind& varbind : job.varbinds) {
      if (varbind.oid.size() < 2 || varbind.oid.size() > 128) {
        return makeError(ErrorClass::kMisconfigured, "invalid OID");
      }
    }
    if (job.type == PduType::kGetBulk) {
      if (t.version == Version::kV1) {
        return makeError(ErrorClass::kMisconfigured, "GETBULK needs SNMPv2c");
      }
      if (job.non_repeaters < 0 || job.max_repetitions < 0) {
        return makeError(ErrorClass::kMisconfigured, "negative non-repeaters/max-repetitions");
      }
    }
    return std::nullopt;
  }

  static std::optional<SnmpError> validateV3(const V3Security& v3) {
    if (v3.user.empty() || v3.user.size() > 32) {
      return makeError(ErrorClass::kMisconfigured, "SNMPv3 user name must have 1..32 bytes");
    }
    if (v3.context_name.size() > 32 || v3.context_engine_id.size() > 32) {
      return makeError(ErrorClass::kMisconfigured, "SNMPv3 context name/engine ID over 32 bytes");
    }
    if (v3.level != SecurityLevel::kNoAuthNoPriv &&
        (v3.auth_protocol == AuthProtocol::kNone || v3.auth_password.size() < 8)) {
      return makeError(ErrorClass::kMisconfigured,
                       "SNMPv3 " + std::string(toString(v3.level)) +
                           " needs an authentication protocol and a password of 8+ characters");
    }
    if (v3.level == SecurityLevel::kAuthPriv &&
        (v3.priv_protocol == PrivProtocol::kNone || v3.priv_password.size() < 8)) {
      return makeError(ErrorClass::kMisconfigured,
                       "SNMPv3 authPriv needs a privacy protocol and a password of 8+ characters");
    }
    return std::nullopt;
  }

  // Ku for one (protocol, password): the 1 MB expansion runs once per distinct password.
  Result<std::string> masterKey(AuthProtocol protocol, const std::string& password) {
    std::string key(1, static_cast<char>(protocol));
    appendField(key, password);
    if (const auto it = master_keys_.find(key); it != master_keys_.end()) return it->second;
    Result<std::string> derived = passwordToKey(protocol, password);
    if (derived) master_keys_.emplace(std::move(key), derived.value());
    return derived;
  }

  Result<LocalizedKeys> keysFor(const V3Security& v3, const std::string& engine_id) {
    if (v3.level == SecurityLevel::kNoAuthNoPriv) return LocalizedKeys{};
    const PrivProtocol priv =
        v3.level == SecurityLevel::kAuthPriv ? v3.priv_protocol : PrivProtocol::kNone;
    std::string key;
    appendField(key, engine_id);
    key += static_cast<char>(v3.auth_protocol);
    key += static_cast<char>(priv);
    appendField(key, v3.auth_password);
    appendField(key, priv == PrivProtocol::kNone ? std::string_view{} : v3.priv_password);
    if (const auto it = localized_keys_.find(key); it != localized_keys_.end()) return it->second;
    Result<std::string> auth_key = masterKey(v3.auth_protocol, v3.auth_password);
    if (!auth_key) return auth_key.error();
    std::string priv_key;
    if (priv != PrivProtocol::kNone) {
      Result<std::string> derived = masterKey(v3.auth_protocol, v3.priv_password);
      if (!derived) return derived.error();
      priv_key = std::move(derived).value();
    }
    Result<LocalizedKeys> keys =
        localizeKeys(v3.auth_protocol, auth_key.value(), priv, priv_key, engine_id);
    if (!keys) return keys.error();
    // A sweep over many engines grows this by one entry per device; bound it all the same.
    if (localized_keys_.size() >= 200000) localized_keys_.clear();
    localized_keys_.emplace(std::move(key), keys.value());
    return keys;
  }

  // Encodes the SNMPv3 message for the entry's phase: a discovery probe, or the request for the
  // cached engine (its boots and time advanced by the time since they were learned).
  std::optional<SnmpError> encodeV3Message(InFlight& entry, std::int32_t id) {
    const Target& t = entry.job.target;
    const auto engine = remote_engines_.find(entry.endpoint);
    if (engine == remote_engines_.end() && entry.phase == Phase::kRequest) {
      if (const auto prober = probers_.find(entry.endpoint);
          prober != probers_.end() && prober->second != id) {
        entry.phase = Phase::kParked;
        parked_[entry.endpoint].push_back(id);
        return std::nullopt;
      }
      probers_[entry.endpoint] = id;
      entry.phase = Phase::kDiscovery;
    }
    V3Message message;
    message.header.msg_id = id;
    message.header.max_size = static_cast<std::int32_t>(kMaxMessageSize);
    message.header.reportable = true;
    message.pdu.request_id = id;
    if (entry.phase != Phase::kRequest) {
      // RFC 3414 4: noAuthNoPriv, empty engine ID and user, no varbinds.
      message.pdu.type = V3PduType::kGet;
      auto probe = encodeV3(message, {});
      if (!probe) return makeError(ErrorClass::kMisconfigured, "cannot encode discovery probe");
      entry.message = std::move(probe).value();
      discovery_probes_.fetch_add(1, std::memory_order_relaxed);
      return std::nullopt;
    }
    const RemoteEngine& remote = engine->second;
    Result<LocalizedKeys> keys = keysFor(t.v3, remote.engine_id);
    if (!keys) {
      return makeError(ErrorClass::kMisconfigured,
                       "SNMPv3 keys: " + std::string(toString(keys.error())));
    }
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - remote.learned).count();
    message.header.level = t.v3.level;
    message.header.engine_id = remote.engine_id;
    message.header.engine_boots = remote.boots;
    message.header.engine_time = static_cast<std::int32_t>(
        std::min<long long>(remote.time + elapsed, std::numeric_limits<std::int32_t>::max()));
    message.header.user_name = t.v3.user;
    message.pdu.context_engine_id =
        t.v3.context_engine_id.empty() ? remote.engine_id : t.v3.context_engine_id;
    message.pdu.context_name = t.v3.context_name;
    switch (entry.job.type) {
      case PduType::kGet: message.pdu.type = V3PduType::kGet; break;
      case PduType::kGetNext: message.pdu.type = V3PduType::kGetNext; break;
      case PduType::kGetBulk: message.pdu.type = V3PduType::kGetBulk; break;
      case PduType::kSet: message.pdu.type = V3PduType::kSet; break;
    }
    if (entry.job.type == PduType::kGetBulk) {
      message.pdu.error_status = entry.job.non_repeaters;
      message.pdu.error_index = entry.job.max_repetitions;
    }
    message.pdu.varbinds = entry.job.varbinds;
    auto encoded = encodeV3(message, keys.value(), salt_++);
    if (!encoded) {
      return makeError(ErrorClass::kMisconfigured,
                       "cannot encode: " + std::string(toString(encoded.error())));
    }
    entry.message = std::move(encoded).value();
    entry.engine_id = remote.engine_id;
    entry.keys = std::move(keys).value();
    return std::nullopt;
  }

  // Remembers what an agent said about itself and notes engine IDs seen at several endpoints.
  void learnEngine(std::uint64_t endpoint, const V3Header& header) {
    remote_engines_[endpoint] =
        RemoteEngine{header.engine_id, header.engine_boots, header.engine_time, Clock::now()};
    std::lock_guard lock(engines_mutex_);
    auto& current = engine_of_endpoint_[endpoint];
    if (current == header.engine_id) return;
    if (!current.empty()) {
      auto previous = endpoints_of_engine_.find(current);
      if (previous != endpoints_of_engine_.end()) {
        previous->second.erase(endpoint);
        if (previous->second.empty()) endpoints_of_engine_.erase(previous);
      }
    }
    current = header.engine_id;
    endpoints_of_engine_[header.engine_id].insert(endpoint);
  }

  // Takes the requests parked behind the endpoint's probe and hands each one still in flight
  // to `handle`.
  template <typename Handle>
  void takeParked(std::uint64_t endpoint, const Handle& handle) {
    const auto parked = parked_.find(endpoint);
    if (parked == parked_.end()) return;
    const std::vector<std::int32_t> ids = std::move(parked->second);
    parked_.erase(parked);
    for (const std::int32_t id : ids) {
      if (const auto it = in_flight_.find(id); it != in_flight_.end()) handle(it);
    }
  }

  // The endpoint's engine ID is known now: requests parked behind its probe go out.
  void releaseParked(std::uint64_t endpoint) {
    if (const auto prober = probers_.find(endpoint); prober != probers_.end()) {
      probers_.erase(prober);
    }
    takeParked(endpoint, [this](auto it) {
      it->second.phase = Phase::kRequest;
      if (auto error = encodeV3Message(it->second, it->first)) {
        Job job = finish(it);
        complete(job.callback, std::move(*error));
        return;
      }
      restart(it->first, it->second);
    });
  }

  // The endpoint's probe failed: the requests parked behind it share its fate.
  void failParked(std::uint64_t endpoint, const SnmpError& error) {
    takeParked(endpoint, [&](auto it) {
      Job job = finish(it);
      complete(job.callback, error);
    });
  }

  // Sends the entry again from scratch (new phase or new message): fresh attempts and timers.
  void restart(std::int32_t id, InFlight& entry) {
    entry.attempts = 0;
    entry.retries = entry.phase == Phase::kConfirm ? 0 : entry.job.target.retries;
    ++entry.generation;  // outstanding timers no longer apply
    if (!entry.queued) {
      entry.queued = true;
      send_queue_.push_back(id);
    }
  }

  // Moves queued jobs into the window while there is room.
  void activate() {
    while (!waiting_.empty() && in_flight_.size() < options_.max_in_flight) {
      Job job = std::move(waiting_.front());
      waiting_.pop_front();
      if (auto error = validate(job)) {
        complete(job.callback, std::move(*error));
        continue;
      }
      const std::int32_t id = allocateId();
      InFlight entry;
      entry.peer.sin_family = AF_INET;
      entry.peer.sin_port = htons(job.target.port);
      entry.peer.sin_addr.s_addr = htonl(job.target.ipv4);
      entry.endpoint = endpointKey(job.target.ipv4, job.target.port);
      entry.retries = job.target.retries;
      entry.job = std::move(job);
      if (entry.job.target.version == Version::kV3) {
        if (auto error = encodeV3Message(entry, id)) {
          complete(entry.job.callback, std::move(*error));
          continue;
        }
      } else {
        auto encoded =
            encodeRequest(entry.job.target.version, entry.job.target.community, id, entry.job.type,
                          entry.job.varbinds, entry.job.non_repeaters, entry.job.max_repetitions);
        if (!encoded) {
          complete(entry.job.callback,
                   makeError(ErrorClass::kMisconfigured,
                             "cannot encode: " + std::string(toString(encoded.error()))));
          continue;
        }
        entry.message = std::move(encoded).value();
      }
      ++endpoints_[entry.endpoint].in_flight;
      const bool parked = entry.phase == Phase::kParked;
      entry.queued = !parked;
      in_flight_.emplace(id, std::move(entry));
      if (!parked) send_queue_.push_back(id);
    }
    const std::size_t now_in_flight = in_flight_.size();
    if (now_in_flight > max_in_flight_seen_.load(std::memory_order_relaxed)) {
      max_in_flight_seen_.store(now_in_flight, std::memory_order_relaxed);
    }
  }

  void flushSends() {
    int sent_now = 0;
    while (!send_queue_.empty() && sent_now < kSendBatch) {
      const std::int32_t id = send_queue_.front();
      const auto it = in_flight_.find(id);
      if (it == in_flight_.end()) {  // completed meanwhile
        send_queue_.pop_front();
        continue;
      }
      InFlight& entry = it->second;
      const ssize_t n = sendto(socket_, entry.message.data(), entry.message.size(), MSG_NOSIGNAL,
                               reinterpret_cast<const sockaddr*>(&entry.peer), sizeof entry.peer);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS)) {
        write_blocked_ = true;
        return;
      }
      // Other errors (EHOSTUNREACH, ENETUNREACH, EACCES, ...) count as an attempt that got no
      // answer, so retries and timeouts stay uniform.
      send_queue_.pop_front();
      entry.queued = false;
      ++sent_now;
      sent_.fetch_add(1, std::memory_order_relaxed);
      if (entry.attempts > 0) retransmitted_.fetch_add(1, std::memory_order_relaxed);
      ++entry.attempts;
      ++entry.generation;
      timers_.push({Clock::now() + entry.job.target.timeout, id, entry.generation});
    }
    write_blocked_ = false;
  }

  // Removes the entry and returns its job (for the callback).
  Job finish(std::unordered_map<std::int32_t, InFlight>::iterator it) {
    const std::int32_t id = it->first;
    const std::uint64_t key = it->second.endpoint;
    Job job = std::move(it->second.job);
    const auto endpoint = endpoints_.find(key);
    if (endpoint != endpoints_.end() && --endpoint->second.in_flight == 0) {
      endpoints_.erase(endpoint);
    }
    in_flight_.erase(it);
    if (const auto prober = probers_.find(key); prober != probers_.end() && prober->second == id) {
      probers_.erase(prober);
      // Normally releaseParked/failParked ran already; never leave a parked request behind.
      if (!draining_ && parked_.count(key) != 0) {
        if (remote_engines_.count(key) != 0) {
          releaseParked(key);
        } else {
          promoteParked(key);
        }
      }
    }
    return job;
  }

  // The first parked request probes instead.
  void promoteParked(std::uint64_t endpoint) {
    auto parked = parked_.find(endpoint);
    while (parked != parked_.end() && !parked->second.empty()) {
      const std::int32_t id = parked->second.front();
      parked->second.erase(parked->second.begin());
      const auto it = in_flight_.find(id);
      if (it == in_flight_.end()) continue;
      if (parked->second.empty()) parked_.erase(parked);
      it->second.phase = Phase::kRequest;
      if (!encodeV3Message(it->second, id)) restart(id, it->second);  // a probe now
      return;
    }
    if (parked != parked_.end()) parked_.erase(parked);
  }

  void receive() {
    for (int i = 0; i < kReceiveBatch; ++i) {
      sockaddr_in from{};
      socklen_t from_length = sizeof from;
      const ssize_t n = recvfrom(socket_, receive_buffer_.data(), receive_buffer_.size(), 0,
                                 reinterpret_cast<sockaddr*>(&from), &from_length);
      if (n < 0) {
        if (errno == EINTR || errno == ECONNREFUSED) continue;
        return;  // EAGAIN or a real error: poll again
      }
      received_.fetch_add(1, std::memory_order_relaxed);
      if (from.sin_family != AF_INET) {
        stray_.fetch_add(1, std::memory_order_relaxed);
        continue;
      }
      const std::uint64_t source = endpointKey(ntohl(from.sin_addr.s_addr), ntohs(from.sin_port));
      const std::string_view datagram(receive_buffer_.data(), static_cast<std::size_t>(n));
      auto decoded = decodeResponse(datagram);
      if (!decoded && decoded.error() == CodecError::kUnsupportedVersion) {
        receiveV3(datagram, source);
        continue;
      }
      if (!decoded) {
        noteUndecodable(source, std::string(toString(decoded.error())));
        continue;
      }
      Response response = std::move(decoded).value();
      const auto it = in_flight_.find(response.request_id);
      if (it == in_flight_.end() || it->second.endpoint != source) {
        stray_.fetch_add(1, std::memory_order_relaxed);  // late, unknown or spoofed
        continue;
      }
      const Version version = it->second.job.target.version;
      Job job = finish(it);
      if (response.version != version) {
        complete(job.callback,
                 makeError(ErrorClass::kDecode, "reply version differs from request"));
      } else {
        completeWithResponse(job, std::move(response));
      }
    }
  }

  static void completeWithResponse(Job& job, Response response) {
    if (response.error_status == ErrorStatus::kNoError) {
      complete(job.callback, std::move(response));
      return;
    }
    // authorizationError is what an SNMPv3 agent's access control answers (e.g. a security
    // level below what the user's access entry requires): a security refusal, not a data one.
    const ErrorClass kind = job.target.version == Version::kV3 &&
                                    response.error_status == ErrorStatus::kAuthorizationError
                                ? ErrorClass::kAuthentication
                                : ErrorClass::kRejected;
    auto error = makeError(kind, std::string(pduName(job.type)) + " error-status " +
                                     std::to_string(static_cast<int>(response.error_status)) +
                                     " (" + std::string(errorStatusName(response.error_status)) +
                                     ") at index " + std::to_string(response.error_index));
    error.status = errorStatusName(response.error_status);
    complete(job.callback, std::move(error));
  }

  void noteUndecodable(std::uint64_t source, std::string what) {
    stray_.fetch_add(1, std::memory_order_relaxed);
    const auto endpoint = endpoints_.find(source);
    if (endpoint != endpoints_.end()) endpoint->second.decode_error = std::move(what);
  }

  void receiveV3(std::string_view datagram, std::uint64_t source) {
    Result<V3Envelope> envelope = parseV3(datagram);
    if (!envelope) {
      noteUndecodable(source, std::string(toString(envelope.error())));
      return;
    }
    const V3Header& h = envelope->header;
    const auto it = in_flight_.find(h.msg_id);
    if (it == in_flight_.end() || it->second.endpoint != source ||
        it->second.job.target.version != Version::kV3) {
      stray_.fetch_add(1, std::memory_order_relaxed);  // late, unknown or spoofed
      return;
    }
    InFlight& entry = it->second;
    const bool authenticated = h.level != SecurityLevel::kNoAuthNoPriv;
    // Authenticated messages can only be checked with the keys of the request's engine.
    if (authenticated && (entry.phase != Phase::kRequest || h.engine_id != entry.engine_id)) {
      stray_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    Result<ScopedPdu> pdu = openV3(envelope.value(), authenticated ? entry.keys : LocalizedKeys{});
    if (!pdu) {
      noteUndecodable(source, "SNMPv3 reply: " + std::string(toString(pdu.error())));
      return;
    }
    if (authenticated) learnEngine(source, h);  // RFC 3414 3.2.7 b: authentic boots/time
    if (pdu->type == V3PduType::kReport) {
      reports_.fetch_add(1, std::memory_order_relaxed);
      handleReport(it, h, pdu.value());
      return;
    }
    if (pdu->type != V3PduType::kResponse || entry.phase != Phase::kRequest ||
        h.level != entry.job.target.v3.level || pdu->request_id != h.msg_id) {
      stray_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    Response response;
    response.version = Version::kV3;
    response.request_id = pdu->request_id;
    response.error_status = static_cast<ErrorStatus>(pdu->error_status);
    response.error_index = pdu->error_index;
    response.varbinds = std::move(pdu.value().varbinds);
    Job job = finish(it);
    completeWithResponse(job, std::move(response));
  }

  void handleReport(std::unordered_map<std::int32_t, InFlight>::iterator it, const V3Header& h,
                    const ScopedPdu& pdu) {
    const std::int32_t id = it->first;
    InFlight& entry = it->second;
    const V3Security& v3 = entry.job.target.v3;
    const Oid oid = pdu.varbinds.empty() ? Oid{} : pdu.varbinds.front().oid;
    const Oid usm_stats(std::begin(kUsmStatsPrefix), std::end(kUsmStatsPrefix));
    const int usm = oid.size() == usm_stats.size() + 2 && oidStartsWith(oid, usm_stats)
                        ? static_cast<int>(oid[usm_stats.size()])
                        : 0;
    const auto fail = [&](ErrorClass kind, std::string message) {
      Job job = finish(it);
      complete(job.callback, makeError(kind, std::move(message)));
    };
    const std::string where = endpointText(entry.job.target);
    // Encodes again for what is now known (engine ID, boots, time) and sends from scratch.
    const auto resend = [&] {
      if (auto error = encodeV3Message(entry, id)) {
        fail(error->kind, std::move(error->message));
        return;
      }
      restart(id, entry);
    };

    if (entry.phase != Phase::kRequest || usm == static_cast<int>(UsmReport::kUnknownEngineIds)) {
      if (h.engine_id.empty()) {
        const SnmpError error = makeError(
            ErrorClass::kDecode, "engine discovery Report from " + where + " without engine ID");
        failParked(entry.endpoint, error);
        fail(error.kind, error.message);
        return;
      }
      learnEngine(entry.endpoint, h);
      releaseParked(entry.endpoint);
      if (entry.phase == Phase::kConfirm) {
        // snmpd drops undecryptable requests and requests for unknown contexts silently.
        const std::string context =
            v3.context_name.empty() ? "" : "context '" + v3.context_name + "' unknown";
        const std::string base = "no reply to " + std::string(toString(v3.level)) +
                                 " requests from " + where + " for user '" + v3.user +
                                 "' although it answers engine discovery: ";
        if (v3.level == SecurityLevel::kAuthPriv) {
          fail(ErrorClass::kAuthentication,
               base + "privacy password or protocol (" + std::string(toString(v3.priv_protocol)) +
                   ") wrong" + (context.empty() ? "" : ", or " + context));
        } else {
          fail(ErrorClass::kMisconfigured,
               base + (context.empty() ? "requests dropped by the agent" : context));
        }
        return;
      }
      if (entry.phase == Phase::kRequest && ++entry.resyncs > 2) {
        fail(ErrorClass::kAuthentication, "engine ID of " + where + " keeps changing");
        return;
      }
      entry.phase = Phase::kRequest;
      resend();
      return;
    }
    const std::string user = "user '" + v3.user + "' at " + where;
    switch (usm) {
      case static_cast<int>(UsmReport::kNotInTimeWindows):
        if (h.level == SecurityLevel::kNoAuthNoPriv || ++entry.resyncs > 2) {
          fail(ErrorClass::kAuthentication, "not in time window: " + user);
          return;
        }
        time_resyncs_.fetch_add(1, std::memory_order_relaxed);
        resend();
        return;
      case static_cast<int>(UsmReport::kWrongDigests):
        fail(ErrorClass::kAuthentication, "wrong digest: authentication password or protocol (" +
                                              std::string(toString(v3.auth_protocol)) +
                                              ") rejected for " + user);
        return;
      case static_cast<int>(UsmReport::kUnknownUserNames):
        fail(ErrorClass::kAuthentication, "unknown user name: " + user);
        return;
      case static_cast<int>(UsmReport::kUnsupportedSecLevels):
        fail(ErrorClass::kAuthentication,
             "security level " + std::string(toString(v3.level)) + " not supported for " + user);
        return;
      case static_cast<int>(UsmReport::kDecryptionErrors):
        fail(ErrorClass::kAuthentication, "decryption error: privacy password or protocol (" +
                                              std::string(toString(v3.priv_protocol)) +
                                              ") rejected for " + user);
        return;
      default: break;
    }
    // SNMP-TARGET/MPD counters: snmpUnknownContexts / snmpUnavailableContexts (RFC 3412/3413).
    if (oidStartsWith(oid, Oid{1, 3, 6, 1, 6, 3, 12, 1, 4}) ||
        oidStartsWith(oid, Oid{1, 3, 6, 1, 6, 3, 12, 1, 5})) {
      fail(ErrorClass::kMisconfigured,
           "context '" + v3.context_name + "' unknown or unavailable at " + where);
      return;
    }
    fail(ErrorClass::kRejected, "Report " + formatOid(oid) + " from " + where);
  }

  void expireTimers() {
    const auto now = Clock::now();
    while (!timers_.empty() && timers_.top().deadline <= now) {
      const Timer timer = timers_.top();
      timers_.pop();
      const auto it = in_flight_.find(timer.id);
      if (it == in_flight_.end() || it->second.generation != timer.generation) continue;
      InFlight& entry = it->second;
      if (entry.attempts <= entry.retries) {
        ++entry.generation;  // no timer until the retransmission leaves
        if (!entry.queued) {
          entry.queued = true;
          send_queue_.push_back(timer.id);
        }
        continue;
      }
      if (entry.job.target.version == Version::kV3 && entry.phase == Phase::kRequest) {
        // One probe tells "reachable but our requests are dropped" (wrong privacy key, unknown
        // context) from silence.
        entry.phase = Phase::kConfirm;
        if (!encodeV3Message(entry, timer.id)) {
          restart(timer.id, entry);
          continue;
        }
      }
      timeouts_.fetch_add(1, std::memory_order_relaxed);
      std::string decode_error;
      if (const auto endpoint = endpoints_.find(entry.endpoint); endpoint != endpoints_.end()) {
        decode_error = endpoint->second.decode_error;
      }
      const std::string where = endpointText(entry.job.target);
      const SnmpError error =
          !decode_error.empty()
              ? makeError(ErrorClass::kDecode,
                          "malformed reply from " + where + ": " + decode_error)
              : makeError(ErrorClass::kTimeout, "no reply from " + where + " after " +
                                                    std::to_string(entry.attempts) + " attempt(s)");
      if (entry.phase == Phase::kDiscovery) failParked(entry.endpoint, error);
      Job job = finish(it);
      complete(job.callback, error);
    }
  }

  int pollTimeoutMs() {
    if (!send_queue_.empty() && !write_blocked_) return 0;
    // Drop stale timers at the top so they do not cause needless wake-ups.
    while (!timers_.empty()) {
      const Timer& top = timers_.top();
      const auto it = in_flight_.find(top.id);
      if (it != in_flight_.end() && it->second.generation == top.generation) break;
      timers_.pop();
    }
    if (timers_.empty()) return -1;
    const auto wait = timers_.top().deadline - Clock::now();
    if (wait <= Clock::duration::zero()) return 0;
    // Round up so a timer is never polled a millisecond early (which would spin).
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(wait).count();
    return static_cast<int>(std::min<long long>(ms, 60000));
  }

  void run() {
    while (true) {
      bool stopping = false;
      {
        std::lock_guard lock(mutex_);
        stopping = stopping_;
        while (!submitted_.empty()) {
          waiting_.push_back(std::move(submitted_.front()));
          submitted_.pop_front();
        }
      }
      if (stopping) break;
      activate();
      flushSends();
      pollfd fds[2] = {{socket_, static_cast<short>(POLLIN | (write_blocked_ ? POLLOUT : 0)), 0},
                       {wake_, POLLIN, 0}};
      const int ready = poll(fds, 2, pollTimeoutMs());
      if (ready > 0) {
        if ((fds[1].revents & POLLIN) != 0) {
          std::uint64_t count = 0;
          [[maybe_unused]] const ssize_t n = read(wake_, &count, sizeof count);
        }
        if ((fds[0].revents & POLLOUT) != 0) write_blocked_ = false;
        if ((fds[0].revents & (POLLIN | POLLERR)) != 0) receive();
      }
      expireTimers();
    }
    draining_ = true;
    // Stopping: everything still pending completes with an error. Callbacks that submit more
    // get their error immediately (submit() sees stopping_).
    std::deque<Job> rest;
    {
      std::lock_guard lock(mutex_);
      rest.swap(submitted_);
    }
    for (auto it = in_flight_.begin(); it != in_flight_.end(); it = in_flight_.begin()) {
      Job job = finish(it);
      complete(job.callback, makeError(ErrorClass::kMisconfigured, "engine stopped"));
    }
    while (!waiting_.empty()) {
      Job job = std::move(waiting_.front());
      waiting_.pop_front();
      complete(job.callback, makeError(ErrorClass::kMisconfigured, "engine stopped"));
    }
    while (!rest.empty()) {
      Job job = std::move(rest.front());
      rest.pop_front();
      complete(job.callback, makeError(ErrorClass::kMisconfigured, "engine stopped"));
    }
    send_queue_.clear();
    timers_ = {};
  }
};

// --- walk --------------------------------------------------------------------------------

namespace {

struct WalkState {
  SnmpEngine* engine = nullptr;
  Target target;
  Oid root;
  Oid last;  // the OID the next request starts after
  WalkOptions options;
  WalkCallback callback;
  WalkResult result;
  bool bulk = false;
};

void walkStep(const std::shared_ptr<WalkState>& state);

void walkFinish(const std::shared_ptr<WalkState>& state, std::optional<SnmpError> error) {
  state->result.error = std::move(error);
  WalkCallback callback = std::move(state->callback);
  if (callback) callback(std::move(state->result));
}

void walkReply(const std::shared_ptr<WalkState>& state, SnmpResult reply) {
  if (auto* error = std::get_if<SnmpError>(&reply)) {
    if (state->bulk &&
        (error->kind == ErrorClass::kTimeout || error->kind == ErrorClass::kRejected)) {
      state->bulk = false;  // retry the same page with GETNEXT
      state->result.used_getnext_fallback = true;
      walkStep(state);
      return;
    }
    if (!state->bulk && state->target.version == Version::kV1 &&
        error->kind == ErrorClass::kRejected &&
        error->message.find("error-status 2 ") != std::string::npos) {
      walkFinish(state, std::nullopt);  // v1 noSuchName: end of the MIB view
      return;
    }
    walkFinish(state, std::move(*error));
    return;
  }
  const Response& response = std::get<Response>(reply);
  if (response.varbinds.empty()) {
    walkFinish(state, makeError(ErrorClass::kDecode, "walk reply without varbinds"));
    return;
  }
  // GETNEXT answers one varbind; GETBULK with one OID and no non-repeaters, one per row.
  const std::size_t rows = state->bulk ? response.varbinds.size() : 1;
  for (std::size_t i = 0; i < rows; ++i) {
    const VarBind& varbind = response.varbinds[i];
    if (isException(varbind.value) || !oidStartsWith(varbind.oid, state->root)) {
      walkFinish(state, std::nullopt);
      return;
    }
    if (!(varbind.oid > state->last)) {
      walkFinish(state,
                 makeError(ErrorClass::kDecode, "OID not increasing: " + formatOid(varbind.oid) +
                                                    " after " + formatOid(state->last)));
      return;
    }
    if (state->result.rows.size() >= state->options.max_rows) {
      state->result.truncated = true;
      walkFinish(state, std::nullopt);
      return;
    }
    state->last = varbind.oid;
    state->result.rows.push_back(varbind);
  }
  walkStep(state);
}

void walkStep(const std::shared_ptr<WalkState>& state) {
  ++state->result.requests;
  auto next = [state](SnmpResult reply) { walkReply(state, std::move(reply)); };
  if (state->bulk) {
    state->engine->getBulk(state->target, {state->last}, 0,
                           std::max(1, state->options.max_repetitions), std::move(next));
  } else {
    state->engine->getNext(state->target, {state->last}, std::move(next));
  }
}

}  // namespace

// --- public ------------------------------------------------------------------------------

SnmpEngine::SnmpEngine(EngineOptions options) : impl_(std::make_unique<Impl>(options)) {}

SnmpEngine::~SnmpEngine() = default;

namespace {

std::vector<VarBind> nullVarBinds(const std::vector<Oid>& oids) {
  std::vector<VarBind> out;
  out.reserve(oids.size());
  for (const Oid& oid : oids) out.push_back({oid, Null{}});
  return out;
}

}  // namespace

void SnmpEngine::get(const Target& target, std::vector<Oid> oids, Callback callback) {
  impl_->submit({target, PduType::kGet, nullVarBinds(oids), 0, 0, std::move(callback)});
}

void SnmpEngine::getNext(const Target& target, std::vector<Oid> oids, Callback callback) {
  impl_->submit({target, PduType::kGetNext, nullVarBinds(oids), 0, 0, std::move(callback)});
}

void SnmpEngine::getBulk(const Target& target, std::vector<Oid> oids, int non_repeaters,
                         int max_repetitions, Callback callback) {
  impl_->submit({target, PduType::kGetBulk, nullVarBinds(oids), non_repeaters, max_repetitions,
                 std::move(callback)});
}

void SnmpEngine::set(const Target& target, std::vector<VarBind> varbinds, Callback callback) {
  impl_->submit({target, PduType::kSet, std::move(varbinds), 0, 0, std::move(callback)});
}

void SnmpEngine::walk(const Target& target, Oid root, WalkCallback callback, WalkOptions options) {
  auto state = std::make_shared<WalkState>();
  state->engine = this;
  state->target = target;
  state->last = root;
  state->root = std::move(root);
  state->options = options;
  state->callback = std::move(callback);
  state->bulk = target.version != Version::kV1;
  if (state->root.size() < 2) {
    walkFinish(state, makeError(ErrorClass::kMisconfigured, "invalid walk root"));
    return;
  }
  walkStep(state);
}

void SnmpEngine::stop() {
  impl_->stop();
}

std::uint16_t SnmpEngine::localPort() const {
  return impl_->local_port_;
}

EngineStats SnmpEngine::stats() const {
  EngineStats stats;
  stats.submitted = impl_->submitted_count_.load(std::memory_order_relaxed);
  stats.sent = impl_->sent_.load(std::memory_order_relaxed);
  stats.retransmitted = impl_->retransmitted_.load(std::memory_order_relaxed);
  stats.received = impl_->received_.load(std::memory_order_relaxed);
  stats.stray = impl_->stray_.load(std::memory_order_relaxed);
  stats.timeouts = impl_->timeouts_.load(std::memory_order_relaxed);
  stats.max_in_flight_seen = impl_->max_in_flight_seen_.load(std::memory_order_relaxed);
  stats.discovery_probes = impl_->discovery_probes_.load(std::memory_order_relaxed);
  stats.time_resyncs = impl_->time_resyncs_.load(std::memory_order_relaxed);
  stats.reports = impl_->reports_.load(std::memory_order_relaxed);
  return stats;
}

std::vector<DuplicateEngineId> SnmpEngine::duplicateEngineIds() const {
  std::vector<DuplicateEngineId> out;
  std::lock_guard lock(impl_->engines_mutex_);
  for (const auto& [engine_id, endpoints] : impl_->endpoints_of_engine_) {
    if (endpoints.size() < 2) continue;
    DuplicateEngineId duplicate{engine_id, {}};
    for (const std::uint64_t endpoint : endpoints) {
      Target where;
      where.ipv4 = static_cast<std::uint32_t>(endpoint >> 16);
      where.port = static_cast<std::uint16_t>(endpoint & 0xffffU);
      duplicate.endpoints.push_back(endpointText(where));
    }
    std::sort(duplicate.endpoints.begin(), duplicate.endpoints.end());
    out.push_back(std::move(duplicate));
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.engine_id < b.engine_id; });
  return out;
}

}  // namespace pw::agent::snmp
