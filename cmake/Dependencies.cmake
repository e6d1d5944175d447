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
if(SARCOMA_MIMALLOC)
  find_package(mimalloc 2.0 CONFIG REQUIRED)  # libmimalloc-dev: the shared library, target mimalloc
endif()

if(NOT TARGET rapidjson)
  add_library(rapidjson INTERFACE)
  target_include_directories(rapidjson SYSTEM INTERFACE ${RAPIDJSON_INCLUDE_DIRS})
  # Full-precision double parsing; decimals themselves are kept as text by our codec.
  target_compile_definitions(rapidjson INTERFACE RAPIDJSON_HAS_STDSTRING=1)
endif()
# RapidJSON's SIMD paths (RAPIDJSON_SSE2/SSE42/NEON) stay off: in Debian's RapidJSON 1.1.0 the
# SSE2 string writer can leave a control character unescaped when it follows a multi-byte UTF-8
# character at some alignments - invalid JSON (found by tests/core/derive/json_text_test.cpp;
# tests/fhir/json_escape_test.cpp guards the codec against it).

if(SARCOMA_TESTS)
  find_package(GTest REQUIRED)
endif()
if(SARCOMA_BENCH AND NOT SARCOMA_SANITIZE AND NOT SARCOMA_FUZZ)
  find_package(benchmark REQUIRED)
endif()
