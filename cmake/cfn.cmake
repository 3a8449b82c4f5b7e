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
