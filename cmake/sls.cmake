# Serverless Framework adapter: the oracle that packages each fixture with the real Framework v3
# (`serverless package`, offline) and compares every function's TracingConfig with our verdict.
# Skipped (77) when the serverless v3 CLI is not installed: SLS_BIN, .cache/sls (npm install --prefix
# .cache/sls serverless@3) or PATH.
if(CLOUDSIFT_TESTS)
  add_test(NAME sls_oracle
           COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/oracle/sls_oracle.py --binary $<TARGET_FILE:cloudsift> --jobs 2)
  set_tests_properties(sls_oracle PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900)
endif()
# The execution role the Framework generates: tests/oracle/sls_iam/expected.json is what `serverless
# package` emits for the services under tests/oracle/sls_iam (this oracle), and
# cs_sources_serverless_tests compares cloudsift's model with it.
if(CLOUDSIFT_TESTS)
  add_test(NAME sls_iam_oracle COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/oracle/sls_iam_oracle.py)
  set_tests_properties(sls_iam_oracle PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
endif()
