#pragma once
// Lines of a plain or gzip NDJSON file (zlib reads both transparently), for `batch`.
#include <zlib.h>

#include <cstdint>
#include <string>

namespace sarcoma::service::batch {

class LineReader {
 public:
  explicit LineReader(const std::string& path);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  bool ok() const { return file_ != nullptr; }
  bool failed() const { return error_; }  // a read error (a corrupt gzip stream, an I/O error)

  // The next line without its '\n'. A line longer than `max_bytes` is cut at max_bytes + 1 bytes,
  // so the parser still refuses it by size without the reader holding it whole. False at the end.
  bool next(std::string& line, std::size_t max_bytes);

  // Bytes of the file consumed so far (compressed bytes for gzip) and the file's size: progress
  // and ETA are fractions of these.
  std::uint64_t position() const;
  std::uint64_t size() const { return size_; }

 private:
  gzFile file_;
  std::uint64_t size_ = 0;
  char buffer_[1 << 16];
  std::size_t pos_ = 0, len_ = 0;
  bool error_ = false;
};

}  // namespace sarcoma::service::batch
