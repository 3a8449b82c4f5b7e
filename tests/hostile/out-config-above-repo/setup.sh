# The repository is repo/ (git cannot carry a .git directory in a fixture).
mkdir -p repo/.git
