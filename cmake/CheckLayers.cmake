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

# Third-party headers and the areas that may include them: libgit2 is the git seam, Boost.Process
# the kube seam (the only code that starts processes).
set(owners_git2 git)
set(owners_boost_process kube)
set(owners_boost_beast kube)
set(owners_boost_asio kube)
set(owners_boost_program_options cli plugins)  # cli/command_line.hpp hands it to the plugins
set(owners_yaml_cpp manifest promote)
set(owners_simdjson manifest diff)
set(owners_dtl diff)

set(failures "")
foreach(file IN LISTS FILES)
  if(file STREQUAL "")
    continue()
  endif()
  file(STRINGS ${file} includes REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
  foreach(line IN LISTS includes)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[<\"]([^>\"]*)[>\"].*" "\\1" header "${line}")
    set(owners "")
    if(header MATCHES "^git2")
      set(owners ${owners_git2})
    elseif(header MATCHES "^boost/process")
      set(owners ${owners_boost_process})
    elseif(header MATCHES "^boost/beast")
      set(owners ${owners_boost_beast})
    elseif(header MATCHES "^boost/asio")
      set(owners ${owners_boost_asio})
    elseif(header MATCHES "^boost/program_options")
      set(owners ${owners_boost_program_options})
    elseif(header MATCHES "^yaml-cpp/")
      set(owners ${owners_yaml_cpp})
    elseif(header MATCHES "^simdjson")
      set(owners ${owners_simdjson})
    elseif(header MATCHES "^dtl/")
      set(owners ${owners_dtl})
    elseif(header MATCHES "^([a-z_]+)/")
      string(REGEX REPLACE "^([a-z_]+)/.*" "\\1" area "${header}")
      if(area IN_LIST areas AND NOT area STREQUAL AREA AND NOT area IN_LIST USES)
        list(APPEND failures "${file}: includes '${header}', but ${AREA} does not use ${area}")
      endif()
      continue()
    else()
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
