# End-to-end tests of the live scan (`cloudsift scan aws`): tests/live/live_fake_test.py runs it against
# the fake AWS endpoint (tests/fakeaws) with every fault kind; tests/live/live_moto_test.py against
# moto_server, comparing (function ARN, tracing mode) with what boto3 lists. Both start and stop their
# own loopback servers by PID. Exit 77 (skipped) when boto3 or moto_server is missing.
if(CLOUDSIFT_TESTS)
  add_test(NAME live_fake COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/live/live_fake_test.py
           --binary $<TARGET_FILE:cloudsift>)
  add_test(NAME live_moto COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/live/live_moto_test.py
           --binary $<TARGET_FILE:cloudsift>)
  set_tests_properties(live_fake live_moto PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 77 LABELS "live")
endif()
