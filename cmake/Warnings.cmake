add_library(sarcoma_options INTERFACE)
target_compile_options(sarcoma_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
if(SARCOMA_WERROR)
  target_compile_options(sarcoma_options INTERFACE -Werror)
endif()
# Boost 1.74's awaitable.hpp misses <utility> under g++ 12 with coroutines; see DESIGN.md.
target_include_directories(sarcoma_options INTERFACE ${CMAKE_SOURCE_DIR})
if(SARCOMA_SANITIZE)
  target_compile_options(sarcoma_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(sarcoma_options INTERFACE -fsanitize=address,undefined)
endif()
if(SARCOMA_FUZZ)
  target_compile_options(sarcoma_options INTERFACE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  target_link_options(sarcoma_options INTERFACE -fsanitize=address,undefined)
endif()
# RapidJSON 1.1.0 (Debian 12) compares member iterators through an operator taking the const
# iterator; under C++20's rewritten comparison candidates clang flags every
# `it != value.MemberEnd()` on a non-const value as ambiguous (fixed upstream after 1.1.0).
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  target_compile_options(sarcoma_options INTERFACE -Wno-ambiguous-reversed-operator)
endif()
