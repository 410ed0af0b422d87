# Run by the build for each area of shared/ (see shared/CMakeLists.txt): fails when one of FILES
# includes a header of an area that AREA does not USE, or a third-party library that belongs to
# another area. Writes STAMP when all is well.
#
#   cmake -DAREA=sync -DUSES=diff,kube -DAREAS=util,git,... -DFILES=a.cpp,a.hpp -DSTAMP=out \
#         -P CheckLayers.cmake

cmake_policy(SET CMP0057 NEW)  # if(IN_LIST)
string(REPLACE "," ";" USES "${USES}")
string(REPLACE "," ";" FILES "${FILES}")
string(REPLACE "," ";" areas "${AREAS}")

# Third-party headers (a regular expression) and the areas that may include them: libgit2 is the
# git seam, Boost.Process the kube seam (the only code that starts processes).
set(third_party
    "^git2=git"
    "^libssh2=git"  # libgit2's SSH transport; git reads an app's known-hosts file with it
    "^boost/process=kube"
    "^boost/(beast|asio)=kube,agent"  # kube: the proxy's client; agent: the agent's endpoints
    "^openssl/=agent"                 # webhook signatures (HMAC-SHA256), HTTPS notifications
    "^boost/program_options=cli"  # parsing is derived from each plugin's flag table
    "^yaml-cpp/=manifest,promote"
    "^simdjson=manifest,diff"
    "^dtl/=diff"
    "^libjsonnet=source")

set(failures "")
foreach(file IN LISTS FILES)
  if(file STREQUAL "")
    continue()
  endif()
  file(STRINGS ${file} includes REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
  foreach(line IN LISTS includes)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[<\"]([^>\"]*)[>\"].*" "\\1" header "${line}")
    if(header MATCHES "^([a-z_]+)/" AND CMAKE_MATCH_1 IN_LIST areas)
      set(area ${CMAKE_MATCH_1})
      if(NOT area STREQUAL AREA AND NOT area IN_LIST USES)
        list(APPEND failures "${file}: includes '${header}', but ${AREA} does not use ${area}")
      endif()
      continue()
    endif()
    set(owners "")
    foreach(rule IN LISTS third_party)
      string(REGEX MATCH "^(.*)=(.*)$" ignored "${rule}")
      set(pattern "${CMAKE_MATCH_1}")
      string(REPLACE "," ";" allowed "${CMAKE_MATCH_2}")
      if(header MATCHES "${pattern}")
        set(owners ${allowed})
        break()
      endif()
    endforeach()
    if(NOT owners)
      continue()
    endif()
    if(NOT AREA IN_LIST owners)
      list(APPEND failures "${file}: includes '${header}', which only ${owners} may use")
    endif()
  endforeach()
endforeach()

if(failures)
  list(JOIN failures "\n  " text)
  message(FATAL_ERROR "layer check failed (shared/CMakeLists.txt lists what each area may use):\n  ${text}")
endif()
file(WRITE ${STAMP} "")
