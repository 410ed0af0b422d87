# Builds that look for what tests alone miss (README, "Hardening"): every target compiled with
# AddressSanitizer and UndefinedBehaviorSanitizer (scripts/test.sh --sanitize, build-sanitize),
# and the libFuzzer targets of tests/fuzz (scripts/fuzz.sh, build-fuzz; clang only, since GCC has
# no libFuzzer). Any sanitizer report stops the program: a finding is never just a warning.

option(GITOPS_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(GITOPS_FUZZ "Build the libFuzzer targets of tests/fuzz (clang), with ASan and UBSan" OFF)

if(GITOPS_SANITIZE OR GITOPS_FUZZ)
  if(GITOPS_STATIC)
    message(FATAL_ERROR "GITOPS_SANITIZE and GITOPS_FUZZ cannot be combined with GITOPS_STATIC")
  endif()
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

if(GITOPS_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "GITOPS_FUZZ needs clang (libFuzzer): configure with "
                        "-DCMAKE_CXX_COMPILER=clang++ (Debian package 'clang')")
  endif()
  # The library is instrumented for coverage; only the targets link libFuzzer's main. libgit2's
  # *_INIT macros leave fields to zero on purpose, which clang (not GCC) warns about.
  add_compile_options(-fsanitize=fuzzer-no-link -Wno-missing-field-initializers)
endif()
