größe = "é"
naïve-name = 2
