# SigV4 oracle pieces: cs_sigv4_sign (signs JSON request descriptions with our signer) and the ctest
# sigv4_property, which compares it with the installed botocore on 500 random requests (fixed seed).
# The test is skipped (exit 77) when botocore is not importable.
if(CLOUDSIFT_TESTS)
  add_executable(cs_sigv4_sign ${CMAKE_SOURCE_DIR}/tests/oracle/sigv4_sign.cpp)
  target_link_libraries(cs_sigv4_sign PRIVATE cs_aws_sigv4)
  add_test(NAME sigv4_property
           COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/oracle/sigv4_property.py
                   --sign $<TARGET_FILE:cs_sigv4_sign> --count 500 --seed 20150830)
  set_tests_properties(sigv4_property PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 60)
endif()
