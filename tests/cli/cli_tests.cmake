# End-to-end cases: one line each. They run build/ecozone from the source folder.
function(ecozone_cli_test name)
  cmake_parse_arguments(T "QUIET_STDERR" "EXIT;STDERR;STDOUT" "ARGS" ${ARGN})
  string(REPLACE ";" "|" args "${T_ARGS}")
  add_test(NAME cli.${name}
           COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:ecozone> "-DARGS=${args}" -DEXIT=${T_EXIT}
                   "-DSTDERR=${T_STDERR}" "-DSTDOUT=${T_STDOUT}" -DQUIET_STDERR=${T_QUIET_STDERR}
                   -P ${CMAKE_CURRENT_LIST_DIR}/run_cli.cmake
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endfunction()

set(D tests/data/catalogs)

# General
ecozone_cli_test(version ARGS --version EXIT 0 STDOUT "ecozone [0-9]+\\.[0-9]+" QUIET_STDERR)
ecozone_cli_test(no_command ARGS EXIT 2 STDERR "error:.*subcommand")
ecozone_cli_test(unknown_option ARGS layers --catalog layers/sample.toml --bogus EXIT 2 STDERR "--bogus")
foreach(cmd layers)
  ecozone_cli_test(help_${cmd} ARGS ${cmd} --help EXIT 0 STDOUT "Usage: ecozone ${cmd}" QUIET_STDERR)
endforeach()

# ecozone layers
ecozone_cli_test(layers_sample ARGS layers --catalog layers/sample.toml EXIT 0
                 STDOUT "8 of 8 layers loaded\\." STDERR "2 invalid geometries repaired")
ecozone_cli_test(layers_sample_json ARGS layers --catalog layers/sample.toml --json EXIT 0
                 STDOUT "\"layers\": \\[.*\"id\": \"redline\".*\"area_m2\"")
ecozone_cli_test(layers_missing_catalog ARGS layers --catalog ${D}/nothing.toml EXIT 1
                 STDERR "nothing.toml: cannot open the catalog")
ecozone_cli_test(layers_missing_file ARGS layers --catalog ${D}/missing_file.toml EXIT 1
                 STDERR "missing_file.toml:7: layer 'gone': source '../no_such_file.gpkg' does not exist")
ecozone_cli_test(layers_no_crs ARGS layers --catalog ${D}/no_crs.toml EXIT 1
                 STDERR "no_crs.toml:4: layer 'parcels'.*has no coordinate reference system.*hint:.*EPSG:4523")
ecozone_cli_test(layers_corrupt ARGS layers --catalog ${D}/corrupt.toml EXIT 1
                 STDERR "corrupt.toml:4: layer 'damaged'.*corrupt.gpkg could not be read as a GIS vector file")
ecozone_cli_test(layers_partial ARGS layers --catalog ${D}/partial.toml EXIT 1
                 STDOUT "1 of 2 layers loaded, 1 failed" STDERR "has no coordinate reference system")
