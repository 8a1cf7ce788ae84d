# Instrumented builds (README.md, "Development"):
#   -DBARO_SANITIZE=ON  AddressSanitizer + UndefinedBehaviorSanitizer on every target; any finding
#                       aborts the process, so a test that triggers one fails.
#   -DBARO_FUZZ=ON      (clang only) also compiles everything with libFuzzer's coverage hooks and builds
#                       the fuzz targets in fuzz/. One build directory then serves both
#                       `make test-sanitize` and `make fuzz`.
# https://clang.llvm.org/docs/AddressSanitizer.html
# https://clang.llvm.org/docs/UndefinedBehaviorSanitizer.html
# https://llvm.org/docs/LibFuzzer.html
option(BARO_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(BARO_FUZZ "Build the libFuzzer targets in fuzz/ (clang, implies BARO_SANITIZE)" OFF)

if(BARO_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "BARO_FUZZ needs clang (libFuzzer): configure with CXX=clang++-14")
  endif()
  set(BARO_SANITIZE ON)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

if(BARO_SANITIZE)
  set(baro_sanitizers -fsanitize=address,undefined -fno-sanitize-recover=undefined)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    # Clang's -fsanitize=function (part of "undefined") cannot compile C++20 coroutines, which
    # src/net uses: "Cannot represent a difference across sections",
    # https://github.com/llvm/llvm-project/issues/49689
    list(APPEND baro_sanitizers -fno-sanitize=function)
  endif()
  add_compile_options(${baro_sanitizers} -fno-omit-frame-pointer -O1)
  add_link_options(${baro_sanitizers})
endif()
