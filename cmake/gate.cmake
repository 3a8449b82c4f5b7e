# CI gate: baselines (--create-baseline/--baseline), the exit-code policy (--fail-on, --soft-fail,
# --fail-on-unresolved, usage and input errors), .cloudsift.yaml (upward search, --config, overrides,
# config dump) and how suppressed results are shown. Each test writes its own files to a temporary
# directory; inline suppression syntaxes are covered by tests/fixtures/suppress (e2e).
if(CLOUDSIFT_TESTS)
  add_test(NAME gate COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/e2e/gate_test.py --binary $<TARGET_FILE:cloudsift>)
  set_tests_properties(gate PROPERTIES TIMEOUT 300)
endif()
