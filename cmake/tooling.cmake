# The inline fixture expectation syntax (tests/e2e/expectations.py) on small cases.
# Developer tooling: scripts/add_check.py run in a copy of the tree, the copy built (with ccache) and
# checked to change only the new check's files. CS_SKIP_BUILD_TESTS=1 skips the build part (exit 77).
if(CLOUDSIFT_TESTS)
  add_test(NAME fixture_syntax COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/e2e/expectations_test.py)
  add_test(NAME add_check COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/tooling/add_check_test.py)
  set_tests_properties(add_check PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 2400)
endif()
