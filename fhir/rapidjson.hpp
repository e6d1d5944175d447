#pragma once
// RapidJSON 1.1.0 (Debian 12) allocates its internal stacks lazily and computes `nullptr + n` on
// first use, which UBSan reports as pointer overflow although it is harmless in practice (fixed
// upstream after 1.1.0). Include RapidJSON through this header so that check is off for RapidJSON's
// own functions only. Everything in the project that uses RapidJSON includes it through here.
// The standard headers RapidJSON includes come first, outside the attribute region: a standard
// function first defined elsewhere must not be redeclared inside it (clang: -Wignored-attributes).
#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iosfwd>
#include <iterator>
#include <limits>
#include <new>
#include <string>
#include <type_traits>
#include <utility>
// RAPIDJSON_SSE2 stays off, for reading and writing: RapidJSON 1.1.0's SSE2 writer leaves some
// control characters unescaped, and its SSE2 string scan lets raw bytes 0x1A-0x1F through as
// string content (tests/fhir/json_escape_test.cpp holds both sides).
#if defined(__clang__)
#pragma clang attribute push(__attribute__((no_sanitize("pointer-overflow"))), apply_to = function)
#endif
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#if defined(__clang__)
#pragma clang attribute pop
#endif
