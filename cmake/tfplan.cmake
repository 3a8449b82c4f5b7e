# Plan JSON oracle: plans a small configuration with the real terraform and the hashicorp/aws provider
# from a local plugin directory, offline, and checks cloudsift's reading of `terraform show -json`
# (tests/oracle/tfplan_oracle.py; skipped when terraform or the provider is missing).
if(CLOUDSIFT_TESTS)
  add_test(NAME tfplan_oracle
           COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/oracle/tfplan_oracle.py --binary $<TARGET_FILE:cloudsift>)
  set_tests_properties(tfplan_oracle PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
endif()
