#pragma once
// What every connection of an Agent to its Manager's channel shares: the pinned mutual-TLS
// client, JSON posts, the retry backoff and how a failed call is described in the log.
#include <chrono>
#include <memory>
#include <string>

#include <boost/system/result.hpp>
#include <nlohmann/json.hpp>

#include "agent/link/enrollment.hpp"
#include "common/net/https_client.hpp"

namespace pw::agent {

/// A client for the Manager's Agent channel: only the Manager's own CA is trusted, the
/// server must be named printwarden-manager, the Agent's certificate is presented.
std::unique_ptr<net::HttpsClient> makeManagerClient(const AgentIdentity& identity);

net::HttpRequest jsonPost(std::string target, const nlohmann::json& body);

/// 1 s, 2 s, 4 s, ... capped.
std::chrono::milliseconds nextBackoff(std::chrono::milliseconds current, std::chrono::seconds cap);

/// "HTTP 500 <body start>" or the transport error, for the log.
std::string describeFailure(const boost::system::result<net::HttpResponse>& response);

}  // namespace pw::agent
