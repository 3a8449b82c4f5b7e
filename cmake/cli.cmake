if(CLOUDSIFT_TESTS)
  # The command line itself: generated --help, version, list-checks --format json, --quiet/--compact,
  # config dump defaults, .cloudsift.yaml for scan aws (against tests/fakeaws on 127.0.0.1), errno reasons.
  add_test(NAME cli_e2e COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/e2e/cli_test.py --binary $<TARGET_FILE:cloudsift>)
endif()
