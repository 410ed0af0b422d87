# Every dependency comes from a Debian package; a missing one stops the configure step with the
# package that provides it (scripts/install-deps.sh installs them all).
find_package(PkgConfig QUIET)

macro(gitops_require found package)
  if(NOT ${found})
    message(FATAL_ERROR "missing dependency: install the Debian package '${package}' "
                        "(or run scripts/install-deps.sh)")
  endif()
endmacro()

option(GITOPS_STATIC "Link the libraries Debian ships as archives statically (release packages)" OFF)
if(GITOPS_STATIC)
  set(Boost_USE_STATIC_LIBS ON)
endif()

find_package(Boost 1.74 QUIET COMPONENTS program_options filesystem)
gitops_require(Boost_FOUND "libboost-program-options-dev libboost-filesystem-dev libboost-dev")

if(NOT GITOPS_STATIC)  # StaticLink.cmake defines yaml-cpp and simdjson::simdjson from archives
  find_package(yaml-cpp QUIET)
  gitops_require(yaml-cpp_FOUND "libyaml-cpp-dev")
endif()

find_package(nlohmann_json 3.10 QUIET)
gitops_require(nlohmann_json_FOUND "nlohmann-json3-dev")

if(NOT GITOPS_STATIC)
  find_package(simdjson QUIET)
  gitops_require(simdjson_FOUND "libsimdjson-dev")
endif()

gitops_require(PKG_CONFIG_FOUND "pkg-config")
pkg_check_modules(LIBGIT2 QUIET IMPORTED_TARGET libgit2>=1.5)
gitops_require(LIBGIT2_FOUND "libgit2-dev")
# libssh2 (libgit2's SSH transport): shared/git checks SSH host keys against an app's known-hosts
# file with it, as libgit2 checks ~/.ssh/known_hosts. The static build links the archive libgit2's
# archives name (StaticLink.cmake).
add_library(gitops_libssh2 INTERFACE)
if(NOT GITOPS_STATIC)
  pkg_check_modules(LIBSSH2 QUIET IMPORTED_TARGET libssh2)
  gitops_require(LIBSSH2_FOUND "libssh2-1-dev")
  target_link_libraries(gitops_libssh2 INTERFACE PkgConfig::LIBSSH2)
endif()

find_path(DTL_INCLUDE_DIR dtl/dtl.hpp)
gitops_require(DTL_INCLUDE_DIR "libdtl-dev")

# OpenSSL: the agent checks webhook signatures (HMAC-SHA256, libcrypto; libgit2 links it already)
# and sends notifications over HTTPS (libssl, through Boost.Beast).
if(GITOPS_STATIC)
  set(OPENSSL_USE_STATIC_LIBS TRUE)
endif()
find_package(OpenSSL QUIET COMPONENTS Crypto SSL)
gitops_require(OPENSSL_FOUND "libssl-dev")
# Jsonnet renders in-process (shared/source/jsonnet.cpp) through libjsonnet-dev's shared library.
# Its archive lacks the rapidyaml and MD5 code the shared library carries, so the static release
# build links the libjsonnet.a scripts/package.sh builds from jsonnet's own source
# (GITOPS_JSONNET_STATIC: a folder with include/ and lib/); a static build without one has no
# Jsonnet and says so when a *.jsonnet file would render (GITOPS_NO_JSONNET).
set(GITOPS_JSONNET_STATIC "" CACHE PATH "static libjsonnet (include/, lib/) for GITOPS_STATIC")
add_library(gitops_jsonnet INTERFACE)
if(GITOPS_STATIC AND GITOPS_JSONNET_STATIC STREQUAL "")
  target_compile_definitions(gitops_jsonnet INTERFACE GITOPS_NO_JSONNET)
elseif(GITOPS_STATIC)
  target_include_directories(gitops_jsonnet INTERFACE ${GITOPS_JSONNET_STATIC}/include)
  target_link_libraries(gitops_jsonnet INTERFACE ${GITOPS_JSONNET_STATIC}/lib/libjsonnet.a)
else()
  find_path(JSONNET_INCLUDE_DIR libjsonnet.h)
  find_library(JSONNET_LIBRARY NAMES jsonnet)
  gitops_require(JSONNET_INCLUDE_DIR "libjsonnet-dev")
  gitops_require(JSONNET_LIBRARY "libjsonnet-dev")
  target_include_directories(gitops_jsonnet INTERFACE ${JSONNET_INCLUDE_DIR})
  target_link_libraries(gitops_jsonnet INTERFACE ${JSONNET_LIBRARY})
endif()

find_package(Threads REQUIRED)

if(GITOPS_STATIC)
  include(${CMAKE_CURRENT_LIST_DIR}/StaticLink.cmake)
endif()

if(GITOPS_BUILD_TESTS)
  find_package(GTest QUIET)
  gitops_require(GTest_FOUND "libgtest-dev")
endif()
