"""Shared helpers for the SigV4 oracle scripts: sign a request description with the installed botocore.

A request description is a dict (the same JSON cs_sigv4_sign reads, one per line):
  method, host (lower-case Host value), path (as sent on the wire), params ([[key, value], ...] raw, optional),
  query (raw already-encoded query string, used when params is absent/empty), headers ([[name, value], ...]),
  body_hex, access_key, secret_key, token, region, service, epoch (UTC seconds),
  s3 (bool: S3SigV4Auth, no path normalisation, X-Amz-Content-SHA256 header).
botocore is only run here (an oracle); nothing of it is copied into cloudsift.
"""
import datetime
from unittest import mock

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def _recording(base):
    class Recording(base):
        def canonical_request(self, request):
            self.last_creq = super().canonical_request(request)
            return self.last_creq

        def string_to_sign(self, request, canonical_request):
            self.last_sts = super().string_to_sign(request, canonical_request)
            return self.last_sts
    return Recording


_V4 = _recording(botocore.auth.SigV4Auth)
_S3 = _recording(botocore.auth.S3SigV4Auth)


def botocore_sign(case):
    url = 'https://' + case['host'] + case['path']
    params = [tuple(p) for p in case.get('params') or []]
    if not params and case.get('query'):
        url += '?' + case['query']
    req = AWSRequest(method=case['method'], url=url, data=bytes.fromhex(case.get('body_hex', '')), params=params)
    for name, value in case.get('headers', []):
        req.headers[name] = value  # HTTPHeaders appends: duplicates kept in order
    creds = Credentials(case['access_key'], case['secret_key'], case.get('token') or None)
    cls = _S3 if case.get('s3') else _V4
    auth = cls(creds, case['service'], case['region'])
    now = datetime.datetime.fromtimestamp(case['epoch'], datetime.timezone.utc).replace(tzinfo=None)
    with mock.patch('botocore.auth.get_current_datetime', return_value=now):
        auth.add_auth(req)
    return {
        'canonical_request': auth.last_creq,
        'string_to_sign': auth.last_sts,
        'authorization': req.headers['Authorization'],
        'headers': [[k, v] for k, v in req.headers.items()],
    }
