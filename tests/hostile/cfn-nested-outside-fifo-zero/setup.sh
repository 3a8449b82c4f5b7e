#!/bin/bash
# Nested templates cloudsift must not read: one outside the scanned tree (holding a planted secret), a
# FIFO (blocks forever) and a link to /dev/zero (endless).
set -e
printf 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: planted-outside-secret\n' > "$CASE_OUTSIDE/child.yaml"
mkfifo fifo.yaml
ln -s /dev/zero zero.yaml
