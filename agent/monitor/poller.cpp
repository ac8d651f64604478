// Design note — Poller
//
// A poll is a shared `Poll` object kept alive by the engine callbacks that capture it, so the
// Poller that started it may go away first.
//
// At most max_devices_in_flight devices are under way at once (a finished device starts the
// next): the engine's window paces the requests, this bound keeps the engine's queue and the
// values being gathered small (50,000 devices, release: peak RSS 750 MB with every device
// submitted at once, 293 MB with the default 2,048 — mostly the 50,000 readings returned).
//
// Per device (the poll's parts and its vendor decide which OIDs are asked,
// MonitorReader::monitoringOids, computed once per vendor):
//   1. Probe: GET the first chunk of scalars (sysUpTime.0 first, so every device has one).
//      A timeout ends the device as "no response" (only one request was spent on a silent
//      device); kAuthentication/kDecode/kMisconfigured end it with that error. An answer, or a
//      refusal (kRejected: v1 noSuchName for one missing object), proves the device is there.
//   2. Read: the other scalar chunks (≤ kMaxVarbindsPerGet each) and one walk per subtree
//      (GETBULK for v2c/v3, GETNEXT for v1: the engine's walk), all at once. A refused chunk of
//      several OIDs is asked again one OID per request, so one missing object does not hide
//      the others; a refused single OID is simply missing. Other failures, and walks cut at
//      max_walk_rows, are partial failures: the device keeps a reading built from the rest.
//   When the last request of a device is back, MonitorReader::read() runs on what arrived.
//
// Threading: as DiscoverySweep — state behind one mutex, neither the engine nor a user
// callback called with it held (a stopped engine calls back synchronously from submit).
#include "agent/monitor/poller.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <utility>
#include <variant>

#include "agent/snmp/identify_values.hpp"

namespace pw::agent::monitor {

namespace {

constexpr std::size_t kMaxVarbindsPerGet = 20;

std::vector<snmp::Oid> parseAll(const std::vector<std::string>& texts) {
  std::vector<snmp::Oid> out;
  for (const std::string& text : texts) {
    if (auto oid = snmp::parseOid(text)) out.push_back(std::move(*oid));
  }
  return out;
}

}  // namespace

struct Poller::Poll : std::enable_shared_from_this<Poller::Poll> {
  /// What to ask a device of one vendor; shared by every device of that vendor.
  struct Plan {
    std::vector<std::vector<snmp::Oid>> chunks;  ///< scalars; chunks[0] is the probe
    std::vector<snmp::Oid> walks;
  };

  struct Device {
    std::shared_ptr<const Plan> plan;
    identify::OidValues values;
    DevicePoll result;
    int pending = 0;  ///< stage-2 requests outstanding
  };

  Poll(snmp::SnmpEngine& engine, std::shared_ptr<const MonitorReader> reader, PollRequest request,
       PollProgressCallback progress, PollCompletion completion)
      : engine_(engine),
        reader_(std::move(reader)),
        request_(std::move(request)),
        progress_(std::move(progress)),
        completion_(std::move(completion)),
        devices_(request_.devices.size()) {
    std::map<std::string, std::shared_ptr<const Plan>> plans;
    for (std::size_t i = 0; i < devices_.size(); ++i) {
      auto& plan = plans[request_.devices[i].vendor];
      if (!plan) plan = makePlan(request_.devices[i].vendor);
      devices_[i].plan = plan;
    }
  }

  void begin() {
    if (devices_.empty()) {
      finishIfDone();
      return;
    }
    pump();
  }

 private:
  std::shared_ptr<const Plan> makePlan(const std::string& vendor) const {
    auto plan = std::make_shared<Plan>();
    const identify::OidRequest wanted = reader_->monitoringOids(vendor, request_.parts);
    const std::vector<snmp::Oid> scalars = parseAll(wanted.get);
    for (std::size_t at = 0; at < scalars.size(); at += kMaxVarbindsPerGet) {
      const auto end = std::min(scalars.size(), at + kMaxVarbindsPerGet);
      plan->chunks.emplace_back(scalars.begin() + static_cast<std::ptrdiff_t>(at),
                                scalars.begin() + static_cast<std::ptrdiff_t>(end));
    }
    // monitoringOids() always lists sysUpTime.0; this keeps the probe defined for any reader.
    if (plan->chunks.empty()) plan->chunks.push_back({{1, 3, 6, 1, 2, 1, 1, 3, 0}});
    plan->walks = parseAll(wanted.walk);
    return plan;
  }

  // Starts devices while fewer than max_devices_in_flight are under way. Only one call loops
  // at a time; a call meanwhile (a device finishing on the I/O thread, or a stopped engine
  // calling back at once) returns and the looping call picks up the freed slot on its next
  // check, so no start is lost and the stack never grows with the number of devices.
  void pump() {
    const std::size_t limit = std::max<std::size_t>(1, request_.max_devices_in_flight);
    {
      std::lock_guard lock(mutex_);
      if (pumping_) return;
      pumping_ = true;
    }
    for (;;) {
      std::vector<std::size_t> starting;
      {
        std::lock_guard lock(mutex_);
        while (active_ < limit && next_ < devices_.size()) {
          starting.push_back(next_++);
          ++active_;
        }
        if (starting.empty()) {
          pumping_ = false;
          return;
        }
      }
      for (const std::size_t index : starting) probe(index);
    }
  }

  void probe(std::size_t index) {
    engine_.get(request_.devices[index].target, devices_[index].plan->chunks.front(),
                [self = shared_from_this(), index](snmp::SnmpResult result) {
                  self->onProbe(index, std::move(result));
                });
  }

  // A device is done (reading or error): free its slot, start the next, report.
  void deviceDone() {
    {
      std::lock_guard lock(mutex_);
      --active_;
    }
    pump();
    finishIfDone();
  }

  void onProbe(std::size_t index, snmp::SnmpResult result) {
    const auto* error = std::get_if<snmp::SnmpError>(&result);
    if (error && error->kind != snmp::ErrorClass::kRejected) {
      {
        std::lock_guard lock(mutex_);
        devices_[index].result.error = *error;
        ++done_;
      }
      deviceDone();
      return;
    }
    std::vector<std::vector<snmp::Oid>> gets;
    std::vector<snmp::Oid> walks;
    {
      std::lock_guard lock(mutex_);
      Device& device = devices_[index];
      ++answered_;
      if (error) {
        gets.push_back(device.plan->chunks.front());  // refused: asked again, split if needed
      } else {
        device.values = snmp::toOidValues(std::get<snmp::Response>(result).varbinds);
      }
      gets.insert(gets.end(), device.plan->chunks.begin() + 1, device.plan->chunks.end());
      walks = device.plan->walks;
      device.pending = static_cast<int>(gets.size() + walks.size()) + 1;  // +1: guard
    }
    for (auto& oids : gets) get(index, std::move(oids));
    for (const snmp::Oid& root : walks) walk(index, root);
    requestDone(index);  // releases the guard
  }

  void get(std::size_t index, std::vector<snmp::Oid> oids) {
    // Kept to split a refused multi-OID request; a single OID is not asked again.
    std::vector<snmp::Oid> retry = oids.size() > 1 ? oids : std::vector<snmp::Oid>{};
    engine_.get(request_.devices[index].target, std::move(oids),
                [self = shared_from_this(), index,
                 retry = std::move(retry)](snmp::SnmpResult result) mutable {
                  self->onGet(index, std::move(retry), std::move(result));
                });
  }

  void onGet(std::size_t index, std::vector<snmp::Oid> retry, snmp::SnmpResult result) {
    const auto* error = std::get_if<snmp::SnmpError>(&result);
    if (error && error->kind == snmp::ErrorClass::kRejected && !retry.empty()) {
      {
        std::lock_guard lock(mutex_);
        devices_[index].pending += static_cast<int>(retry.size());
      }
      for (snmp::Oid& oid : retry) get(index, {std::move(oid)});
    } else if (error && error->kind != snmp::ErrorClass::kRejected) {
      std::lock_guard lock(mutex_);
      devices_[index].result.partial_failures.push_back(*error);
    } else if (!error) {
      const auto values = snmp::toOidValues(std::get<snmp::Response>(result).varbinds);
      std::lock_guard lock(mutex_);
      devices_[index].values.insert(values.begin(), values.end());
    }
    requestDone(index);
  }

  void walk(std::size_t index, const snmp::Oid& root) {
    snmp::WalkOptions options;
    options.max_rows = request_.max_walk_rows;
    engine_.walk(
        request_.devices[index].target, root,
        [self = shared_from_this(), index, root](snmp::WalkResult walked) {
          self->onWalk(index, root, std::move(walked));
        },
        options);
  }

  void onWalk(std::size_t index, const snmp::Oid& root, snmp::WalkResult walked) {
    const auto values = snmp::toOidValues(walked.rows);
    {
      std::lock_guard lock(mutex_);
      Device& device = devices_[index];
      device.values.insert(values.begin(), values.end());
      if (walked.error) device.result.partial_failures.push_back(*walked.error);
      if (walked.truncated) {
        device.result.partial_failures.push_back(
            {snmp::ErrorClass::kDecode, "walk of " + snmp::formatOid(root) + " cut at " +
                                            std::to_string(walked.rows.size()) + " rows"});
      }
    }
    requestDone(index);
  }

  void requestDone(std::size_t index) {
    identify::OidValues values;
    {
      std::lock_guard lock(mutex_);
      if (--devices_[index].pending > 0) return;
      values = std::move(devices_[index].values);
    }
    // read() is pure over the immutable reader: no lock needed.
    DeviceReading reading = reader_->read(values, request_.devices[index].vendor, request_.parts);
    {
      std::lock_guard lock(mutex_);
      devices_[index].result.reading = std::move(reading);
      ++done_;
    }
    deviceDone();
  }

  void finishIfDone() {
    PollProgress progress;
    bool finished = false;
    {
      std::lock_guard lock(mutex_);
      progress = {done_, devices_.size(), answered_};
      finished = done_ == devices_.size() && !completed_;
      if (finished) completed_ = true;
    }
    if (progress_ && !devices_.empty()) progress_(progress);
    if (!finished) return;
    std::vector<DevicePoll> out;
    {
      std::lock_guard lock(mutex_);
      out.reserve(devices_.size());
      for (Device& device : devices_) out.push_back(std::move(device.result));
    }
    if (completion_) completion_(std::move(out));
  }

  snmp::SnmpEngine& engine_;
  const std::shared_ptr<const MonitorReader> reader_;
  const PollRequest request_;
  const PollProgressCallback progress_;
  const PollCompletion completion_;

  std::mutex mutex_;  // guards everything below
  std::vector<Device> devices_;
  std::size_t done_ = 0;
  std::size_t answered_ = 0;
  std::size_t next_ = 0;    ///< the next device to start
  std::size_t active_ = 0;  ///< devices started and not done
  bool pumping_ = false;    ///< a pump() call is looping
  bool completed_ = false;
};

Poller::Poller(snmp::SnmpEngine& engine, MonitorReader reader)
    : engine_(engine), reader_(std::make_shared<const MonitorReader>(std::move(reader))) {}

void Poller::start(PollRequest request, PollProgressCallback progress, PollCompletion completion) {
  auto poll = std::make_shared<Poll>(engine_, reader_, std::move(request), std::move(progress),
                                     std::move(completion));
  poll->begin();
}

}  // namespace pw::agent::monitor
