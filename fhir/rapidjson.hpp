#pragma once
// RapidJSON 1.1.0 (Debian 12) allocates its internal stacks lazily and computes `nullptr + n` on
// first use, which UBSan reports as pointer overflow although it is harmless in practice (fixed
// upstream after 1.1.0). Include RapidJSON through this header so that check is off for RapidJSON's
// own functions only. Everything in the project that uses RapidJSON includes it through here.
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
