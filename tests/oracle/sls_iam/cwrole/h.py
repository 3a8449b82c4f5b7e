def h(e, c): pass
