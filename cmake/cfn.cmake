# CloudFormation / SAM adapter extras: the SAM translator oracle (tests/oracle/sam_oracle.py) compares
# cloudsift's verdicts on AWS::Serverless::Function with its verdicts on what samtranslator emits.
# Skipped (exit 77) when samtranslator or the corpus is not there.
if(CLOUDSIFT_TESTS)
  set(CS_SAM_ORACLE_CORPUS "${CMAKE_SOURCE_DIR}/../shared/corpus/real" CACHE PATH "Corpus for the sam_oracle test")
  add_test(NAME sam_oracle
           COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/oracle/sam_oracle.py --binary $<TARGET_FILE:cloudsift>
                   --corpus ${CS_SAM_ORACLE_CORPUS} --threads 2)
  set_tests_properties(sam_oracle PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
endif()
# The execution roles SAM generates: tests/oracle/sam_iam/expected.json is what samtranslator emits for
# tests/oracle/sam_iam/template.yaml (this oracle), and cs_sources_cloudformation_tests compares
# cloudsift's model with it.
if(CLOUDSIFT_TESTS)
  add_test(NAME sam_iam_oracle COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/oracle/sam_iam_oracle.py)
  set_tests_properties(sam_iam_oracle PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
endif()
