# All third-party code comes from Debian 12 -dev packages through find_package.
find_package(Threads REQUIRED)
find_package(Boost 1.74 CONFIG REQUIRED COMPONENTS system)
find_package(RapidJSON REQUIRED)          # rapidjson-dev ships RapidJSONConfig.cmake without a target
find_package(pugixml REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(ZLIB REQUIRED)
# prometheus-cpp-dev: only the core library (registry + text format); the daemon serves /metrics itself.
find_package(prometheus-cpp CONFIG REQUIRED)

if(NOT TARGET rapidjson)
  add_library(rapidjson INTERFACE)
  target_include_directories(rapidjson SYSTEM INTERFACE ${RAPIDJSON_INCLUDE_DIRS})
  # Full-precision double parsing; decimals themselves are kept as text by our codec.
  target_compile_definitions(rapidjson INTERFACE RAPIDJSON_HAS_STDSTRING=1)
endif()
# RapidJSON's SIMD paths (whitespace skipping when parsing, unescaped runs when writing strings):
# the writer's string scan was the largest single cost of `batch`. Set for the whole build, not
# per target, because it changes inline template definitions (one definition per program). Off
# under the sanitizers: the SIMD loops read whole aligned 16-byte blocks, which may run past the
# end of a buffer (never past a page, so harmless, but ASan reports it).
if(NOT SARCOMA_SANITIZE AND NOT SARCOMA_FUZZ)
  if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64|amd64")
    add_compile_definitions(RAPIDJSON_SSE2)
  elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "aarch64|arm64")
    add_compile_definitions(RAPIDJSON_NEON)
  endif()
endif()

if(SARCOMA_TESTS)
  find_package(GTest REQUIRED)
endif()
if(SARCOMA_BENCH AND NOT SARCOMA_SANITIZE AND NOT SARCOMA_FUZZ)
  find_package(benchmark REQUIRED)
endif()
