# What root cannot read either: a dangling link and a link to itself, both named like inputs.
ln -s missing.tf dangling.tf
ln -s loop.yaml loop.yaml
