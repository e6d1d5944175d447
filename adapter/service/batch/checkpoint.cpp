#include "adapter/service/batch/checkpoint.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
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

bool sync_directory_of(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool synced = ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  errno = saved;
  return synced;
}

bool write_checkpoint(const std::string& path, const Checkpoint& c) {
  // The new text reaches the disk before the rename makes it the checkpoint, and the rename before
  // this returns: after a power cut OUT.checkpoint is the old one or the new one, never empty (a
  // rename can otherwise reach the disk before the contents, as on XFS or a first ext4 rename).
  const std::string tmp = path + ".tmp";
  const std::string text = "v2 " + std::to_string(c.out_bytes) + ' ' + std::to_string(c.errors_bytes) + ' ' +
                           serialise(c.tally) + '\n';
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int saved = n < 0 ? errno : EIO;
      ::close(fd);
      errno = saved;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int saved = errno;
    ::close(fd);
    errno = saved;
    return false;
  }
  if (::close(fd) != 0) return false;
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return false;
  return sync_directory_of(path);
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
