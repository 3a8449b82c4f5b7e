mdoe = "Active"
