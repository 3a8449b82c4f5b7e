# XML parser fuzz target (the fuzz glob links cs_cli_lib, which reaches cs_syntax_xml through the AWS
# layer; linked explicitly so the target stands on its own).
if(CLOUDSIFT_FUZZ)
  target_link_libraries(xml_parse_fuzz PRIVATE cs_syntax_xml)
endif()
