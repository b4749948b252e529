# Runs screen, stats and map on sample_data and compares every output's SHA-256 with
# tests/data/reference/outputs.sha256: restructuring the code must not change a byte of what planners get.
# After an intended change of the outputs, regenerate the list and say why in the commit:
#   cmake -DEXE=build/ecozone -DWORK=build/reference -DUPDATE=1 -P tests/cli/reference_outputs.cmake
# (GeoPackages are left out: SQLite stores the time they were written.)
set(ref ${CMAKE_CURRENT_LIST_DIR}/../data/reference/outputs.sha256)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/maps)
set(ENV{ECOZONE_CACHE_DIR} ${WORK}/cache)
# Maps and reports print the date they were made; the reproducible-builds convention fixes it.
set(ENV{SOURCE_DATE_EPOCH} 1764547200)  # 2025-12-01
function(run)
  execute_process(COMMAND ${EXE} ${ARGN} RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "ecozone ${ARGN} failed (${rc}):\n${err}")
  endif()
endfunction()
run(screen --catalog layers/sample.toml --sites sample_data/sites.geojson --out ${WORK}/screening --format json,csv,html,xlsx,pdf,kml --quiet)
run(stats --catalog layers/sample.toml --targets layers/targets-sample.toml --out ${WORK}/stats --format json,csv,xlsx --quiet)
run(map --catalog layers/sample.toml --zone 乐至县 --out ${WORK}/maps/lezhi.svg)
run(map --catalog layers/sample.toml --zone 资阳市 --dpi 80 --out ${WORK}/maps/ziyang.png)
run(map --catalog layers/sample.toml --stats ${WORK}/stats/stats.json --indicator forest_pct --dpi 80 --out ${WORK}/maps/forest.png)
set(outputs screening/screening.json screening/screening.csv screening/report.html screening/screening.xlsx
            screening/report.pdf screening/screening.kml
            stats/stats.json stats/stats.csv stats/stats.xlsx
            maps/lezhi.svg maps/ziyang.png maps/forest.png)
set(now "")
foreach(o ${outputs})
  file(SHA256 ${WORK}/${o} h)
  string(APPEND now "${h}  ${o}\n")
endforeach()
if(UPDATE)
  file(WRITE ${ref} "${now}")
  message(STATUS "wrote ${ref}")
  return()
endif()
file(READ ${ref} expected)
if(NOT now STREQUAL expected)
  message(FATAL_ERROR "outputs on sample_data changed:\n--- expected (${ref})\n${expected}--- now (${WORK})\n${now}"
                      "If the change is intended, regenerate the list (see the head of reference_outputs.cmake).")
endif()
