# Output formats: CLI tests of --format/--output, golden outputs of every format, SARIF validated by
# Microsoft's SARIF Multitool with GitHub's ingestion rules (skipped when the multitool is not
# installed: npm install --prefix .cache/sarif @microsoft/sarif-multitool-linux), and docs/checks
# kept equal to what `cloudsift docs` generates.
if(CLOUDSIFT_TESTS)
  add_test(NAME formats COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/e2e/formats_test.py --binary $<TARGET_FILE:cloudsift>)
  add_test(NAME golden COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/golden/golden.py --binary $<TARGET_FILE:cloudsift>)
  add_test(NAME docs_fresh COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/e2e/docs_fresh.py --binary $<TARGET_FILE:cloudsift>)
  add_test(NAME sarif_validate
           COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/e2e/sarif_validate.py --binary $<TARGET_FILE:cloudsift>)
  set_tests_properties(sarif_validate PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900)
  set_tests_properties(formats golden docs_fresh PROPERTIES TIMEOUT 300)
endif()
