#include "adapter/service/batch/checkpoint.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>

namespace sarcoma::service::batch {

std::optional<Checkpoint> read_checkpoint(const std::string& path) {
  std::ifstream in(path);
  std::string version;
  Checkpoint c;
  if (!(in >> version >> c.out_bytes >> c.errors_bytes) || version != "v2" || c.out_bytes < 0 ||
      c.errors_bytes < 0) {
    return std::nullopt;
  }
  std::string rest;
  std::getline(in, rest);
  auto tally = parse_tally(rest);
  if (!tally) return std::nullopt;
  c.tally = *tally;
  return c;
}

bool write_checkpoint(const std::string& path, const Checkpoint& c) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "v2 " << c.out_bytes << ' ' << c.errors_bytes << ' ' << serialise(c.tally) << '\n';
    out.flush();
    if (!out) {
      if (errno == 0) errno = EIO;
      return false;
    }
  }
  return std::rename(tmp.c_str(), path.c_str()) == 0;
}

CheckpointSyncer::CheckpointSyncer(int out_fd, int errors_fd, std::string path)
    : out_fd_(out_fd), errors_fd_(errors_fd), path_(std::move(path)), thread_([this] { run(); }) {}

CheckpointSyncer::~CheckpointSyncer() {
  {
    std::lock_guard lock(m_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void CheckpointSyncer::submit(Checkpoint c) {
  {
    std::lock_guard lock(m_);
    pending_ = std::move(c);
  }
  wake_.notify_one();
}

int CheckpointSyncer::drain() {
  std::unique_lock lock(m_);
  idle_.wait(lock, [&] { return !pending_ && !busy_; });
  return error();
}

void CheckpointSyncer::run() {
  std::unique_lock lock(m_);
  while (true) {
    wake_.wait(lock, [&] { return pending_ || stopping_; });
    if (!pending_) return;  // stopping, and everything handed over is done
    Checkpoint c = std::move(*pending_);
    pending_.reset();
    busy_ = true;
    lock.unlock();
    if (error() == 0) {
      errno = 0;
      if (fsync(out_fd_) != 0 || fsync(errors_fd_) != 0 || !write_checkpoint(path_, c)) {
        error_.store(errno != 0 ? errno : EIO);
      }
    }
    lock.lock();
    busy_ = false;
    idle_.notify_all();
  }
}

}  // namespace sarcoma::service::batch
