# GITOPS_STATIC=ON, the release build (scripts/package.sh): every library Debian ships as an archive
# is linked statically, and so are libstdc++ and libgcc. glibc stays shared (its NSS and iconv load
# modules at run time), so the binaries need nothing but glibc. Included by Dependencies.cmake after
# the dynamic build's targets are found; the targets keep their names, so shared/ is unchanged.

add_link_options(-static-libstdc++ -static-libgcc)

function(gitops_find_archive variable name package)
  find_library(${variable} NAMES lib${name}.a)
  gitops_require(${variable} "${package}")
endfunction()

# yaml-cpp's CMake config declares only its shared library.
gitops_find_archive(GITOPS_YAML_CPP_ARCHIVE yaml-cpp libyaml-cpp-dev)
add_library(yaml-cpp STATIC IMPORTED)
set_target_properties(yaml-cpp PROPERTIES IMPORTED_LOCATION ${GITOPS_YAML_CPP_ARCHIVE})

# Debian ships simdjson only as a shared library: build the amalgamated simdjson.cpp of the same
# version (libsimdjson-dev's header is the amalgamated simdjson.h), which package.sh fetches from
# Debian's source package.
set(GITOPS_SIMDJSON_SOURCE "" CACHE FILEPATH
    "simdjson.cpp matching libsimdjson-dev (scripts/package.sh fetches it)")
if(NOT EXISTS "${GITOPS_SIMDJSON_SOURCE}")
  message(FATAL_ERROR "GITOPS_STATIC needs GITOPS_SIMDJSON_SOURCE: the amalgamated simdjson.cpp of "
                      "the installed libsimdjson-dev (scripts/package.sh fetches it)")
endif()
add_library(gitops_simdjson STATIC ${GITOPS_SIMDJSON_SOURCE})
target_compile_options(gitops_simdjson PRIVATE -w)
add_library(simdjson::simdjson ALIAS gitops_simdjson)

# libgit2: pkg-config names its archives but not libssh2's libcrypto, nor the Kerberos GSSAPI
# library of its Negotiate authentication, which Debian ships only shared: no_gssapi.cpp stands in.
set(libgit2_archives "")
foreach(name IN LISTS LIBGIT2_STATIC_LIBRARIES)
  if(name STREQUAL "rt")
    continue()  # part of glibc
  endif()
  string(MAKE_C_IDENTIFIER "GITOPS_ARCHIVE_${name}" variable)
  gitops_find_archive(${variable} ${name} "libgit2-dev")
  list(APPEND libgit2_archives ${${variable}})
  if(name STREQUAL "ssh2")
    gitops_find_archive(GITOPS_CRYPTO_ARCHIVE crypto libssl-dev)
    list(APPEND libgit2_archives ${GITOPS_CRYPTO_ARCHIVE})
  endif()
endforeach()
add_library(gitops_no_gssapi STATIC ${CMAKE_CURRENT_LIST_DIR}/no_gssapi.cpp)
set_property(TARGET PkgConfig::LIBGIT2 PROPERTY INTERFACE_LINK_LIBRARIES
             ${libgit2_archives} gitops_no_gssapi Threads::Threads ${CMAKE_DL_LIBS})
