# `cloudsift fix` end to end (tests/fix/run_fix.py): golden diffs, git apply, --write, re-scan, idempotence,
# and the deploying tools' readers on the fixed files (terraform fmt, hcl2json, cfn-lint, samtranslator)
# when they are installed.
if(CLOUDSIFT_TESTS)
  add_test(NAME fix COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/fix/run_fix.py --binary $<TARGET_FILE:cloudsift>)
  set_tests_properties(fix PROPERTIES TIMEOUT 300)
endif()
