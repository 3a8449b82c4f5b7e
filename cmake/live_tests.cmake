# End-to-end tests of the live scan (`cloudsift scan aws`): tests/live/live_fake_test.py runs it against
# the fake AWS endpoint (tests/fakeaws) with every fault kind; tests/live/live_bounds_test.py against the
# fake's hostile faults (huge or lying Content-Length, oversized bodies, gzip bombs, slow servers,
# ever-new pagination markers), each run under a memory limit; tests/live/live_moto_test.py against
# moto_server, comparing (function ARN, tracing mode) with what boto3 lists; tests/live/live_throttle_test.py
# runs 20 Organization scans under the fake's rate faults (Lambda 1/9 429, 1/31 500, 1/53 reset, AssumeRole
# throttled) and asserts no gap and byte-identical outputs (issue 11 part 5). All start and stop their
# own loopback servers by PID. Exit 77 (skipped) when boto3/botocore or moto_server is missing.
if(CLOUDSIFT_TESTS)
  add_test(NAME live_fake COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/live/live_fake_test.py
           --binary $<TARGET_FILE:cloudsift>)
  set(live_bounds_flags "")
  if(CLOUDSIFT_SANITIZE)
    set(live_bounds_flags "--sanitized")
  endif()
  add_test(NAME live_bounds COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/live/live_bounds_test.py
           --binary $<TARGET_FILE:cloudsift> ${live_bounds_flags})
  add_test(NAME live_moto COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/live/live_moto_test.py
           --binary $<TARGET_FILE:cloudsift>)
  add_test(NAME live_throttle COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/live/live_throttle_test.py
           --binary $<TARGET_FILE:cloudsift>)
  set_tests_properties(live_fake live_bounds live_moto live_throttle PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 77 LABELS "live")
endif()
