x = "%{ for k, v in m ~} ${k}=${v} %{~ endfor }%{if a}b%{else}c%{endif}"
