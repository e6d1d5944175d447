#pragma once
// Name-based UUIDs (RFC 4122 section 4.3, version 5, SHA-1): the same name always gives the same
// identifier, which is what makes every write-back idempotent. Pure; SHA-1 is implemented here
// (a few dozen lines) so the core needs no crypto library. SHA-1's weakness against chosen
// collisions does not matter for naming our own derived resources.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace sarcoma::core {

using Sha1Digest = std::array<std::uint8_t, 20>;
Sha1Digest sha1(std::string_view data);  // with the x86 SHA extensions where the processor has them

namespace detail {
// For tests: the portable implementation, and whether sha1() uses the processor's extensions.
Sha1Digest sha1_portable(std::string_view data);
bool sha1_uses_cpu_extensions();
}  // namespace detail

// `namespace_uuid` in the canonical 8-4-4-4-12 hex form; returns lower-case canonical form, or ""
// when namespace_uuid is malformed.
std::string uuid_v5(std::string_view namespace_uuid, std::string_view name);

}  // namespace sarcoma::core
