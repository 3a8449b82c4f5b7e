# Two links to the directory itself: the walk used to branch in two at every level.
ln -s . a
ln -s . b
