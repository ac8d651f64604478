#pragma once
// The Manager's mail thread: a bounded queue of messages sent one after the other with
// SmtpMailer, so no request thread waits on a mail server. When the queue is full, post()
// refuses (the caller reports or counts it) rather than letting a mail storm grow memory.
// Failures are logged on the "mail" logger with the server and error text, never a secret.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "manager/core/mail.hpp"

namespace spdlog {
class logger;
}

namespace pw::manager::notify {

class MailQueue final : public MailOutbox {
 public:
  /// What sends one message (SmtpMailer::send in the Manager): error text or nullopt.
  using Send =
      std::function<std::optional<std::string>(const MailServerSettings&, const MailMessage&)>;
  MailQueue(Send send, std::size_t capacity);
  ~MailQueue() override;
  MailQueue(const MailQueue&) = delete;
  MailQueue& operator=(const MailQueue&) = delete;

  bool post(MailServerSettings server, MailMessage message, Done done) override;
  /// Sends what is queued, then ends the thread. Idempotent; post() refuses afterwards.
  void stop();

 private:
  struct Job {
    MailServerSettings server;
    MailMessage message;
    Done done;
  };
  void loop();

  Send send_;
  std::size_t capacity_;
  std::shared_ptr<spdlog::logger> log_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace pw::manager::notify
