# Output that cannot be lost or forged (issue 9, part 5): stdout on /dev/full and on a closed pipe,
# report files that cannot be written, escaped stderr. Writes only to its own temporary directory.
if(CLOUDSIFT_TESTS)
  add_test(NAME output COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/e2e/output_test.py --binary $<TARGET_FILE:cloudsift>)
  set_tests_properties(output PROPERTIES TIMEOUT 300)
endif()
