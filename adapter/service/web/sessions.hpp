#pragma once
// Signed-in reviewers: an opaque random session id in an HttpOnly, SameSite=Strict cookie, the
// reviewer and a per-session CSRF token kept server-side. Sessions expire after an idle period
// and are bounded in number (the oldest goes first). Sign-in attempts are throttled per username.
// The clock is passed in; the store itself holds no time source.
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace sarcoma::service::web {

using Millis = std::int64_t;

struct Session {
  std::string username;
  std::string display;
  std::string csrf_token;
  Millis expires = 0;
};

// 32 random bytes from the OpenSSL CSPRNG as 64 hex characters; empty when the generator fails.
std::string random_token();

class SessionStore {
 public:
  SessionStore(Millis idle_ms, std::size_t max_sessions) : idle_ms_(idle_ms), max_sessions_(max_sessions) {}

  // The new session id; empty when no random bytes could be had.
  std::string create(const std::string& username, const std::string& display, Millis now);
  // The live session (its idle timer restarted), or nullopt when unknown or expired.
  std::optional<Session> find(const std::string& id, Millis now);
  void remove(const std::string& id);
  std::size_t size();

 private:
  Millis idle_ms_;
  std::size_t max_sessions_;
  std::mutex mutex_;
  std::map<std::string, Session> sessions_;
};

// After `max_failures` wrong passwords for a username, further attempts are refused until
// `lockout_ms` has passed since the last failure (a correct password then signs in again).
class LoginThrottle {
 public:
  LoginThrottle(int max_failures, Millis lockout_ms) : max_failures_(max_failures), lockout_ms_(lockout_ms) {}
  bool allowed(const std::string& username, Millis now);
  void failed(const std::string& username, Millis now);
  void succeeded(const std::string& username);

 private:
  struct Failures {
    int count = 0;
    Millis last = 0;
  };
  int max_failures_;
  Millis lockout_ms_;
  std::mutex mutex_;
  std::map<std::string, Failures> failures_;
};

// Constant-time equality of two tokens (no early exit on the first difference).
bool same_token(const std::string& a, const std::string& b);

}  // namespace sarcoma::service::web
