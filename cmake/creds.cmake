# AWS credential chain extras (src/aws/creds): JSON for credential_process/IMDS/SSO documents, the
# oracle resolver executable and the oracle test against the machine's botocore (skips with 77).
target_link_libraries(cs_aws_creds PUBLIC cs_syntax_json)
if(CLOUDSIFT_TESTS)
  add_executable(cs_creds_resolve ${CMAKE_SOURCE_DIR}/tests/oracle/creds_resolve.cpp)
  target_link_libraries(cs_creds_resolve PRIVATE cs_aws_creds)
  add_test(NAME creds_oracle
           COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/oracle/creds_oracle.py --resolve $<TARGET_FILE:cs_creds_resolve>)
  set_tests_properties(creds_oracle PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
endif()
