#include "manager/notify/mail_queue.hpp"

#include <spdlog/spdlog.h>

#include "common/log/logging.hpp"

namespace pw::manager::notify {

MailQueue::MailQueue(Send send, std::size_t capacity)
    : send_(std::move(send)), capacity_(capacity), log_(log::get("mail")) {
  thread_ = std::thread([this] { loop(); });
}

MailQueue::~MailQueue() {
  stop();
}

bool MailQueue::post(MailServerSettings server, MailMessage message, Done done) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= capacity_) {
      log_->warn("mail queue full ({} messages): dropped \"{}\" to {} recipient(s)", capacity_,
                 message.subject, message.to.size());
      return false;
    }
    queue_.push_back({std::move(server), std::move(message), std::move(done)});
  }
  ready_.notify_one();
  return true;
}

void MailQueue::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void MailQueue::loop() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    std::optional<std::string> error;
    try {
      error = send_(job.server, job.message);
    } catch (const std::exception& e) {
      error = e.what();
    }
    if (error) {
      log_->warn("[smtp {}:{}] \"{}\" to {} recipient(s) not sent: {}", job.server.host,
                 job.server.port, job.message.subject, job.message.to.size(), *error);
    } else {
      log_->info("[smtp {}:{}] \"{}\" sent to {} recipient(s)", job.server.host, job.server.port,
                 job.message.subject, job.message.to.size());
    }
    if (job.done) job.done(std::move(error));
  }
}

}  // namespace pw::manager::notify
