#include "adapter/service/batch/line_reader.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstring>

namespace sarcoma::service::batch {

LineReader::LineReader(const std::string& path) : file_(gzopen(path.c_str(), "rb")) {
  struct stat st {};
  if (file_ != nullptr && ::stat(path.c_str(), &st) == 0) size_ = static_cast<std::uint64_t>(st.st_size);
  // A larger zlib buffer: fewer read(2) calls on multi-gigabyte inputs.
  if (file_ != nullptr) gzbuffer(file_, 1 << 17);
}

LineReader::~LineReader() {
  if (file_ != nullptr) gzclose(file_);
}

bool LineReader::next(std::string& line, std::size_t max_bytes) {
  line.clear();
  bool any = false;
  while (true) {
    if (pos_ == len_) {
      int n = gzread(file_, buffer_, sizeof buffer_);
      if (n < 0) {
        error_ = true;
        return false;
      }
      if (n == 0) return any;  // a last line without '\n' still counts
      pos_ = 0;
      len_ = static_cast<std::size_t>(n);
    }
    any = true;
    const char* start = buffer_ + pos_;
    const void* newline = std::memchr(start, '\n', len_ - pos_);
    std::size_t run = newline != nullptr ? static_cast<std::size_t>(static_cast<const char*>(newline) - start)
                                         : len_ - pos_;
    std::size_t room = line.size() <= max_bytes ? max_bytes + 1 - line.size() : 0;
    line.append(start, std::min(run, room));
    pos_ += run;
    if (newline != nullptr) {
      ++pos_;
      return true;
    }
  }
}

std::uint64_t LineReader::position() const {
  z_off_t offset = gzoffset(file_);
  return offset < 0 ? 0 : static_cast<std::uint64_t>(offset);
}

}  // namespace sarcoma::service::batch
