mkdir -p proj/.git reports
