# cs_tf_eval: a tiny driver for the Terraform expression evaluator, and the oracle test that compares
# it with `terraform console` (skipped when terraform is not installed).
if(CLOUDSIFT_TESTS)
  add_executable(cs_tf_eval ${CMAKE_SOURCE_DIR}/tests/oracle/tf_eval.cpp)
  target_link_libraries(cs_tf_eval PRIVATE cs_sources_terraform)
  add_test(NAME tf_console_oracle
           COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/oracle/tf_console_oracle.py $<TARGET_FILE:cs_tf_eval>
                   ${CMAKE_SOURCE_DIR}/tests/oracle/tf_console_cases.txt)
  set_tests_properties(tf_console_oracle PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
endif()
