# Hostile-input suite (tests/hostile, issue "Safe to run on any repository"): one CTest test per case
# directory, each run by tests/hostile/run_hostile.py under its own timeout and memory limit (RLIMIT_AS,
# or ASan's hard_rss_limit_mb in the sanitizer build). Exit 77 = skipped (e.g. a permission case as root).
if(CLOUDSIFT_TESTS)
  file(GLOB hostile_cases CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/hostile/*/case.json)
  set(hostile_flags "")
  if(CLOUDSIFT_SANITIZE)
    set(hostile_flags "--sanitized")
  endif()
  foreach(c ${hostile_cases})
    get_filename_component(dir ${c} DIRECTORY)
    get_filename_component(name ${dir} NAME)
    add_test(NAME hostile/${name}
             COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/hostile/run_hostile.py --binary $<TARGET_FILE:cloudsift>
                     --case ${dir} ${hostile_flags})
    set_tests_properties(hostile/${name} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300 LABELS "hostile")
  endforeach()
endif()
