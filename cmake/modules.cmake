if(CLOUDSIFT_TESTS)
  # --download-external-modules against a fake Terraform registry and local git repositories (127.0.0.1 only;
  # skipped, exit 77, when git is missing).
  add_test(NAME modules_fetch COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/modules/fetch_test.py --binary $<TARGET_FILE:cloudsift>)
  set_tests_properties(modules_fetch PROPERTIES SKIP_RETURN_CODE 77)
endif()
