mkdir -p proj/.git
echo 'KEEP-ME' > "$CASE_OUTSIDE/victim.json"
