// Design note — DiscoverySweep
//
// A sweep is a shared `Sweep` object (state + callbacks) kept alive by the engine callbacks
// that capture it, so the DiscoverySweep that started it may go away first.
//
// Per address, two stages, every request going through the one SnmpEngine (whose window and
// queue bound how many are on the wire, so all addresses are submitted at once):
//   1. Probe: GET sysObjectID.0 + sysDescr.0 with each access profile in turn until one
//      answers. A timeout moves on to the next pair; after the last the address is "silent"
//      (only counted). A response with an error-status (kRejected: e.g. v1 noSuchName because
//      sysObjectID is missing) still proves the device is there and the community is right;
//      the two objects are then asked for one per request in stage 2.
//      Any other error (kDecode, kMisconfigured) ends the address as a failure.
//   2. Identify: with the pair that answered, GET Identifier::identificationOids().get in
//      requests of at most kMaxVarbindsPerGet varbinds and walk each `walk` column with a small
//      max_rows. A rejected GET chunk (v1 noSuchName, or genErr) is retried one OID per
//      request so one missing object does not hide the others; a rejected single OID is just
//      missing. When every stage-2 request has finished, Identifier::identify() runs on
//      everything gathered (stage-1 values included). Stage-2 errors other than a rejected
//      single OID are reported as failures and mark the device incomplete; it is still listed.
//
// Threading: engine callbacks run on the engine's I/O thread one at a time, but start()
// submits from the caller's thread while replies already arrive, and after stop() callbacks
// run on the submitting thread. So all state lives behind Sweep::mutex_. Neither the engine
// nor a user callback is ever called with the mutex held (a stopped engine calls back
// synchronously from get(), which would deadlock); decisions are made under the lock and the
// resulting submissions / notifications are carried out after it is released.
#include "agent/discovery/discovery.hpp"

#include <algorithm>
#include <mutex>
#include <optional>
#include <utility>
#include <variant>

#include "agent/snmp/identify_values.hpp"

namespace pw::agent::discovery {

namespace {

constexpr std::size_t kMaxVarbindsPerGet = 20;
const snmp::Oid kSysDescr = {1, 3, 6, 1, 2, 1, 1, 1, 0};
const snmp::Oid kSysObjectId = {1, 3, 6, 1, 2, 1, 1, 2, 0};

}  // namespace

struct DiscoverySweep::Sweep : std::enable_shared_from_this<DiscoverySweep::Sweep> {
  struct Address {
    std::uint32_t ipv4 = 0;
    std::size_t credential = 0;  ///< index into the profiles being tried / that answered
    identify::OidValues values;
    int pending = 0;  ///< stage-2 requests outstanding
    bool complete = true;
  };

  Sweep(snmp::SnmpEngine& engine, std::shared_ptr<const identify::Identifier> identifier,
        const std::vector<snmp::Oid>& get_oids, const std::vector<snmp::Oid>& walk_oids,
        SweepRequest request, ProgressCallback progress, CompletionCallback completion)
      : engine_(engine),
        identifier_(std::move(identifier)),
        get_oids_(get_oids),
        walk_oids_(walk_oids),
        request_(std::move(request)),
        progress_(std::move(progress)),
        completion_(std::move(completion)) {
    addresses_.resize(request_.addresses.size());
    for (std::size_t i = 0; i < addresses_.size(); ++i) addresses_[i].ipv4 = request_.addresses[i];
    result_.total = addresses_.size();
  }

  void begin() {
    if (addresses_.empty() || request_.profiles.empty()) {
      // Nothing can be asked: every address counts as silent.
      {
        std::lock_guard lock(mutex_);
        done_ = addresses_.size();
        result_.silent = addresses_.size();
      }
      finishIfDone();
      return;
    }
    for (std::size_t i = 0; i < addresses_.size(); ++i) probe(i, 0);
  }

 private:
  snmp::Target target(std::uint32_t ipv4, std::size_t credential) const {
    snmp::Target out = request_.profiles[credential].target;
    out.ipv4 = ipv4;
    return out;
  }

  // --- stage 1 -----------------------------------------------------------------------------

  void probe(std::size_t index, std::size_t credential) {
    const std::uint32_t ipv4 = request_.addresses[index];
    engine_.get(target(ipv4, credential), {kSysObjectId, kSysDescr},
                [self = shared_from_this(), index, credential](snmp::SnmpResult result) {
                  self->onProbe(index, credential, std::move(result));
                });
  }

  void onProbe(std::size_t index, std::size_t credential, snmp::SnmpResult result) {
    const auto* error = std::get_if<snmp::SnmpError>(&result);
    if (error && error->kind == snmp::ErrorClass::kTimeout) {
      if (credential + 1 < request_.profiles.size()) {
        probe(index, credential + 1);
        return;
      }
      {
        std::lock_guard lock(mutex_);
        ++result_.silent;
        ++done_;
      }
      finishIfDone();
      return;
    }
    if (error && error->kind != snmp::ErrorClass::kRejected) {
      {
        std::lock_guard lock(mutex_);
        result_.failures.push_back({addresses_[index].ipv4, error->kind, error->message});
        ++done_;
      }
      finishIfDone();
      return;
    }
    std::vector<std::vector<snmp::Oid>> chunks;
    if (error) {
      // Rejected (v1 noSuchName when one of the two is missing): ask for each one alone.
      chunks.push_back({kSysObjectId});
      chunks.push_back({kSysDescr});
    }
    for (std::size_t at = 0; at < get_oids_.size(); at += kMaxVarbindsPerGet) {
      const auto end = std::min(get_oids_.size(), at + kMaxVarbindsPerGet);
      chunks.emplace_back(get_oids_.begin() + static_cast<std::ptrdiff_t>(at),
                          get_oids_.begin() + static_cast<std::ptrdiff_t>(end));
    }
    {
      std::lock_guard lock(mutex_);
      Address& address = addresses_[index];
      address.credential = credential;
      if (const auto* response = std::get_if<snmp::Response>(&result)) {
        address.values = snmp::toOidValues(response->varbinds);
      }
      address.pending = static_cast<int>(chunks.size() + walk_oids_.size()) + 1;  // +1: guard
    }
    for (auto& chunk : chunks) getChunk(index, std::move(chunk));
    for (const snmp::Oid& column : walk_oids_) walkColumn(index, column);
    stageTwoDone(index);  // releases the guard
  }

  // --- stage 2 -----------------------------------------------------------------------------

  void getChunk(std::size_t index, std::vector<snmp::Oid> oids) {
    const std::size_t credential = credentialOf(index);
    const std::size_t count = oids.size();
    std::vector<snmp::Oid> copy = count > 1 ? oids : std::vector<snmp::Oid>{};
    engine_.get(target(request_.addresses[index], credential), std::move(oids),
                [self = shared_from_this(), index, count,
                 copy = std::move(copy)](snmp::SnmpResult result) mutable {
                  self->onChunk(index, count, std::move(copy), std::move(result));
                });
  }

  void onChunk(std::size_t index, std::size_t count, std::vector<snmp::Oid> oids,
               snmp::SnmpResult result) {
    if (const auto* error = std::get_if<snmp::SnmpError>(&result)) {
      if (error->kind == snmp::ErrorClass::kRejected) {
        if (count > 1) {
          // One bad object spoils a whole v1 request: ask for each one alone.
          {
            std::lock_guard lock(mutex_);
            addresses_[index].pending += static_cast<int>(oids.size());
          }
          for (snmp::Oid& oid : oids) getChunk(index, {std::move(oid)});
        }
        // A single rejected OID is simply missing.
      } else {
        std::lock_guard lock(mutex_);
        addresses_[index].complete = false;
        result_.failures.push_back({addresses_[index].ipv4, error->kind, error->message});
      }
    } else {
      const auto values = snmp::toOidValues(std::get<snmp::Response>(result).varbinds);
      std::lock_guard lock(mutex_);
      addresses_[index].values.insert(values.begin(), values.end());
    }
    stageTwoDone(index);
  }

  void walkColumn(std::size_t index, const snmp::Oid& column) {
    snmp::WalkOptions options;
    options.max_rows = request_.max_walk_rows;
    options.max_repetitions =
        static_cast<int>(std::clamp<std::size_t>(request_.max_walk_rows, 1, 25));
    engine_.walk(
        target(request_.addresses[index], credentialOf(index)), column,
        [self = shared_from_this(), index](snmp::WalkResult walked) {
          self->onWalk(index, std::move(walked));
        },
        options);
  }

  void onWalk(std::size_t index, snmp::WalkResult walked) {
    const auto values = snmp::toOidValues(walked.rows);
    {
      std::lock_guard lock(mutex_);
      Address& address = addresses_[index];
      address.values.insert(values.begin(), values.end());
      if (walked.error) {
        address.complete = false;
        result_.failures.push_back({address.ipv4, walked.error->kind, walked.error->message});
      }
    }
    stageTwoDone(index);
  }

  std::size_t credentialOf(std::size_t index) {
    std::lock_guard lock(mutex_);
    return addresses_[index].credential;
  }

  void stageTwoDone(std::size_t index) {
    identify::OidValues values;
    {
      std::lock_guard lock(mutex_);
      if (--addresses_[index].pending > 0) return;
      values = std::move(addresses_[index].values);
    }
    // identify() is pure and reads only the immutable identifier: no lock needed.
    identify::DeviceIdentity identity = identifier_->identify(values);
    {
      std::lock_guard lock(mutex_);
      const Address& address = addresses_[index];
      DiscoveredDevice device;
      device.address = address.ipv4;
      device.profile = address.credential;
      device.complete = address.complete;
      device.identity = std::move(identity);
      if (device.identity.is_printer) ++printers_;
      result_.devices.push_back(std::move(device));
      ++done_;
    }
    finishIfDone();
  }

  // --- notification ------------------------------------------------------------------------

  void finishIfDone() {
    SweepProgress progress;
    bool finished = false;
    {
      std::lock_guard lock(mutex_);
      progress.done = done_;
      progress.total = addresses_.size();
      progress.devices_found = result_.devices.size();
      progress.printers_found = printers_;
      finished = done_ == addresses_.size() && !completed_;
      if (finished) completed_ = true;
    }
    if (progress_) progress_(progress);
    if (!finished) return;
    SweepResult out;
    {
      std::lock_guard lock(mutex_);
      out = std::move(result_);
    }
    std::sort(
        out.devices.begin(), out.devices.end(),
        [](const DiscoveredDevice& a, const DiscoveredDevice& b) { return a.address < b.address; });
    std::stable_sort(
        out.failures.begin(), out.failures.end(),
        [](const SweepFailure& a, const SweepFailure& b) { return a.address < b.address; });
    if (completion_) completion_(std::move(out));
  }

  snmp::SnmpEngine& engine_;
  const std::shared_ptr<const identify::Identifier> identifier_;
  const std::vector<snmp::Oid> get_oids_;
  const std::vector<snmp::Oid> walk_oids_;
  const SweepRequest request_;
  const ProgressCallback progress_;
  const CompletionCallback completion_;

  std::mutex mutex_;  // guards everything below
  std::vector<Address> addresses_;
  SweepResult result_;
  std::size_t done_ = 0;
  std::size_t printers_ = 0;
  bool completed_ = false;
};

DiscoverySweep::DiscoverySweep(snmp::SnmpEngine& engine, identify::Identifier identifier)
    : engine_(engine),
      identifier_(std::make_shared<const identify::Identifier>(std::move(identifier))) {
  const identify::OidRequest wanted = identifier_->identificationOids();
  for (const std::string& text : wanted.get) {
    const auto oid = snmp::parseOid(text);
    if (!oid || *oid == kSysDescr || *oid == kSysObjectId) continue;
    get_oids_.push_back(*oid);
  }
  for (const std::string& text : wanted.walk) {
    if (const auto oid = snmp::parseOid(text)) walk_oids_.push_back(*oid);
  }
}

void DiscoverySweep::start(SweepRequest request, ProgressCallback progress,
                           CompletionCallback completion) {
  auto sweep =
      std::make_shared<Sweep>(engine_, identifier_, get_oids_, walk_oids_, std::move(request),
                              std::move(progress), std::move(completion));
  sweep->begin();
}

}  // namespace pw::agent::discovery
