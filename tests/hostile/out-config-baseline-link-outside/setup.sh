mkdir -p proj/.git
printf '{"cloudsift_baseline": 1, "CS_PLANTED_SECRET_CFG": [' > "$CASE_OUTSIDE/secret.json"
ln -s "$CASE_OUTSIDE/secret.json" proj/baseline.json
