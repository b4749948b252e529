# End-to-end cases: one line each. They run build/ecozone from the source folder.
# LOCALE runs the command with LANG set to it (LC_ALL and LANGUAGE unset), as a user's shell would.
function(ecozone_cli_test name)
  cmake_parse_arguments(T "QUIET_STDERR" "EXIT;STDERR;STDOUT;LOCALE" "ARGS" ${ARGN})
  string(REPLACE ";" "|" args "${T_ARGS}")
  add_test(NAME cli.${name}
           COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:ecozone> "-DARGS=${args}" -DEXIT=${T_EXIT}
                   "-DSTDERR=${T_STDERR}" "-DSTDOUT=${T_STDOUT}" -DQUIET_STDERR=${T_QUIET_STDERR}
                   -P ${CMAKE_CURRENT_LIST_DIR}/run_cli.cmake
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  if(T_LOCALE)
    set_tests_properties(cli.${name} PROPERTIES ENVIRONMENT "LC_ALL=;LC_MESSAGES=;LANGUAGE=;LANG=${T_LOCALE}")
  endif()
endfunction()

set(D tests/data/catalogs)

# General
ecozone_cli_test(version ARGS --version EXIT 0 STDOUT "ecozone [0-9]+\\.[0-9]+" QUIET_STDERR)
ecozone_cli_test(no_command ARGS EXIT 2 STDERR "error:.*subcommand")
ecozone_cli_test(unknown_option ARGS layers --catalog layers/sample.toml --bogus EXIT 2 STDERR "--bogus")
# Typos get the nearest command or option.
ecozone_cli_test(command_typo ARGS scren --catalog layers/sample.toml EXIT 2 STDERR "'scren' is not an ecozone command. Do you mean 'screen'\\?")
ecozone_cli_test(option_typo ARGS screen --catalg layers/sample.toml --sites sample_data/sites.geojson
                 EXIT 2 STDERR "'--catalg' is not an option of  ecozone screen. Do you mean '--catalog'\\?")
ecozone_cli_test(option_typo_value ARGS screen --catalog layers/sample.toml --sites sample_data/sites.geojson --bufer-m=5
                 EXIT 2 STDERR "'--bufer-m' is not an option.*Do you mean '--buffer-m'\\?")
ecozone_cli_test(zone_typo ARGS map --catalog layers/sample.toml --zone 资阳 --out ${CMAKE_BINARY_DIR}/cli-typo.png
                 EXIT 2 STDERR "no zone is called or coded '资阳'. Do you mean '资阳市'\\?")
foreach(cmd layers screen stats change diff map style cache serve)
  ecozone_cli_test(help_${cmd} ARGS ${cmd} --help EXIT 0 STDOUT "Usage: ecozone ${cmd}" QUIET_STDERR)
endforeach()

# ecozone layers
ecozone_cli_test(layers_sample ARGS layers --catalog layers/sample.toml EXIT 0
                 STDOUT "8 of 8 layers loaded\\." STDERR "2 invalid geometries repaired")
ecozone_cli_test(layers_sample_json ARGS layers --catalog layers/sample.toml --json EXIT 0
                 STDOUT "\"layers\": \\[.*\"id\": \"redline\".*\"area_m2\"")
ecozone_cli_test(layers_missing_catalog ARGS layers --catalog ${D}/nothing.toml EXIT 1
                 STDERR "nothing.toml: the catalog does not exist")
ecozone_cli_test(layers_missing_file ARGS layers --catalog ${D}/missing_file.toml EXIT 1
                 STDERR "missing_file.toml:7: layer 'gone': source '../no_such_file.gpkg' does not exist")
ecozone_cli_test(layers_no_crs ARGS layers --catalog ${D}/no_crs.toml EXIT 1
                 STDERR "no_crs.toml:4: layer 'parcels'.*has no coordinate reference system.*hint:.*EPSG:4523")
ecozone_cli_test(layers_corrupt ARGS layers --catalog ${D}/corrupt.toml EXIT 1
                 STDERR "corrupt.toml:4: layer 'damaged'.*corrupt.gpkg could not be read as a GIS vector file")
ecozone_cli_test(layers_partial ARGS layers --catalog ${D}/partial.toml EXIT 1
                 STDOUT "1 of 2 layers loaded, 1 failed" STDERR "has no coordinate reference system")

# ecozone screen
set(SCR ${CMAKE_BINARY_DIR}/cli-screen)
ecozone_cli_test(screen_sample ARGS screen --catalog layers/sample.toml --sites sample_data/sites.geojson --out ${SCR}/geojson
                 EXIT 0 STDOUT "screened 30 site.*prohibited.*wrote .*screening.json.*screening.csv.*screening.gpkg.*report.html")
# QGIS opens screening.gpkg, finds one table per geometry type, applies the stored styles and draws
# every site and overlap (tests/qgis/check_in_qgis.py, Debian's python3-qgis, offscreen).
add_test(NAME qgis.screening_gpkg
         COMMAND ${ECOZONE_PYTHON} ${PROJECT_SOURCE_DIR}/tests/qgis/check_in_qgis.py screening ${SCR}/geojson)
set_tests_properties(qgis.screening_gpkg PROPERTIES DEPENDS cli.screen_sample TIMEOUT 120)
# `style export --catalog --layer`: QGIS applies the exported style to the bureau's own layer and draws
# every feature, classified on the layer's zone_field (the role-wide style drew none of them).
foreach(fmt qml sld)
  foreach(spec "units;control_unit;type;3" "protected;protected_area;zone;2")
    list(GET spec 0 id)
    list(GET spec 1 table)
    list(GET spec 2 field)
    list(GET spec 3 classes)
    add_test(NAME qgis.style_${id}_${fmt}
             COMMAND sh -c "\"$1\" style export --catalog layers/sample.toml --layer ${id} --format ${fmt} --out \"$2\" && \"$3\" tests/qgis/check_in_qgis.py style \"$2\" sample_data/zoning.gpkg ${table} ${field} ${classes}"
                     sh $<TARGET_FILE:ecozone> ${CMAKE_BINARY_DIR}/qgis-style-${id}.${fmt} ${ECOZONE_PYTHON}
             WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
    set_tests_properties(qgis.style_${id}_${fmt} PROPERTIES TIMEOUT 120)
  endforeach()
endforeach()
ecozone_cli_test(style_layer_typo ARGS style export --catalog layers/sample.toml --layer protectd
                 EXIT 2 STDERR "has no layer 'protectd'. Do you mean 'protected'\\?")
ecozone_cli_test(style_layer_alone ARGS style export --layer protected EXIT 2 STDERR "--catalog and --layer go together")
# screening.kml read back with GDAL's LIBKML driver: every site in its verdict's folder, areas as reported.
ecozone_cli_test(screen_kml ARGS screen --catalog layers/sample.toml --sites sample_data/sites.geojson --out ${SCR}/kml
                 --format kml,json --quiet EXIT 0)
add_test(NAME report.kml COMMAND ${ECOZONE_PYTHON} ${PROJECT_SOURCE_DIR}/tests/report/check_kml.py ${SCR}/kml)
set_tests_properties(report.kml PROPERTIES DEPENDS cli.screen_kml)
# report.pdf read back with poppler-utils: A4 with footers, the title block, a section per site, vector maps.
add_test(NAME report.pdf COMMAND ${ECOZONE_PYTHON} ${PROJECT_SOURCE_DIR}/tests/report/check_pdf.py ${SCR}/geojson)
set_tests_properties(report.pdf PROPERTIES DEPENDS cli.screen_sample)
# report.html printed to PDF in headless Chromium: A4, no page with only a heading, table headers
# repeated, a page per site card, no squeezed columns, maps at print resolution, working table tools.
add_test(NAME report.print
         COMMAND ${ECOZONE_PYTHON} ${PROJECT_SOURCE_DIR}/tests/report/check_print.py ${SCR}/geojson/report.html
                 ${CMAKE_BINARY_DIR}/report-print)
set_tests_properties(report.print PROPERTIES DEPENDS cli.screen_sample TIMEOUT 300)
# Above 200 sites the site maps are files beside report.html, none lost, none outside report_maps/.
add_test(NAME report.many_sites
         COMMAND ${ECOZONE_PYTHON} ${PROJECT_SOURCE_DIR}/tests/report/check_many_sites.py $<TARGET_FILE:ecozone>
                 ${CMAKE_BINARY_DIR}/report-many)
set_tests_properties(report.many_sites PROPERTIES TIMEOUT 600)
# Sites typed on the command line.
ecozone_cli_test(screen_point ARGS screen --catalog layers/sample.toml --point 104.62,30.12 --buffer-m 200 --category 化工
                 --name 测试化工厂 --out ${SCR}/point --format json
                 EXIT 0 STDOUT "screened 1 site from the command line.*P +prohibited +测试化工厂: New chemical projects must be inside a recognised chemical park")
# The default rules on permanent farmland (S17's place in the sample): a PV plant is prohibited
# (自然资办发〔2023〕12号), a road service station is prohibited, a road across it is restricted.
ecozone_cli_test(rules_pv_on_farmland ARGS screen --catalog layers/sample.toml --point "107°23'24.06\",31°46'03.65\""
                 --buffer-m 50 --category 光伏 --out ${SCR}/pv --format json
                 EXIT 0 STDOUT "P +prohibited.*photovoltaic projects may not occupy permanent basic farmland")
ecozone_cli_test(rules_station_on_farmland ARGS screen --catalog layers/sample.toml --point "107°23'24.06\",31°46'03.65\""
                 --buffer-m 50 --category 交通 --out ${SCR}/station --format json
                 EXIT 0 STDOUT "P +prohibited.*rural road service station.*not a major project")
ecozone_cli_test(screen_wkt ARGS screen --catalog layers/sample.toml --wkt "LINESTRING(104.6 30.1, 104.7 30.15)"
                 --wkt "POLYGON((104.60 30.10, 104.62 30.10, 104.62 30.12, 104.60 30.10))" --out ${SCR}/wkt --format json
                 EXIT 0 STDOUT "screened 2 sites from the command line")
ecozone_cli_test(screen_point_swapped ARGS screen --catalog layers/sample.toml --point 30.12,104.62 --out ${SCR}/swapped
                 EXIT 2 STDERR "--point '30.12,104.62' looks swapped")
ecozone_cli_test(screen_point_bad ARGS screen --catalog layers/sample.toml --point 104.62 --out ${SCR}/badpoint
                 EXIT 2 STDERR "--point '104.62' is not two numbers separated by a comma")
ecozone_cli_test(screen_wkt_bad ARGS screen --catalog layers/sample.toml --wkt "POLYGON((1 2" --out ${SCR}/badwkt
                 EXIT 2 STDERR "--wkt is not well-known text")
ecozone_cli_test(screen_no_sites ARGS screen --catalog layers/sample.toml --out ${SCR}/nosites
                 EXIT 2 STDERR "no sites to screen.*--point LON,LAT")
ecozone_cli_test(screen_point_and_sites ARGS screen --catalog layers/sample.toml --sites sample_data/sites.geojson
                 --point 104.62,30.12 --out ${SCR}/both EXIT 2 STDERR "--sites excludes --point")
ecozone_cli_test(screen_fail_on ARGS screen --catalog layers/sample.toml --sites sample_data/sites.geojson --out ${SCR}/failon
                 --format json --fail-on prohibited --quiet EXIT 3)
ecozone_cli_test(screen_jzd ARGS screen --catalog layers/sample.toml --sites sample_data/sites_jzd.txt --out ${SCR}/jzd --format json
                 EXIT 0 STDOUT "screened 2 site")
ecozone_cli_test(screen_csv_dms ARGS screen --catalog layers/sample.toml --sites sample_data/sites_points.csv --out ${SCR}/csv --format csv
                 EXIT 0 STDOUT "screened 10 site" STDERR "taken as CGCS2000")
ecozone_cli_test(screen_gcj02 ARGS screen --catalog layers/sample.toml --sites sample_data/sites_points.csv --coords gcj02 --out ${SCR}/gcj --format json
                 EXIT 0 STDOUT "screened 10 site")
ecozone_cli_test(screen_bad_format ARGS screen --catalog layers/sample.toml --sites sample_data/sites.geojson --format docx
                 EXIT 2 STDERR "--format")
ecozone_cli_test(screen_bad_coords ARGS screen --catalog layers/sample.toml --sites sample_data/sites.geojson --coords wgs
                 EXIT 2 STDERR "--coords")
ecozone_cli_test(screen_missing_sites ARGS screen --catalog layers/sample.toml --sites nothing.geojson --out ${SCR}/none
                 EXIT 1 STDERR "nothing.geojson: the sites file does not exist")
ecozone_cli_test(screen_sites_no_crs ARGS screen --catalog layers/sample.toml --sites tests/data/nocrs/parcels.shp --out ${SCR}/nocrs
                 EXIT 1 STDERR "has no coordinate reference system.*--crs")
ecozone_cli_test(screen_sites_crs_given ARGS screen --catalog layers/sample.toml --sites tests/data/nocrs/parcels.shp --crs EPSG:4523
                 --out ${SCR}/crs --format json EXIT 0 STDOUT "screened 2 site")
ecozone_cli_test(screen_unknown_field ARGS screen --catalog layers/sample.toml --sites sample_data/sites.geojson --id-field bianhao
                 --out ${SCR}/field EXIT 1 STDERR "no field 'bianhao'")
ecozone_cli_test(screen_bad_layers ARGS screen --catalog tests/data/catalogs/no_crs.toml --sites sample_data/sites.geojson
                 --out ${SCR}/badlayers EXIT 1 STDERR "nothing was screened")
ecozone_cli_test(screen_empty_sites ARGS screen --catalog layers/sample.toml --sites tests/data/empty.geojson --out ${SCR}/empty
                 EXIT 1 STDERR "holds no sites")

# ecozone stats
set(ST ${CMAKE_BINARY_DIR}/cli-stats)
ecozone_cli_test(stats_sample ARGS stats --catalog layers/sample.toml --targets layers/targets-sample.toml --out ${ST}/sample
                 EXIT 0 STDOUT "statistics for 17 zones.*forest +[0-9.]+ %.*groups:.*绵阳市.*森林覆盖率 met.*wrote .*stats.json.*stats.csv.*stats.gpkg")
ecozone_cli_test(stats_no_zones ARGS stats --catalog tests/data/catalogs/partial.toml --out ${ST}/nozones
                 EXIT 2 STDERR "no zones to report on")
ecozone_cli_test(stats_zones_cli ARGS stats --catalog layers/sample.toml --zones sample_data/counties.gpkg --zone-id-field adcode
                 --zone-name-field name --out ${ST}/cli --format json EXIT 0 STDOUT "statistics for 17 zones")
ecozone_cli_test(stats_bad_zone_field ARGS stats --catalog layers/sample.toml --zones sample_data/counties.gpkg --zone-id-field code
                 --out ${ST}/bad EXIT 1 STDERR "no field 'code'")
ecozone_cli_test(stats_missing_targets ARGS stats --catalog layers/sample.toml --targets nothing.toml --out ${ST}/t
                 EXIT 1 STDERR "nothing.toml: the targets file does not exist")

# ecozone change
set(CH ${CMAKE_BINARY_DIR}/cli-change)
ecozone_cli_test(change_sample ARGS change --catalog layers/sample.toml --targets layers/targets-sample.toml --out ${CH}/sample
                 EXIT 0 STDOUT "land-cover change 2020 → 2023 for 17 zones.*forest .* % → .* %.*carbon (sink|source).*groups:.*绵阳市.*target met: 生态系统碳汇.*巴中市.*target met: 森林面积净增长.*wrote .*change.json.*change.csv.*change_matrix.csv.*change.xlsx.*change.gpkg"
                 STDERR "6 targets are about one year's figures .*ecozone stats --targets")
ecozone_cli_test(change_files ARGS change --catalog layers/sample.toml --before sample_data/landcover_2020.vrt
                 --after sample_data/landcover.vrt --no-carbon --format json --out ${CH}/files EXIT 0 STDOUT "for 17 zones")
ecozone_cli_test(change_same_year ARGS change --catalog layers/sample.toml --before 2023 --after 2023 --out ${CH}/same
                 EXIT 2 STDERR "the same raster; there is no change to measure")
ecozone_cli_test(change_carbon_twice ARGS change --catalog layers/sample.toml --carbon layers/carbon-sample.toml --no-carbon
                 --out ${CH}/twice EXIT 2 STDERR "contradict each other")
ecozone_cli_test(map_change ARGS map --catalog layers/sample.toml --change ${CH}/sample/change.json --dpi 80
                 --out ${CMAKE_BINARY_DIR}/cli-change/forest_change.png EXIT 0 STDOUT "wrote .*forest_change.png")
set_tests_properties(cli.map_change PROPERTIES DEPENDS cli.change_sample)
ecozone_cli_test(map_change_cells ARGS map --catalog layers/sample.toml --change ${CH}/sample/change.json --change-cells
                 --zone 游仙区 --dpi 80 --out ${CMAKE_BINARY_DIR}/cli-change/cells.png EXIT 0 STDOUT "wrote .*cells.png")
set_tests_properties(cli.map_change_cells PROPERTIES DEPENDS cli.change_sample)
ecozone_cli_test(map_change_cells_no_zone ARGS map --catalog layers/sample.toml --change ${CH}/sample/change.json --change-cells
                 --out ${CMAKE_BINARY_DIR}/cli-change/cells.png EXIT 2 STDERR "--change-cells needs --zone")
set_tests_properties(cli.map_change_cells_no_zone PROPERTIES DEPENDS cli.change_sample)
ecozone_cli_test(map_change_cells_too_many ARGS map --catalog layers/sample.toml --change ${CH}/sample/change.json --change-cells
                 --bbox 104,29,108,33.5 --out ${CMAKE_BINARY_DIR}/cli-change/cells.png EXIT 2 STDERR "a map of changed cells draws at most")
set_tests_properties(cli.map_change_cells_too_many PROPERTIES DEPENDS cli.change_sample)
ecozone_cli_test(map_change_cells_outside ARGS map --catalog layers/sample.toml --change ${CH}/sample/change.json --change-cells
                 --bbox 110,40,110.1,40.1 --out ${CMAKE_BINARY_DIR}/cli-change/cells.png EXIT 2 STDERR "does not reach the map's view")
set_tests_properties(cli.map_change_cells_outside PROPERTIES DEPENDS cli.change_sample)
ecozone_cli_test(map_change_and_stats ARGS map --catalog layers/sample.toml --change ${CH}/sample/change.json
                 --stats ${CH}/sample/change.json --out ${CMAKE_BINARY_DIR}/cli-change/x.png EXIT 2 STDERR "give one of them")
# change.json against independent sums (rows = first year's class areas from `ecozone stats` of that year,
# columns = the second's; forest figures from the matrix; carbon by hand from the table) and QGIS reading
# change.gpkg with its diverging style.
add_test(NAME change.invariants
         COMMAND ${ECOZONE_PYTHON} ${PROJECT_SOURCE_DIR}/tests/report/check_change.py $<TARGET_FILE:ecozone> ${CH}/sample ${CH}/check)
set_tests_properties(change.invariants PROPERTIES DEPENDS cli.change_sample TIMEOUT 300)

# ecozone diff: the sample's 2023 zoning against its 2025 edition (made by scripts/make_sample_data.py)
set(DF ${CMAKE_BINARY_DIR}/cli-diff)
ecozone_cli_test(diff_sample ARGS diff --catalog layers/sample.toml --against layers/sample-2025.toml --sites sample_data/sites.geojson
                 --out ${DF}/sample
                 EXIT 0 STDOUT "zoning editions compared: 2023年动态更新（示例） → 2025年动态更新（示例）.*redline .*2 added, 2 removed, 2 reshaped, 1 renamed; gained .* ha.*protected .*unchanged \\(18 features\\).*farmland .*urban .*S07 .*clear .*prohibited.*wrote .*diff.json.*diff.csv.*diff_features.csv.*diff_sites.csv.*diff.xlsx.*diff.gpkg")
ecozone_cli_test(diff_zones_option ARGS diff --catalog layers/sample.toml --against layers/sample-2025.toml --zones sample_data/counties.gpkg
                 --zone-id-field adcode --format json --out ${DF}/zones EXIT 0 STDOUT "redline .*2 added")
ecozone_cli_test(map_diff ARGS map --catalog layers/sample-2025.toml --diff ${DF}/sample/diff.json --diff-layer redline --dpi 80
                 --out ${DF}/redline_diff.png EXIT 0 STDOUT "wrote .*redline_diff.png")
set_tests_properties(cli.map_diff PROPERTIES DEPENDS cli.diff_sample)
ecozone_cli_test(map_diff_bad_layer ARGS map --catalog layers/sample-2025.toml --diff ${DF}/sample/diff.json --diff-layer redlin
                 --out ${DF}/x.png EXIT 2 STDERR "has no layer 'redlin'. Do you mean 'redline'\\?")
set_tests_properties(cli.map_diff_bad_layer PROPERTIES DEPENDS cli.diff_sample)
# diff.json against a reference made independently from the source files (GDAL, shapely, pyproj's Geod):
# the codes added, removed, reshaped and renamed, the area gained and lost per layer and county; and QGIS
# drawing diff.gpkg with its stored style.
add_test(NAME diff.reference
         COMMAND ${ECOZONE_PYTHON} ${PROJECT_SOURCE_DIR}/tests/report/check_diff.py ${DF}/sample ${DF}/check)
set_tests_properties(diff.reference PROPERTIES DEPENDS cli.diff_sample TIMEOUT 300)

# ecozone map and style
set(MP ${CMAKE_BINARY_DIR}/cli-map)
file(MAKE_DIRECTORY ${MP})
ecozone_cli_test(map_zoning_png ARGS map --catalog layers/sample.toml --zone 资阳市 --dpi 80 --out ${MP}/ziyang.png
                 EXIT 0 STDOUT "wrote .*ziyang.png .*scale 1:")
ecozone_cli_test(map_zoning_pdf ARGS map --catalog layers/sample.toml --zone 雁江区 --size A3 --out ${MP}/yanjiang.pdf
                 EXIT 0 STDOUT "420 × 297 mm")
ecozone_cli_test(map_bbox_svg ARGS map --catalog layers/sample.toml --bbox 104.5,30.0,104.8,30.3 --out ${MP}/bbox.svg EXIT 0)
ecozone_cli_test(map_bad_zone ARGS map --catalog layers/sample.toml --zone 雁江 --out ${MP}/x.png EXIT 2
                 STDERR "no zone is called or coded '雁江'")
ecozone_cli_test(map_bad_ext ARGS map --catalog layers/sample.toml --out ${MP}/x.jpg EXIT 2 STDERR "png, .svg or .pdf")
ecozone_cli_test(map_bad_size ARGS map --catalog layers/sample.toml --size B5 --out ${MP}/x.png EXIT 2 STDERR "not a page size")
ecozone_cli_test(map_bad_bbox ARGS map --catalog layers/sample.toml --bbox 105,30,104,31 --out ${MP}/x.png EXIT 2 STDERR "W,S,E,N")
ecozone_cli_test(map_bad_style ARGS map --catalog layers/sample.toml --style tests/data/bad_style.toml --out ${MP}/x.png EXIT 1
                 STDERR "bad_style.toml:3: 'gren' is not a colour")
ecozone_cli_test(style_export_sld ARGS style export --format sld EXIT 0 STDOUT "StyledLayerDescriptor.*ecological_redline")
ecozone_cli_test(style_export_qml ARGS style export --format qml EXIT 0 STDOUT "categorizedSymbol")
add_test(NAME cli.huge_pages_same_output
         COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:ecozone> -DOUT=${SCR}/huge_pages -P ${CMAKE_CURRENT_LIST_DIR}/huge_pages.cmake
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
add_test(NAME cli.map_deterministic_svg
         COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:ecozone> "-DARGS=map|--catalog|layers/sample.toml|--zone|乐至县|--out|@OUT@"
                 -DOUT1=${MP}/det1.svg -DOUT2=${MP}/det2.svg -P ${CMAKE_CURRENT_LIST_DIR}/same_output.cmake
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
# A choropleth from the stats test's output, and a screening map from the screening test's output.
ecozone_cli_test(map_choropleth ARGS map --catalog layers/sample.toml --stats ${ST}/sample/stats.json --indicator forest_pct
                 --dpi 80 --out ${MP}/forest.png EXIT 0 STDOUT "wrote")
set_tests_properties(cli.map_choropleth PROPERTIES DEPENDS cli.stats_sample)
# screening.xlsx and stats.xlsx opened with openpyxl and checked against the JSON of the same run.
add_test(NAME report.xlsx
         COMMAND ${ECOZONE_PYTHON} ${PROJECT_SOURCE_DIR}/tests/report/check_xlsx.py ${SCR}/geojson ${ST}/sample)
set_tests_properties(report.xlsx PROPERTIES DEPENDS "cli.screen_sample;cli.stats_sample")
ecozone_cli_test(map_screening ARGS map --catalog layers/sample.toml --screening ${SCR}/geojson/screening.json --site S22
                 --dpi 80 --out ${MP}/s22.png EXIT 0 STDOUT "wrote")
set_tests_properties(cli.map_screening PROPERTIES DEPENDS cli.screen_sample)
ecozone_cli_test(map_screening_bad_site ARGS map --catalog layers/sample.toml --screening ${SCR}/geojson/screening.json --site S99
                 --out ${MP}/s99.png EXIT 2 STDERR "has no site 'S99'")
set_tests_properties(cli.map_screening_bad_site PROPERTIES DEPENDS cli.screen_sample)

# The layer cache (tests run with ECOZONE_CACHE_DIR in the build folder, see below).
add_test(NAME cli.cache_changes_nothing
         COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:ecozone> -DWORK=${CMAKE_BINARY_DIR}/cli-cache
                 -P ${CMAKE_CURRENT_LIST_DIR}/cache_runs.cmake
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
ecozone_cli_test(cache_show ARGS cache EXIT 0 STDOUT "layer cache: .*test-cache\n  [0-9]+ entr" QUIET_STDERR)
ecozone_cli_test(cache_show_json ARGS cache --json EXIT 0 STDOUT "\"entries\": [0-9]+")
ecozone_cli_test(cache_unwritable ARGS layers --catalog layers/sample.toml EXIT 0
                 STDERR "note: /dev/null/ecozone-cache: the layer cache could not be kept")
set_tests_properties(cli.cache_unwritable PROPERTIES ENVIRONMENT ECOZONE_CACHE_DIR=/dev/null/ecozone-cache)
ecozone_cli_test(cache_bad_limit ARGS screen --catalog layers/sample.toml --sites sample_data/sites.geojson --out ${SCR}/badlimit
                 EXIT 2 STDERR "ECOZONE_CACHE_MAX_MB='lots' is not a size in megabytes")
set_tests_properties(cli.cache_bad_limit PROPERTIES ENVIRONMENT "ECOZONE_CACHE_DIR=${CMAKE_BINARY_DIR}/test-cache;ECOZONE_CACHE_MAX_MB=lots")

# Outputs on sample_data, byte for byte (restructuring must not change them). Release builds only: another
# optimisation level may round a last digit differently.
if(NOT ECOZONE_SANITIZE AND NOT ECOZONE_FUZZ AND CMAKE_BUILD_TYPE STREQUAL "Release")
  add_test(NAME cli.reference_outputs
           COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:ecozone> -DWORK=${CMAKE_BINARY_DIR}/reference
                   -P ${CMAKE_CURRENT_LIST_DIR}/reference_outputs.cmake
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endif()

# Every other test keeps its cache entries in the build folder, never in the user's own cache.
get_property(cli_tests DIRECTORY PROPERTY TESTS)
foreach(t ${cli_tests})
  get_test_property(${t} ENVIRONMENT env)
  if(NOT env)
    set_tests_properties(${t} PROPERTIES ENVIRONMENT ECOZONE_CACHE_DIR=${CMAKE_BINARY_DIR}/test-cache)
  endif()
endforeach()

# Messages in the user's language (gettext, po/zh_CN.po): Chinese under a Chinese locale, whether or not the
# machine has generated that locale, English under any other; summaries in one language.
ecozone_cli_test(zh_screen_summary LOCALE zh_CN.UTF-8
                 ARGS screen --catalog layers/sample.toml --point 104.62,30.12 --buffer-m 200 --category 化工
                 --name 测试化工厂 --out ${SCR}/point-zh --format json
                 EXIT 0 STDOUT "已对照 .* 的 8 个图层筛查来自 命令行 的 1 个项目\n  禁止 +1\n  限制 +0\n.*P +禁止 +测试化工厂: 新建化工项目应进入合规化工园区.*已写出 .*screening.json"
                 STDERR "警告: .*已用 GEOS MakeValid 修复 2 个无效几何")
ecozone_cli_test(zh_error LOCALE zh_CN.UTF-8 ARGS screen --catalog layers/sample.toml --point 104.62 --out ${SCR}/badpoint-zh
                 EXIT 2 STDERR "ecozone screen: 错误: --point“104.62”不是用逗号分隔的两个数字。\n  提示: 请写成  --point LON,LAT")
ecozone_cli_test(zh_typo LOCALE zh_CN.UTF-8 ARGS scren --catalog layers/sample.toml
                 EXIT 2 STDERR "“scren”不是 ecozone 的命令。是否指“screen”？")
ecozone_cli_test(zh_no_crs LOCALE zh_CN.UTF-8 ARGS layers --catalog tests/data/catalogs/no_crs.toml
                 EXIT 1 STDERR "没有坐标参考系（没有 .prj 或坐标系定义）。.*提示: .*ecozone 从不猜测坐标系。")
ecozone_cli_test(zh_help LOCALE zh_CN.UTF-8 ARGS screen --help
                 EXIT 0 STDOUT "用法: ecozone screen \\[选项\\]\n\n选项:\n  -h,--help +显示本帮助信息并退出\n  --catalog TEXT 必填 +图层目录" QUIET_STDERR)
ecozone_cli_test(zh_layers LOCALE zh_CN.UTF-8 ARGS layers --catalog layers/sample.toml
                 EXIT 0 STDOUT "工作坐标系：.*个要素.*面积 [0-9,.]+ km² = .*已加载 8 个图层中的 8 个。")
ecozone_cli_test(en_other_locale LOCALE fr_FR.UTF-8 ARGS screen --catalog layers/sample.toml --point 104.62
                 --out ${SCR}/badpoint-fr EXIT 2 STDERR "error: --point '104.62' is not two numbers separated by a comma")
