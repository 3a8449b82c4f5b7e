#!/usr/bin/env python3
"""Generate src/aws/sigv4/testdata/botocore_vectors.json with the machine's botocore (SigV4Auth).

  python3 tests/oracle/sigv4_vectors.py > src/aws/sigv4/testdata/botocore_vectors.json

Each case is a request description (see sigv4_common.py) plus "expected" {canonical_request, string_to_sign,
authorization, headers}. sigv4_test.cpp checks cloudsift's signer reproduces every one.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import botocore  # noqa: E402
from sigv4_common import botocore_sign  # noqa: E402

AK = 'AKIDEXAMPLE'
SK = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
TOKEN = 'EXAMPLE-SESSION-TOKEN'
LONG_TOKEN = ('IQoJb3JpZ2luX2VjEHcaCXVzLWVhc3QtMSJGMEQCIBx+/Ez4y4ODoDkVmIyNL5h0ZwZ+8Mt0n2Zp/xYzAiB9cqA'
              'S3l0gE3x+/nk1p0B6gkrDvFd2E4kqSAYc5AIRpCqZAggQEAAaDDEyMzQ1Njc4OTAxMiIM==')
T2025 = 1736942400  # 2025-01-15T12:00:00Z
T2015 = 1440938160  # 2015-08-30T12:36:00Z
T_LEAP = 1709251199  # 2024-02-29T23:59:59Z


def case(name, method, host, path, service, region='us-east-1', headers=None, body=b'', params=None,
         query='', token=TOKEN, epoch=T2025, s3=False, ak=AK, sk=SK):
    return {'name': name, 'method': method, 'host': host, 'path': path, 'params': params or [], 'query': query,
            'headers': headers or [], 'body_hex': body.hex(), 'access_key': ak, 'secret_key': sk,
            'token': token or '', 'region': region, 'service': service, 'epoch': epoch, 's3': s3}


FORM = [['Content-Type', 'application/x-www-form-urlencoded; charset=utf-8']]
CASES = [
    case('lambda-list-functions-marker', 'GET', 'lambda.us-east-1.amazonaws.com', '/2015-03-31/functions', 'lambda',
         query='FunctionVersion=ALL&MaxItems=50&Marker=exampleMarker%3D%3D'),
    case('lambda-list-functions-params', 'GET', 'lambda.eu-west-1.amazonaws.com', '/2015-03-31/functions', 'lambda',
         region='eu-west-1', params=[['Marker', 'abc/def+ghi=='], ['MaxItems', '50'], ['FunctionVersion', 'ALL']],
         token=None),
    case('lambda-list-tags-double-encoded', 'GET', 'lambda.us-east-1.amazonaws.com',
         '/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Amy-function', 'lambda'),
    case('lambda-update-config-put', 'PUT', 'lambda.us-east-1.amazonaws.com',
         '/2015-03-31/functions/my-function/configuration', 'lambda',
         headers=[['Content-Type', 'application/json']],
         body=b'{"TracingConfig": {"Mode": "Active"}, "RevisionId": "b75dcd81-xmpl-48a8-a75a-93ba8b5b9727"}'),
    case('sts-assume-role-form', 'POST', 'sts.us-east-1.amazonaws.com', '/', 'sts', headers=FORM,
         body=b'Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fscan'
              b'&RoleSessionName=cloudsift&DurationSeconds=3600', token=None),
    case('sts-get-caller-identity-long-token', 'POST', 'sts.eu-central-1.amazonaws.com', '/', 'sts',
         region='eu-central-1', headers=FORM, body=b'Action=GetCallerIdentity&Version=2011-06-15', token=LONG_TOKEN),
    case('iam-global-get-policy', 'POST', 'iam.amazonaws.com', '/', 'iam', headers=FORM,
         body=b'Action=GetPolicy&Version=2010-05-08&PolicyArn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FAWSXRayDaemonWriteAccess'),
    case('organizations-json11', 'POST', 'organizations.us-east-1.amazonaws.com', '/', 'organizations',
         headers=[['X-Amz-Target', 'AWSOrganizationsV20161128.ListAccounts'],
                  ['Content-Type', 'application/x-amz-json-1.1']], body=b'{"MaxResults": 20}'),
    case('tagging-json11-empty-input', 'POST', 'tagging.ap-southeast-2.amazonaws.com', '/', 'tagging',
         region='ap-southeast-2', headers=[['X-Amz-Target', 'ResourceGroupsTaggingAPI_20170126.GetResources'],
                                           ['Content-Type', 'application/x-amz-json-1.1']], body=b'{}', token=None),
    case('monitoring-json10', 'POST', 'monitoring.us-west-2.amazonaws.com', '/', 'monitoring', region='us-west-2',
         headers=[['X-Amz-Target', 'GraniteServiceVersion20100801.GetMetricData'],
                  ['Content-Type', 'application/x-amz-json-1.0'], ['x-amzn-query-mode', 'true']],
         body=b'{"MetricDataQueries": [], "StartTime": 1734307200, "EndTime": 1736899200}'),
    case('ec2-describe-regions-query', 'POST', 'ec2.us-east-1.amazonaws.com', '/', 'ec2', headers=FORM,
         body=b'Action=DescribeRegions&Version=2016-11-15&AllRegions=false&Filter.1.Name=opt-in-status'
              b'&Filter.1.Value.1=opt-in-not-required&Filter.1.Value.2=opted-in'),
    case('path-with-spaces-encoded', 'GET', 'xray.us-east-1.amazonaws.com', '/Sampling%20Rules/my%20rule', 'xray'),
    case('path-unicode-raw', 'GET', 'example.us-east-1.amazonaws.com', '/caf\u00e9/\u1234/\U0001F600', 'execute-api'),
    case('path-double-slashes-dots', 'GET', 'example.us-east-1.amazonaws.com', '//a//b/./c/../d//', 'execute-api'),
    case('path-empty', 'GET', 'example.us-east-1.amazonaws.com', '', 'execute-api', token=None),
    case('query-reserved-chars-params', 'GET', 'example.us-east-1.amazonaws.com', '/', 'execute-api',
         params=[['key with space', 'a b+c'], ['reserved', ":/?#[]@!$&'()*+,;="], ['unicode', '\u00fc\u20ac'],
                 ['empty', ''], ['tilde~', '-_.~']]),
    case('query-raw-unsorted-empty-values', 'GET', 'example.us-east-1.amazonaws.com', '/', 'execute-api',
         query='b=2&a=&c&a=1&%7E=x'),
    case('query-duplicate-keys-params', 'GET', 'example.us-east-1.amazonaws.com', '/', 'execute-api',
         params=[['k', 'z'], ['k', 'a'], ['K', 'm']], token=None),
    case('headers-whitespace-duplicates', 'POST', 'example.us-east-1.amazonaws.com', '/', 'execute-api',
         headers=[['My-Header', '  a   b  '], ['my-header', '\tc\t d '], ['X-Odd', ' x \t\t y '],
                  ['User-Agent', 'cloudsift/0.1'], ['Connection', 'keep-alive'], ['X-Amzn-Trace-Id', 'Root=1'],
                  ['Content-Type', 'text/plain']],
         body=b'hello'),
    case('explicit-host-header-and-old-date', 'GET', 'example.us-east-1.amazonaws.com', '/', 'execute-api',
         headers=[['Host', 'Example.US-East-1.amazonaws.com'], ['X-Amz-Date', '19990101T000000Z']], epoch=T_LEAP),
    case('previous-authorization-and-token-replaced', 'GET', 'lambda.us-east-1.amazonaws.com',
         '/2015-03-31/functions', 'lambda',
         headers=[['Authorization', 'AWS4-HMAC-SHA256 stale'], ['X-Amz-Security-Token', 'OLD']], epoch=T2015),
    case('date-header-rewritten', 'GET', 'example.us-east-1.amazonaws.com', '/', 'execute-api',
         headers=[['date', 'Thu, 01 Jan 1970 00:00:00 GMT'], ['X-Amz-Date', '19990101T000000Z']], epoch=T_LEAP),
    case('caller-content-sha256-unsigned', 'PUT', 'example.us-east-1.amazonaws.com', '/x', 'execute-api',
         headers=[['X-Amz-Content-SHA256', 'UNSIGNED-PAYLOAD']], body=b'ignored'),
    case('binary-body', 'POST', 'example.us-east-1.amazonaws.com', '/upload', 'execute-api',
         headers=[['Content-Type', 'application/octet-stream']], body=bytes(range(256))),
    case('china-partition', 'GET', 'lambda.cn-north-1.amazonaws.com.cn', '/2015-03-31/functions', 'lambda',
         region='cn-north-1', params=[['MaxItems', '10']]),
    case('s3-style-no-normalisation', 'PUT', 'bucket.s3.us-east-1.amazonaws.com', '/a//b/../c%20d.txt', 's3',
         headers=[['Content-Type', 'text/plain']], body=b'object body', s3=True),
]


def main():
    out = {'generator': 'tests/oracle/sigv4_vectors.py', 'botocore': botocore.__version__, 'cases': []}
    for c in CASES:
        c = dict(c)
        c['expected'] = botocore_sign(c)
        out['cases'].append(c)
    json.dump(out, sys.stdout, indent=1, ensure_ascii=True)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
