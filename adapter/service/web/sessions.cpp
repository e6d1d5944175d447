#include "adapter/service/web/sessions.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

namespace sarcoma::service::web {

std::string random_token() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return {};
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

bool same_token(const std::string& a, const std::string& b) {
  return !a.empty() && a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string SessionStore::create(const std::string& username, const std::string& display, Millis now) {
  std::string id = random_token(), csrf = random_token();
  if (id.empty() || csrf.empty()) return {};
  std::lock_guard<std::mutex> lock(mutex_);
  // Expired sessions go first; if still full, the one closest to expiry.
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = it->second.expires <= now ? sessions_.erase(it) : std::next(it);
  }
  while (!sessions_.empty() && sessions_.size() >= max_sessions_) {
    auto oldest = sessions_.begin();
    for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
      if (it->second.expires < oldest->second.expires) oldest = it;
    }
    sessions_.erase(oldest);
  }
  sessions_[id] = Session{username, display, csrf, now + idle_ms_};
  return id;
}

std::optional<Session> SessionStore::find(const std::string& id, Millis now) {
  if (id.size() != 64) return std::nullopt;
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  if (it->second.expires <= now) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.expires = now + idle_ms_;
  return it->second;
}

void SessionStore::remove(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  sessions_.erase(id);
}

std::size_t SessionStore::size() {
  std::lock_guard<std::mutex> lock(mutex_);
  return sessions_.size();
}

bool LoginThrottle::allowed(const std::string& username, Millis now) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = failures_.find(username);
  if (it == failures_.end() || it->second.count < max_failures_) return true;
  if (now - it->second.last >= lockout_ms_) {
    failures_.erase(it);
    return true;
  }
  return false;
}

void LoginThrottle::failed(const std::string& username, Millis now) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (failures_.size() > 10000) failures_.clear();  // bounded: unknown usernames must not grow it forever
  auto& f = failures_[username];
  ++f.count;
  f.last = now;
}

void LoginThrottle::succeeded(const std::string& username) {
  std::lock_guard<std::mutex> lock(mutex_);
  failures_.erase(username);
}

}  // namespace sarcoma::service::web
