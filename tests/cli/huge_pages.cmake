# The same screening with glibc's huge pages (the program starts itself again with them where the kernel gives
# them on request), without (ECOZONE_HUGE_PAGES=0), and with the user's own GLIBC_TUNABLES (used as set, no
# restart): the outputs must be identical. "erased": what a restarted program sees where glibc erased the tunable
# (raised privileges) — its own mark without the tunable; it must carry on, not start itself again and again.
# -DEXE=… -DOUT=… (a folder)
foreach(mode on off user erased)
  set(env "")
  if(mode STREQUAL "off")
    set(env ECOZONE_HUGE_PAGES=0)
  elseif(mode STREQUAL "user")
    set(env GLIBC_TUNABLES=glibc.malloc.hugetlb=0)
  elseif(mode STREQUAL "erased")
    set(env ECOZONE_RESTARTED_FOR_HUGE_PAGES=1)
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -E env ${env} ${EXE} screen --catalog layers/sample.toml --sites sample_data/sites.geojson
                          --format json --quiet --out ${OUT}/${mode}
                  RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err TIMEOUT 120)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "ecozone screen (huge pages ${mode}) failed (${rc}):\n${err}")
  endif()
endforeach()
foreach(mode off user erased)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT}/on/screening.json ${OUT}/${mode}/screening.json RESULT_VARIABLE same)
  if(NOT same EQUAL 0)
    message(FATAL_ERROR "screening.json differs with huge pages on and ${mode}")
  endif()
endforeach()
