# HCL parser extras: the oracle dumper and the oracle test against HashiCorp's parser (via
# @cdktf/hcl2json). The test is skipped (exit 77) when the corpus or hcl2json is not there.
if(CLOUDSIFT_TESTS)
  set(CS_HCL_ORACLE_CORPUS "${CMAKE_SOURCE_DIR}/../shared/corpus/real" CACHE PATH "Corpus of .tf files for the hcl_oracle test")
  add_executable(cs_hcl_dump ${CMAKE_SOURCE_DIR}/tests/oracle/hcl_dump.cpp)
  target_link_libraries(cs_hcl_dump PRIVATE cs_syntax_hcl)
  add_test(NAME hcl_oracle
           COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/oracle/hcl2json_oracle.py
                   --dump $<TARGET_FILE:cs_hcl_dump> --jobs 2 ${CS_HCL_ORACLE_CORPUS})
  set_tests_properties(hcl_oracle PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
endif()
