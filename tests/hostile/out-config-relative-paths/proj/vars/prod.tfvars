mode = "Active"
