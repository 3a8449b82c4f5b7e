# CI integrations (issue 9, part 9): the pre-commit hooks run by the real pre-commit against a temporary
# git repository (skipped, exit 77, when pre-commit is not installed), and the GitHub Action's script
# run with fake inputs and a stub cloudsift that records its argv.
if(CLOUDSIFT_TESTS)
  add_test(NAME precommit COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/e2e/precommit_test.py --binary $<TARGET_FILE:cloudsift>)
  set_tests_properties(precommit PROPERTIES TIMEOUT 600 SKIP_RETURN_CODE 77)
  add_test(NAME action COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/e2e/action_test.py)
  set_tests_properties(action PROPERTIES TIMEOUT 120)
endif()
