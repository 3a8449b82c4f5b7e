# Fake AWS endpoint (tests/fakeaws/server.py) proven against real clients: boto3/botocore and the AWS CLI
# list functions, assume roles, page Organizations accounts, describe regions and see each injected
# fault as AWS would report it. Python stdlib + botocore/boto3 only; loopback only; starts and stops
# its own servers by PID. Exit 77 (skip) when boto3 is not installed.
if(CLOUDSIFT_TESTS)
  add_test(NAME fakeaws_selftest COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/fakeaws/selftest.py)
  set_tests_properties(fakeaws_selftest PROPERTIES TIMEOUT 60 SKIP_RETURN_CODE 77 LABELS "fakeaws")
endif()
