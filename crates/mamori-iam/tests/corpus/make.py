#!/usr/bin/env python3
"""Writes cases.json, the IAM evaluation corpus.

Each case is a request (principal, action, resource, context), the policies
of each kind, the expected decision and the statements expected to decide it
("source/policy/statement": identity/0/#1, resource/resource/PublicRead,
scp/1.0/#0). The expectations come from AWS's documentation of the policy
language and evaluation logic (the pages are named in `source`), not from
running mamori. The runner adds the keys AWS sets for the principal
(aws:username for users, aws:PrincipalArn, aws:PrincipalAccount, ...) under
the case's own context. Tables of operator cases are written as tables; every other
case is written out. Run `python3 make.py` after editing; the test checks
that cases.json is current.
"""

import json
import os

ACCT = "111122223333"
OTHER = "444455556666"
ALICE = f"arn:aws:iam::{ACCT}:user/alice"
BOB = f"arn:aws:iam::{OTHER}:user/bob"
ROLE = f"arn:aws:iam::{ACCT}:role/app"
SESSION = f"arn:aws:sts::{ACCT}:assumed-role/app/s1"
OTHER_ROLE = f"arn:aws:iam::{OTHER}:role/ext"
OTHER_SESSION = f"arn:aws:sts::{OTHER}:assumed-role/ext/s1"
ROOT = f"arn:aws:iam::{ACCT}:root"
BUCKET = "arn:aws:s3:::bucket"
OBJ = "arn:aws:s3:::bucket/key"
KEY = f"arn:aws:kms:us-east-1:{ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"

DOC_EVAL = "IAM User Guide: Policy evaluation logic"
DOC_CROSS = "IAM User Guide: Cross-account policy evaluation logic"
DOC_COND = "IAM User Guide: IAM JSON policy elements: Condition operators"
DOC_SET = "IAM User Guide: Set operators for multivalued context keys"
DOC_VARS = "IAM User Guide: IAM policy elements: Variables and tags"
DOC_NOTP = "IAM User Guide: AWS JSON policy elements: NotPrincipal"
DOC_RES = "IAM User Guide: IAM JSON policy elements: Resource"
DOC_ACT = "IAM User Guide: IAM JSON policy elements: Action / NotAction"
DOC_KMS = "AWS KMS Developer Guide: Key policies (default key policy)"
DOC_TRUST = "IAM User Guide: Roles terms and concepts (trust policy)"
DOC_EX = "IAM User Guide: Example IAM identity-based policies"

cases = []


def policy(*statements, version="2012-10-17"):
    doc = {"Statement": list(statements)}
    if version:
        doc = {"Version": version, **doc}
    return doc


def allow(action="*", resource="*", **extra):
    st = {"Effect": "Allow", "Action": action}
    if resource is not None:
        st["Resource"] = resource
    st.update(extra)
    return st


def deny(action="*", resource="*", **extra):
    st = {"Effect": "Deny", "Action": action}
    if resource is not None:
        st["Resource"] = resource
    st.update(extra)
    return st


def case(name, expect, because, source, principal=ALICE, action="s3:GetObject", resource=OBJ, **kw):
    c = {"name": name, "source": source, "principal": principal, "action": action, "resource": resource}
    c.update(kw)
    c["expect"] = expect
    c["because"] = sorted(because)
    cases.append(c)


# --- Condition operators: (operator, key, policy values, request value(s) or None, holds) ---
OPERATOR_TABLE = [
    ("StringEquals", "aws:username", "alice", "alice", True),
    ("StringEquals", "aws:username", "alice", "Alice", False),
    ("StringEquals", "aws:username", ["bob", "alice"], "alice", True),
    ("StringEquals", "aws:username", "al*", "alice", False),
    ("StringEquals", "aws:username", "al*", "al*", True),
    ("StringEquals", "s3:prefix", "home/", None, False),
    ("StringNotEquals", "aws:username", "bob", "alice", True),
    ("StringNotEquals", "aws:username", "alice", "alice", False),
    ("StringNotEquals", "aws:username", ["bob", "alice"], "alice", False),
    ("StringNotEquals", "s3:prefix", "home/", None, True),
    ("StringEqualsIgnoreCase", "aws:username", "ALICE", "alice", True),
    ("StringEqualsIgnoreCase", "aws:username", "bob", "alice", False),
    ("StringEqualsIgnoreCase", "s3:prefix", "x", None, False),
    ("StringNotEqualsIgnoreCase", "aws:username", "ALICE", "alice", False),
    ("StringNotEqualsIgnoreCase", "aws:username", "BOB", "alice", True),
    ("StringNotEqualsIgnoreCase", "s3:prefix", "x", None, True),
    ("StringLike", "s3:prefix", "home/*", "home/alice/docs", True),
    ("StringLike", "s3:prefix", "home/?", "home/a", True),
    ("StringLike", "s3:prefix", "home/?", "home/ab", False),
    ("StringLike", "s3:prefix", "Home/*", "home/x", False),
    ("StringLike", "s3:prefix", ["a*", "b*"], "bx", True),
    ("StringLike", "s3:prefix", "*", None, False),
    ("StringNotLike", "s3:prefix", "home/*", "tmp/x", True),
    ("StringNotLike", "s3:prefix", "home/*", "home/x", False),
    ("StringNotLike", "s3:prefix", "home/*", None, True),
    ("NumericEquals", "s3:max-keys", "10", "10", True),
    ("NumericEquals", "s3:max-keys", "10", "10.0", True),
    ("NumericEquals", "s3:max-keys", "10", "11", False),
    ("NumericEquals", "s3:max-keys", 10, "10", True),
    ("NumericNotEquals", "s3:max-keys", "10", "11", True),
    ("NumericNotEquals", "s3:max-keys", "10", "10", False),
    ("NumericNotEquals", "s3:max-keys", "10", None, True),
    ("NumericLessThan", "s3:max-keys", "10", "9", True),
    ("NumericLessThan", "s3:max-keys", "10", "10", False),
    ("NumericLessThanEquals", "s3:max-keys", "10", "10", True),
    ("NumericLessThanEquals", "s3:max-keys", "10", "11", False),
    ("NumericGreaterThan", "s3:max-keys", "10", "11", True),
    ("NumericGreaterThan", "s3:max-keys", "10", "10", False),
    ("NumericGreaterThanEquals", "s3:max-keys", "10", "10", True),
    ("NumericGreaterThanEquals", "s3:max-keys", "10", "9", False),
    ("NumericLessThan", "s3:max-keys", "10", None, False),
    ("NumericLessThan", "s3:max-keys", "10", "ten", False),
    ("NumericGreaterThan", "s3:max-keys", "-1.5", "-1", True),
    ("DateEquals", "aws:CurrentTime", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", True),
    ("DateEquals", "aws:CurrentTime", "2024-01-01", "2024-01-01T00:00:00Z", True),
    ("DateEquals", "aws:CurrentTime", "2024-01-01T09:00:00+09:00", "2024-01-01T00:00:00Z", True),
    ("DateNotEquals", "aws:CurrentTime", "2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z", True),
    ("DateNotEquals", "aws:CurrentTime", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", False),
    ("DateLessThan", "aws:CurrentTime", "2024-06-30T00:00:00Z", "2024-06-01T12:00:00Z", True),
    ("DateLessThan", "aws:CurrentTime", "2024-06-30T00:00:00Z", "2024-07-01T00:00:00Z", False),
    ("DateLessThanEquals", "aws:CurrentTime", "2024-06-30T00:00:00Z", "2024-06-30T00:00:00Z", True),
    ("DateGreaterThan", "aws:CurrentTime", "2024-06-30T00:00:00Z", "2024-07-01T00:00:00Z", True),
    ("DateGreaterThan", "aws:CurrentTime", "2024-06-30T00:00:00Z", "2024-06-01T00:00:00Z", False),
    ("DateGreaterThanEquals", "aws:CurrentTime", "2024-06-30T00:00:00Z", "2024-06-30T00:00:00Z", True),
    ("DateGreaterThan", "aws:EpochTime", "1700000000", "1700000001", True),
    ("DateLessThan", "aws:TokenIssueTime", "2024-01-01T00:00:00Z", None, False),
    ("Bool", "aws:SecureTransport", "true", "true", True),
    ("Bool", "aws:SecureTransport", "true", "false", False),
    ("Bool", "aws:SecureTransport", True, "true", True),
    ("Bool", "aws:SecureTransport", "false", "false", True),
    ("Bool", "aws:SecureTransport", "true", "TRUE", True),
    ("Bool", "aws:MultiFactorAuthPresent", "true", None, False),
    ("BinaryEquals", "key", "QmluYXJ5VmFsdWU=", "QmluYXJ5VmFsdWU=", True),
    ("BinaryEquals", "key", "QmluYXJ5VmFsdWU=", "T3RoZXI=", False),
    ("IpAddress", "aws:SourceIp", "203.0.113.0/24", "203.0.113.7", True),
    ("IpAddress", "aws:SourceIp", "203.0.113.0/24", "203.0.114.7", False),
    ("IpAddress", "aws:SourceIp", ["10.0.0.0/8", "203.0.113.0/24"], "203.0.113.255", True),
    ("IpAddress", "aws:SourceIp", "203.0.113.5", "203.0.113.5", True),
    ("IpAddress", "aws:SourceIp", "203.0.113.5/32", "203.0.113.6", False),
    ("IpAddress", "aws:SourceIp", "2001:db8::/32", "2001:db8:1234::1", True),
    ("IpAddress", "aws:SourceIp", "2001:db8::/32", "2001:db9::1", False),
    ("IpAddress", "aws:SourceIp", "2001:db8::/32", "203.0.113.7", False),
    ("IpAddress", "aws:SourceIp", "0.0.0.0/0", "198.51.100.1", True),
    ("IpAddress", "aws:SourceIp", "203.0.113.0/24", None, False),
    ("NotIpAddress", "aws:SourceIp", "203.0.113.0/24", "198.51.100.1", True),
    ("NotIpAddress", "aws:SourceIp", "203.0.113.0/24", "203.0.113.1", False),
    ("NotIpAddress", "aws:SourceIp", "203.0.113.0/24", None, True),
    ("NotIpAddress", "aws:SourceIp", ["203.0.113.0/24", "2001:db8::/32"], "2001:db8::5", False),
    ("ArnEquals", "aws:SourceArn", f"arn:aws:sns:us-east-1:{ACCT}:topic", f"arn:aws:sns:us-east-1:{ACCT}:topic", True),
    ("ArnEquals", "aws:SourceArn", f"arn:aws:sns:us-east-1:{ACCT}:topic", f"arn:aws:sns:us-east-1:{ACCT}:other", False),
    ("ArnLike", "aws:SourceArn", f"arn:aws:sns:*:{ACCT}:*", f"arn:aws:sns:eu-west-1:{ACCT}:t", True),
    ("ArnLike", "aws:SourceArn", f"arn:aws:sns:*:{ACCT}:*", f"arn:aws:sns:eu-west-1:{OTHER}:t", False),
    ("ArnLike", "aws:PrincipalArn", "arn:aws:iam::*:role/admin-*", f"arn:aws:iam::{ACCT}:role/admin-ops", True),
    ("ArnLike", "aws:PrincipalArn", "arn:aws:iam::*:role/admin-*", f"arn:aws:iam::{ACCT}:user/admin-ops", False),
    # A `*` in one ARN part does not cross a colon into the next.
    ("ArnLike", "aws:SourceArn", "arn:aws:*", f"arn:aws:sns:us-east-1:{ACCT}:t", False),
    ("ArnLike", "aws:SourceArn", "arn:aws:sns:us-east-1:*:t", f"arn:aws:sns:us-east-1:{ACCT}:t", True),
    ("ArnLike", "aws:SourceArn", "arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a:b/c", True),
    ("ArnLike", "aws:SourceArn", "arn:aws:s3:::bucket/*", "not-an-arn", False),
    ("ArnNotEquals", "aws:SourceArn", f"arn:aws:sns:us-east-1:{ACCT}:topic", f"arn:aws:sns:us-east-1:{ACCT}:other", True),
    ("ArnNotLike", "aws:PrincipalArn", "arn:aws:iam::*:role/admin-*", f"arn:aws:iam::{ACCT}:role/admin-ops", False),
    ("ArnNotLike", "aws:PrincipalArn", "arn:aws:iam::*:role/admin-*", f"arn:aws:iam::{ACCT}:role/dev", True),
    ("ArnNotLike", "aws:SourceArn", "arn:aws:sns:*:*:*", None, True),
    ("Null", "aws:TokenIssueTime", "true", None, True),
    ("Null", "aws:TokenIssueTime", "true", "2024-01-01T00:00:00Z", False),
    ("Null", "aws:TokenIssueTime", "false", "2024-01-01T00:00:00Z", True),
    ("Null", "aws:TokenIssueTime", "false", None, False),
    ("Null", "aws:TokenIssueTime", False, None, False),
    ("StringEqualsIfExists", "ec2:InstanceType", "t3.micro", None, True),
    ("StringEqualsIfExists", "ec2:InstanceType", "t3.micro", "t3.micro", True),
    ("StringEqualsIfExists", "ec2:InstanceType", "t3.micro", "m5.large", False),
    ("StringNotEqualsIfExists", "ec2:InstanceType", "t3.micro", None, True),
    ("StringNotEqualsIfExists", "ec2:InstanceType", "t3.micro", "m5.large", True),
    ("StringNotEqualsIfExists", "ec2:InstanceType", "t3.micro", "t3.micro", False),
    ("StringLikeIfExists", "ec2:InstanceType", "t3.*", "t3.nano", True),
    ("StringLikeIfExists", "ec2:InstanceType", "t3.*", "m5.large", False),
    ("NumericLessThanIfExists", "s3:max-keys", "10", None, True),
    ("NumericLessThanIfExists", "s3:max-keys", "10", "20", False),
    ("BoolIfExists", "aws:MultiFactorAuthPresent", "false", None, True),
    ("BoolIfExists", "aws:MultiFactorAuthPresent", "false", "false", True),
    ("BoolIfExists", "aws:MultiFactorAuthPresent", "false", "true", False),
    ("IpAddressIfExists", "aws:SourceIp", "203.0.113.0/24", None, True),
    ("NotIpAddressIfExists", "aws:SourceIp", "203.0.113.0/24", "203.0.113.9", False),
    ("ArnLikeIfExists", "aws:SourceArn", "arn:aws:sns:*:*:t", None, True),
    ("DateLessThanIfExists", "aws:CurrentTime", "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z", False),
    ("ForAllValues:StringEquals", "aws:TagKeys", ["env", "team"], ["env"], True),
    ("ForAllValues:StringEquals", "aws:TagKeys", ["env", "team"], ["env", "team"], True),
    ("ForAllValues:StringEquals", "aws:TagKeys", ["env", "team"], ["env", "cost"], False),
    # Missing or empty: ForAllValues is vacuously true.
    ("ForAllValues:StringEquals", "aws:TagKeys", ["env", "team"], None, True),
    ("ForAllValues:StringEquals", "aws:TagKeys", ["env", "team"], [], True),
    ("ForAllValues:StringLike", "aws:TagKeys", ["team-*"], ["team-a", "team-b"], True),
    ("ForAllValues:StringLike", "aws:TagKeys", ["team-*"], ["team-a", "x"], False),
    ("ForAllValues:StringNotEquals", "aws:TagKeys", ["secret"], ["env", "team"], True),
    ("ForAllValues:StringNotEquals", "aws:TagKeys", ["secret"], ["env", "secret"], False),
    ("ForAllValues:StringNotEquals", "aws:TagKeys", ["secret"], None, True),
    ("ForAnyValue:StringEquals", "aws:TagKeys", ["env", "team"], ["cost", "env"], True),
    ("ForAnyValue:StringEquals", "aws:TagKeys", ["env", "team"], ["cost"], False),
    # Missing: ForAnyValue is false.
    ("ForAnyValue:StringEquals", "aws:TagKeys", ["env", "team"], None, False),
    ("ForAnyValue:StringEquals", "aws:TagKeys", ["env", "team"], [], False),
    ("ForAnyValue:StringLike", "aws:TagKeys", ["sec*"], ["env", "secret"], True),
    ("ForAnyValue:StringNotEquals", "aws:TagKeys", ["env"], ["env", "team"], True),
    ("ForAnyValue:StringNotEquals", "aws:TagKeys", ["env"], ["env"], False),
    ("ForAnyValue:StringNotEquals", "aws:TagKeys", ["env"], None, False),
    ("ForAnyValue:StringEqualsIfExists", "aws:TagKeys", ["env"], None, True),
    ("ForAnyValue:IpAddress", "aws:SourceIp", ["203.0.113.0/24"], ["198.51.100.1", "203.0.113.4"], True),
    ("ForAllValues:NumericLessThan", "s3:max-keys", "100", ["1", "99"], True),
    ("ForAllValues:NumericLessThan", "s3:max-keys", "100", ["1", "100"], False),
    # Single-valued operator on a multivalued key: true when any value matches.
    ("StringEquals", "aws:TagKeys", "env", ["cost", "env"], True),
    ("StringNotEquals", "aws:TagKeys", "env", ["cost", "env"], False),
    # Condition key names are case-insensitive.
    ("StringEquals", "AWS:USERNAME", "alice", "alice", True),
]


def request_context(key, value):
    if value is None:
        return {}
    return {key: value}


for i, (op, key, values, request, holds) in enumerate(OPERATOR_TABLE):
    cx = request_context(key if key != "AWS:USERNAME" else "aws:username", request)
    stmt = allow("s3:GetObject", OBJ, Condition={op: {key: values}})
    case(
        f"operator {op} {key} {json.dumps(values)} vs {json.dumps(request)}: allow",
        "Allow" if holds else "ImplicitDeny",
        ["identity/0/#0"] if holds else [],
        DOC_COND if not op.startswith("For") else DOC_SET,
        context=cx,
        identity=[policy(stmt)],
    )
    # The same condition under Deny, beside an Allow for everything: the deny
    # applies exactly when the condition holds (IfExists under Deny included).
    if i % 2 == 0 or "IfExists" in op or "Not" in op or request is None:
        case(
            f"operator {op} {key} {json.dumps(values)} vs {json.dumps(request)}: deny",
            "ExplicitDeny" if holds else "Allow",
            ["identity/0/#1"] if holds else ["identity/0/#0"],
            DOC_COND if not op.startswith("For") else DOC_SET,
            context=cx,
            identity=[policy(allow("s3:*", "*"), deny("s3:GetObject", OBJ, Condition={op: {key: values}}))],
        )

# Several conditions: AND across operators and keys, OR across values.
multi = {"StringEquals": {"aws:username": ["alice", "bob"], "aws:RequestedRegion": "us-east-1"}, "Bool": {"aws:SecureTransport": "true"}}
for ctx, ok in [
    ({"aws:username": "alice", "aws:RequestedRegion": "us-east-1", "aws:SecureTransport": "true"}, True),
    ({"aws:username": "bob", "aws:RequestedRegion": "us-east-1", "aws:SecureTransport": "true"}, True),
    ({"aws:username": "carol", "aws:RequestedRegion": "us-east-1", "aws:SecureTransport": "true"}, False),
    ({"aws:username": "alice", "aws:RequestedRegion": "eu-west-1", "aws:SecureTransport": "true"}, False),
    ({"aws:username": "alice", "aws:RequestedRegion": "us-east-1", "aws:SecureTransport": "false"}, False),
    ({"aws:username": "alice", "aws:RequestedRegion": "us-east-1"}, False),
]:
    case(f"AND across keys and operators, OR across values: {ctx}", "Allow" if ok else "ImplicitDeny",
         ["identity/0/#0"] if ok else [], DOC_COND, context=ctx, identity=[policy(allow("s3:GetObject", OBJ, Condition=multi))])

# --- Actions and resources ---
ACTION_TABLE = [
    ("s3:GetObject", "s3:GetObject", True),
    ("s3:getobject", "s3:GetObject", True),
    ("S3:GETOBJECT", "s3:GetObject", True),
    ("s3:Get*", "s3:GetObject", True),
    ("s3:Get*", "s3:PutObject", False),
    ("s3:*Object", "s3:DeleteObject", True),
    ("s3:?etObject", "s3:GetObject", True),
    ("s3:?etObject", "s3:SetObject", True),
    ("s3:Get?Object", "s3:GetObject", False),
    ("*", "iam:CreateUser", True),
    ("*:*", "iam:CreateUser", True),
    ("s3:*", "s3express:CreateSession", False),
    ("iam:*", "s3:GetObject", False),
    ("ec2:Describe*", "ec2:DescribeInstances", True),
    ("ec2:Describe*", "ec2:RunInstances", False),
]
for pattern, action, ok in ACTION_TABLE:
    case(f"action pattern {pattern} vs {action}", "Allow" if ok else "ImplicitDeny", ["identity/0/#0"] if ok else [], DOC_ACT,
         action=action, resource="*", identity=[policy(allow(pattern, "*"))])

RESOURCE_TABLE = [
    ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b/c.txt", True),
    ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", False),
    ("arn:aws:s3:::bucket*", "arn:aws:s3:::bucket-logs/x", True),
    ("arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/x", False),
    ("arn:aws:s3:::bucket/?.txt", "arn:aws:s3:::bucket/a.txt", True),
    ("arn:aws:s3:::bucket/?.txt", "arn:aws:s3:::bucket/ab.txt", False),
    ("arn:aws:s3:::*/public/*", "arn:aws:s3:::any/public/x", True),
    ("arn:aws:s3:::*", "arn:aws:s3:::b/k:with:colons", True),
    ("*", "arn:aws:s3:::bucket/x", True),
    (f"arn:aws:ec2:*:{ACCT}:instance/*", f"arn:aws:ec2:us-east-1:{ACCT}:instance/i-1", True),
    (f"arn:aws:ec2:*:{ACCT}:instance/*", f"arn:aws:ec2:us-east-1:{OTHER}:instance/i-1", False),
    ("arn:aws:iam::*:role/admin", f"arn:aws:iam::{ACCT}:role/admin", True),
    ("arn:aws:iam::*:role/admin", f"arn:aws:iam::{ACCT}:role/admin2", False),
]
for pattern, res, ok in RESOURCE_TABLE:
    case(f"resource pattern {pattern} vs {res}", "Allow" if ok else "ImplicitDeny", ["identity/0/#0"] if ok else [], DOC_RES,
         action="s3:GetObject", resource=res, identity=[policy(allow("s3:GetObject", pattern))])

case("NotAction allows everything not listed", "Allow", ["identity/0/#0"], DOC_ACT, action="ec2:RunInstances", resource="*",
     identity=[policy({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})])
case("NotAction does not allow what it lists", "ImplicitDeny", [], DOC_ACT, action="iam:CreateUser", resource="*",
     identity=[policy({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})])
case("Deny with NotAction denies everything not listed", "ExplicitDeny", ["identity/0/#1"], DOC_ACT, action="ec2:RunInstances", resource="*",
     identity=[policy(allow(), {"Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*"})])
case("Deny with NotAction spares what it lists", "Allow", ["identity/0/#0"], DOC_ACT, action="sts:GetCallerIdentity", resource="*",
     identity=[policy(allow(), {"Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*"})])
case("NotResource allows every other resource", "Allow", ["identity/0/#0"], DOC_RES, resource="arn:aws:s3:::public/x",
     identity=[policy({"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::secret/*"})])
case("NotResource does not allow the listed resource", "ImplicitDeny", [], DOC_RES, resource="arn:aws:s3:::secret/x",
     identity=[policy({"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::secret/*"})])
case("Deny with NotResource denies everything outside the listed resources", "ExplicitDeny", ["identity/0/#1"], DOC_RES,
     resource="arn:aws:s3:::other/x",
     identity=[policy(allow(), {"Effect": "Deny", "Action": "s3:*", "NotResource": ["arn:aws:s3:::mine", "arn:aws:s3:::mine/*"]})])
case("Deny with NotResource spares the listed resources", "Allow", ["identity/0/#0"], DOC_RES, resource="arn:aws:s3:::mine/x",
     identity=[policy(allow(), {"Effect": "Deny", "Action": "s3:*", "NotResource": ["arn:aws:s3:::mine", "arn:aws:s3:::mine/*"]})])
case("Statement as one object, Action as one string", "Allow", ["identity/0/#0"], DOC_ACT,
     identity=[{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": OBJ}}])
case("wildcard-only action list", "Allow", ["identity/0/#0"], DOC_ACT, action="kms:Decrypt", resource=KEY,
     identity=[policy(allow(["*"], ["*"]))])
case("an action in another service with the same name does not match", "ImplicitDeny", [], DOC_ACT,
     action="s3:GetObject", resource=OBJ, identity=[policy(allow("s3-object-lambda:GetObject", "*"))])

# --- Policy variables ---
case("${aws:username} in a resource", "Allow", ["identity/0/#0"], DOC_VARS, resource="arn:aws:s3:::home/alice/notes.txt",
     context={"aws:username": "alice"}, identity=[policy(allow("s3:*", "arn:aws:s3:::home/${aws:username}/*"))])
case("${aws:username} is another user's folder", "ImplicitDeny", [], DOC_VARS, resource="arn:aws:s3:::home/bob/notes.txt",
     context={"aws:username": "alice"}, identity=[policy(allow("s3:*", "arn:aws:s3:::home/${aws:username}/*"))])
case("an unresolved variable never matches", "ImplicitDeny", [], DOC_VARS, principal=SESSION, resource="arn:aws:s3:::home//notes.txt",
     context={}, identity=[policy(allow("s3:*", "arn:aws:s3:::home/${aws:username}/*"))])
case("an unresolved variable in a condition never matches", "ImplicitDeny", [], DOC_VARS, principal=SESSION,
     context={"s3:prefix": "home/"}, identity=[policy(allow("s3:*", "*", Condition={"StringLike": {"s3:prefix": "home/${aws:username}/*"}}))])
case("an unresolved variable under a negated operator: the value does not match, so the condition holds", "Allow", ["identity/0/#0"], DOC_VARS, principal=SESSION,
     context={"s3:prefix": "home/x"}, identity=[policy(allow("s3:*", "*", Condition={"StringNotLike": {"s3:prefix": "home/${aws:username}/*"}}))])
case("a variable with a default, key missing", "Allow", ["identity/0/#0"], DOC_VARS, principal=SESSION, resource="arn:aws:s3:::home/guest/x",
     context={}, identity=[policy(allow("s3:*", "arn:aws:s3:::home/${aws:username, 'guest'}/*"))])
case("a variable with a default, key present", "ImplicitDeny", [], DOC_VARS, resource="arn:aws:s3:::home/guest/x",
     context={"aws:username": "alice"}, identity=[policy(allow("s3:*", "arn:aws:s3:::home/${aws:username, 'guest'}/*"))])
case("${aws:PrincipalTag/team} in a resource", "Allow", ["identity/0/#0"], DOC_VARS, resource="arn:aws:s3:::teams/blue/x",
     context={"aws:PrincipalTag/team": "blue"}, identity=[policy(allow("s3:*", "arn:aws:s3:::teams/${aws:PrincipalTag/team}/*"))])
case("ResourceTag must equal the caller's PrincipalTag (ABAC)", "Allow", ["identity/0/#0"], DOC_VARS, action="ec2:StartInstances",
     resource=f"arn:aws:ec2:us-east-1:{ACCT}:instance/i-1", context={"aws:PrincipalTag/project": "x", "aws:ResourceTag/project": "x"},
     identity=[policy(allow("ec2:StartInstances", "*", Condition={"StringEquals": {"aws:ResourceTag/project": "${aws:PrincipalTag/project}"}}))])
case("ABAC with a different tag", "ImplicitDeny", [], DOC_VARS, action="ec2:StartInstances",
     resource=f"arn:aws:ec2:us-east-1:{ACCT}:instance/i-1", context={"aws:PrincipalTag/project": "x", "aws:ResourceTag/project": "y"},
     identity=[policy(allow("ec2:StartInstances", "*", Condition={"StringEquals": {"aws:ResourceTag/project": "${aws:PrincipalTag/project}"}}))])
case("ABAC when the resource has no tag", "ImplicitDeny", [], DOC_VARS, action="ec2:StartInstances",
     resource=f"arn:aws:ec2:us-east-1:{ACCT}:instance/i-1", context={"aws:PrincipalTag/project": "x"},
     identity=[policy(allow("ec2:StartInstances", "*", Condition={"StringEquals": {"aws:ResourceTag/project": "${aws:PrincipalTag/project}"}}))])
case("escape ${*} is a literal star", "Allow", ["identity/0/#0"], DOC_VARS, resource="arn:aws:s3:::bucket/*literal",
     identity=[policy(allow("s3:*", "arn:aws:s3:::bucket/${*}literal"))])
case("escape ${*} does not act as a wildcard", "ImplicitDeny", [], DOC_VARS, resource="arn:aws:s3:::bucket/xliteral",
     identity=[policy(allow("s3:*", "arn:aws:s3:::bucket/${*}literal"))])
case("escape ${?} is a literal question mark", "Allow", ["identity/0/#0"], DOC_VARS, resource="arn:aws:s3:::bucket/what?",
     identity=[policy(allow("s3:*", "arn:aws:s3:::bucket/what${?}"))])
case("escape ${$} is a literal dollar", "Allow", ["identity/0/#0"], DOC_VARS, resource="arn:aws:s3:::bucket/$HOME",
     identity=[policy(allow("s3:*", "arn:aws:s3:::bucket/${$}HOME"))])
case("2008-10-17: a variable is literal text (no match on the user's folder)", "ImplicitDeny", [], DOC_VARS,
     resource="arn:aws:s3:::home/alice/x", context={"aws:username": "alice"},
     identity=[policy(allow("s3:*", "arn:aws:s3:::home/${aws:username}/*"), version="2008-10-17")])
case("2008-10-17: a variable is literal text (matches the literal)", "Allow", ["identity/0/#0"], DOC_VARS,
     resource="arn:aws:s3:::home/${aws:username}/x", context={"aws:username": "alice"},
     identity=[policy(allow("s3:*", "arn:aws:s3:::home/${aws:username}/*"), version="2008-10-17")])
case("no Version: variables are literal text", "ImplicitDeny", [], DOC_VARS, resource="arn:aws:s3:::home/alice/x",
     context={"aws:username": "alice"}, identity=[policy(allow("s3:*", "arn:aws:s3:::home/${aws:username}/*"), version=None)])
case("a substituted value is literal: a * in the user name is not a wildcard", "ImplicitDeny", [], DOC_VARS,
     resource="arn:aws:s3:::home/anything/x", context={"aws:username": "*"},
     identity=[policy(allow("s3:*", "arn:aws:s3:::home/${aws:username}/x"))])
case("2008-10-17 with a 2008 bucket policy allowing anonymous read", "Allow", ["resource/resource/#0"], DOC_VARS,
     principal="anonymous", resource_account=ACCT,
     resource_policy={"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}]})

# --- Evaluation logic: one account ---
ADMIN = policy(allow())
case("no policy: implicit deny", "ImplicitDeny", [], DOC_EVAL, identity=[])
case("identity allow", "Allow", ["identity/0/#0"], DOC_EVAL, identity=[ADMIN])
case("explicit deny in an identity policy wins over allow in another", "ExplicitDeny", ["identity/1/#0"], DOC_EVAL,
     identity=[ADMIN, policy(deny("s3:GetObject", OBJ))])
case("explicit deny in the same policy wins", "ExplicitDeny", ["identity/0/#1"], DOC_EVAL,
     identity=[policy(allow(), deny("s3:*", "arn:aws:s3:::bucket/*"))])
case("several allows are all reported", "Allow", ["identity/0/#0", "identity/1/AllowRead"], DOC_EVAL,
     identity=[policy(allow("s3:*", "*")), policy(allow("s3:GetObject", OBJ, Sid="AllowRead"))])
case("boundary allows too: allow", "Allow", ["identity/0/#0", "boundary/0/#0"], DOC_EVAL,
     identity=[ADMIN], boundary=[policy(allow("s3:*", "*"))])
case("boundary does not allow: implicit deny", "ImplicitDeny", ["identity/0/#0"], DOC_EVAL,
     identity=[ADMIN], boundary=[policy(allow("ec2:*", "*"))])
case("boundary alone grants nothing", "ImplicitDeny", ["boundary/0/#0"], DOC_EVAL,
     identity=[], boundary=[ADMIN])
case("explicit deny in the boundary", "ExplicitDeny", ["boundary/0/#1"], DOC_EVAL,
     identity=[ADMIN], boundary=[policy(allow(), deny("s3:GetObject", "*"))])
case("session policy limits a role session", "ImplicitDeny", ["identity/0/#0"], DOC_EVAL, principal=SESSION,
     identity=[ADMIN], session=[policy(allow("ec2:*", "*"))])
case("session policy and identity both allow", "Allow", ["identity/0/#0", "session/0/#0"], DOC_EVAL, principal=SESSION,
     identity=[ADMIN], session=[policy(allow("s3:Get*", "*"))])
case("session policy alone grants nothing", "ImplicitDeny", ["session/0/#0"], DOC_EVAL, principal=SESSION,
     identity=[], session=[ADMIN])
case("explicit deny in a session policy", "ExplicitDeny", ["session/0/#0"], DOC_EVAL, principal=SESSION,
     identity=[ADMIN], session=[policy(deny("s3:*", "*"))])
case("identity, boundary and session all allow", "Allow", ["identity/0/#0", "boundary/0/#0", "session/0/#0"], DOC_EVAL, principal=SESSION,
     identity=[ADMIN], boundary=[policy(allow("s3:*", "*"))], session=[policy(allow("s3:GetObject", "*"))])
case("identity and session allow, boundary does not", "ImplicitDeny", ["identity/0/#0", "session/0/#0"], DOC_EVAL, principal=SESSION,
     identity=[ADMIN], boundary=[policy(allow("ec2:*", "*"))], session=[policy(allow("s3:GetObject", "*"))])

# SCPs and RCPs.
FULL = policy(allow())
case("SCP FullAWSAccess at every level: allow", "Allow", ["identity/0/#0"], DOC_EVAL,
     identity=[ADMIN], scps=[[FULL], [FULL]])
case("SCP at one level does not allow: implicit deny", "ImplicitDeny", [], DOC_EVAL,
     identity=[ADMIN], scps=[[FULL], [policy(allow("ec2:*", "*"))]])
case("SCP allows at every level through different policies", "Allow", ["identity/0/#0"], DOC_EVAL,
     identity=[ADMIN], scps=[[FULL], [policy(allow("ec2:*", "*")), policy(allow("s3:*", "*"))]])
case("SCP deny wins over identity allow", "ExplicitDeny", ["scp/1.1/#0"], DOC_EVAL,
     identity=[ADMIN], scps=[[FULL], [FULL, policy(deny("s3:GetObject", "*"))]])
case("SCP deny with a region condition", "ExplicitDeny", ["scp/0.1/DenyOutsideRegions"], DOC_EX,
     context={"aws:RequestedRegion": "ap-south-1"}, identity=[ADMIN],
     scps=[[FULL, policy({"Sid": "DenyOutsideRegions", "Effect": "Deny", "NotAction": ["iam:*", "sts:*", "organizations:*"], "Resource": "*",
                          "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "ap-northeast-1"]}}})]])
case("SCP region deny spares an allowed region", "Allow", ["identity/0/#0"], DOC_EX,
     context={"aws:RequestedRegion": "ap-northeast-1"}, identity=[ADMIN],
     scps=[[FULL, policy({"Sid": "DenyOutsideRegions", "Effect": "Deny", "NotAction": ["iam:*", "sts:*", "organizations:*"], "Resource": "*",
                          "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "ap-northeast-1"]}}})]])
case("SCP region deny spares global services listed in NotAction", "Allow", ["identity/0/#0"], DOC_EX, action="iam:ListUsers", resource="*",
     context={"aws:RequestedRegion": "us-east-1"}, identity=[ADMIN],
     scps=[[FULL, policy({"Sid": "DenyOutsideRegions", "Effect": "Deny", "NotAction": ["iam:*", "sts:*", "organizations:*"], "Resource": "*",
                          "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "ap-northeast-1"]}}})]])
case("SCP grants nothing by itself", "ImplicitDeny", [], DOC_EVAL, identity=[], scps=[[FULL]])
case("RCP deny of callers outside the organization", "ExplicitDeny", ["rcp/0.1/EnforceOrgIdentities"], DOC_CROSS, principal=BOB,
     resource_account=ACCT, context={"aws:PrincipalOrgID": "o-other"},
     identity=[ADMIN], resource_policy=policy({"Effect": "Allow", "Principal": {"AWS": BOB}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}),
     rcps=[[FULL_RCP := policy({"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}),
            policy({"Sid": "EnforceOrgIdentities", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
                    "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-mine"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}})]])
case("RCP deny spares callers inside the organization", "Allow", ["resource/resource/#0", "identity/0/#0"], DOC_CROSS, principal=BOB,
     resource_account=ACCT, context={"aws:PrincipalOrgID": "o-mine"},
     identity=[ADMIN], resource_policy=policy({"Effect": "Allow", "Principal": {"AWS": BOB}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}),
     rcps=[[FULL_RCP,
            policy({"Sid": "EnforceOrgIdentities", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
                    "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-mine"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}})]])
case("RCP that allows only some actions", "ImplicitDeny", [], DOC_EVAL, identity=[ADMIN],
     rcps=[[policy({"Effect": "Allow", "Principal": "*", "Action": "ec2:*", "Resource": "*"})]])

# Resource-based policies within one account.
def bucket_policy(principal, action="s3:GetObject", sid="Grant", **extra):
    st = {"Sid": sid, "Effect": "Allow", "Principal": principal, "Action": action, "Resource": "arn:aws:s3:::bucket/*"}
    st.update(extra)
    return policy(st)

case("same account: the bucket policy names the user, no identity policy", "Allow", ["resource/resource/Grant"], DOC_EVAL,
     resource_account=ACCT, identity=[], resource_policy=bucket_policy({"AWS": ALICE}))
case("same account: a user named by the resource policy is not limited by its boundary", "Allow", ["resource/resource/Grant"], DOC_EVAL,
     principal={"arn": ALICE}, resource_account=ACCT, identity=[], boundary=[policy(allow("ec2:*", "*"))],
     resource_policy=bucket_policy({"AWS": ALICE}))
case("same account: the bucket policy names the account only, no identity policy", "ImplicitDeny", ["resource/resource/Grant"], DOC_EVAL,
     resource_account=ACCT, identity=[], resource_policy=bucket_policy({"AWS": ROOT}))
case("same account: the bucket policy names the account id only, identity allows", "Allow", ["identity/0/#0"], DOC_EVAL,
     resource_account=ACCT, identity=[ADMIN], resource_policy=bucket_policy({"AWS": ACCT}))
case("same account: the bucket policy names the role session", "Allow", ["resource/resource/Grant"], DOC_EVAL, principal=SESSION,
     resource_account=ACCT, identity=[], resource_policy=bucket_policy({"AWS": SESSION}))
case("same account: a policy naming the session is not limited by the session policy", "Allow", ["resource/resource/Grant"], DOC_EVAL,
     principal=SESSION, resource_account=ACCT, identity=[], session=[policy(allow("ec2:*", "*"))],
     resource_policy=bucket_policy({"AWS": SESSION}))
case("same account: a policy naming the session is not limited by the role's boundary", "Allow", ["resource/resource/Grant"], DOC_EVAL,
     principal=SESSION, resource_account=ACCT, identity=[], boundary=[policy(allow("ec2:*", "*"))],
     resource_policy=bucket_policy({"AWS": SESSION}))
case("same account: the bucket policy names the role ARN, no boundary or session policy", "Allow", ["resource/resource/Grant"], DOC_EVAL,
     principal=SESSION, resource_account=ACCT, identity=[], resource_policy=bucket_policy({"AWS": ROLE}))
case("same account: a policy naming the role ARN is limited by the role's boundary", "ImplicitDeny", ["resource/resource/Grant"], DOC_EVAL,
     principal=SESSION, resource_account=ACCT, identity=[], boundary=[policy(allow("ec2:*", "*"))],
     resource_policy=bucket_policy({"AWS": ROLE}))
case("same account: a policy naming the role ARN is limited by the session policy", "ImplicitDeny", ["resource/resource/Grant"], DOC_EVAL,
     principal=SESSION, resource_account=ACCT, identity=[], session=[policy(allow("ec2:*", "*"))],
     resource_policy=bucket_policy({"AWS": ROLE}))
case("same account: a policy naming the role ARN, boundary allows", "Allow", ["resource/resource/Grant", "boundary/0/#0"], DOC_EVAL,
     principal=SESSION, resource_account=ACCT, identity=[], boundary=[policy(allow("s3:*", "*"))],
     resource_policy=bucket_policy({"AWS": ROLE}))
case("same account: another user named, not this one", "ImplicitDeny", [], DOC_EVAL,
     resource_account=ACCT, identity=[], resource_policy=bucket_policy({"AWS": f"arn:aws:iam::{ACCT}:user/carol"}))
case("same account: the resource policy allows a different action", "ImplicitDeny", [], DOC_EVAL,
     resource_account=ACCT, identity=[], resource_policy=bucket_policy({"AWS": ALICE}, action="s3:PutObject"))
case("same account: identity allows, resource policy silent", "Allow", ["identity/0/#0"], DOC_EVAL,
     resource_account=ACCT, identity=[policy(allow("s3:GetObject", OBJ))], resource_policy=bucket_policy({"AWS": f"arn:aws:iam::{ACCT}:user/carol"}))
case("same account: deny in the bucket policy wins over identity allow", "ExplicitDeny", ["resource/resource/DenyAll"], DOC_EVAL,
     resource_account=ACCT, identity=[ADMIN], resource_policy=policy({"Sid": "DenyAll", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::bucket/*"}))
case("same account: deny naming the account applies to its users", "ExplicitDeny", ["resource/resource/DenyAcct"], DOC_EVAL,
     resource_account=ACCT, identity=[ADMIN], resource_policy=policy({"Sid": "DenyAcct", "Effect": "Deny", "Principal": {"AWS": ROOT}, "Action": "s3:*", "Resource": "arn:aws:s3:::bucket/*"}))
case("same account: deny naming the role applies to its sessions", "ExplicitDeny", ["resource/resource/DenyRole"], DOC_EVAL, principal=SESSION,
     resource_account=ACCT, identity=[ADMIN], resource_policy=policy({"Sid": "DenyRole", "Effect": "Deny", "Principal": {"AWS": ROLE}, "Action": "s3:*", "Resource": "arn:aws:s3:::bucket/*"}))
case("same account: deny naming someone else does not apply", "Allow", ["identity/0/#0"], DOC_EVAL,
     resource_account=ACCT, identity=[ADMIN], resource_policy=policy({"Sid": "DenyCarol", "Effect": "Deny", "Principal": {"AWS": f"arn:aws:iam::{ACCT}:user/carol"}, "Action": "s3:*", "Resource": "arn:aws:s3:::bucket/*"}))
case("TLS-only bucket policy denies a plain-HTTP request", "ExplicitDeny", ["resource/resource/TLSOnly"], DOC_EX,
     resource_account=ACCT, context={"aws:SecureTransport": "false"}, identity=[ADMIN],
     resource_policy=policy({"Sid": "TLSOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::bucket", "arn:aws:s3:::bucket/*"],
                             "Condition": {"Bool": {"aws:SecureTransport": "false"}}}))
case("TLS-only bucket policy lets a TLS request through", "Allow", ["identity/0/#0"], DOC_EX,
     resource_account=ACCT, context={"aws:SecureTransport": "true"}, identity=[ADMIN],
     resource_policy=policy({"Sid": "TLSOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::bucket", "arn:aws:s3:::bucket/*"],
                             "Condition": {"Bool": {"aws:SecureTransport": "false"}}}))
case("a resource policy without Resource applies to its own resource", "Allow", ["resource/resource/#0"], DOC_EVAL, action="sqs:SendMessage",
     resource=f"arn:aws:sqs:us-east-1:{ACCT}:q", resource_account=ACCT, identity=[],
     resource_policy=policy({"Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "sqs:SendMessage"}))

# Anonymous and public.
case("anonymous: public-read bucket policy", "Allow", ["resource/resource/PublicRead"], DOC_EVAL, principal="anonymous",
     resource_account=ACCT, resource_policy=bucket_policy("*", sid="PublicRead"))
case("anonymous: {\"AWS\": \"*\"} is everyone too", "Allow", ["resource/resource/PublicRead"], DOC_EVAL, principal="anonymous",
     resource_account=ACCT, resource_policy=bucket_policy({"AWS": "*"}, sid="PublicRead"))
case("anonymous: no resource policy", "ImplicitDeny", [], DOC_EVAL, principal="anonymous", resource_account=ACCT)
case("anonymous: the bucket policy names an account", "ImplicitDeny", [], DOC_EVAL, principal="anonymous",
     resource_account=ACCT, resource_policy=bucket_policy({"AWS": OTHER}))
case("anonymous: public read restricted to a source IP, from outside it", "ImplicitDeny", [], DOC_EX, principal="anonymous",
     resource_account=ACCT, context={"aws:SourceIp": "198.51.100.1"},
     resource_policy=bucket_policy("*", Condition={"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}))
case("anonymous: public read restricted to a source IP, from inside it", "Allow", ["resource/resource/Grant"], DOC_EX, principal="anonymous",
     resource_account=ACCT, context={"aws:SourceIp": "203.0.113.9"},
     resource_policy=bucket_policy("*", Condition={"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}))
case("anonymous: restricted to the organization (no org id for anonymous)", "ImplicitDeny", [], DOC_EX, principal="anonymous",
     resource_account=ACCT, resource_policy=bucket_policy("*", Condition={"StringEquals": {"aws:PrincipalOrgID": "o-mine"}}))
case("anyone in the organization, from another account", "Allow", ["resource/resource/Grant", "identity/0/#0"], DOC_CROSS, principal=BOB,
     resource_account=ACCT, context={"aws:PrincipalOrgID": "o-mine"}, identity=[ADMIN],
     resource_policy=bucket_policy("*", Condition={"StringEquals": {"aws:PrincipalOrgID": "o-mine"}}))
case("anyone in the organization: a caller outside it", "ImplicitDeny", ["identity/0/#0"], DOC_CROSS, principal=BOB,
     resource_account=ACCT, context={"aws:PrincipalOrgID": "o-other"}, identity=[ADMIN],
     resource_policy=bucket_policy("*", Condition={"StringEquals": {"aws:PrincipalOrgID": "o-mine"}}))

# Service principals.
case("a service principal allowed by the bucket policy", "Allow", ["resource/resource/Logs"], DOC_EVAL, principal="logging.s3.amazonaws.com",
     action="s3:PutObject", resource="arn:aws:s3:::bucket/logs/x", resource_account=ACCT,
     resource_policy=bucket_policy({"Service": "logging.s3.amazonaws.com"}, action="s3:PutObject", sid="Logs"))
case("another service is not allowed", "ImplicitDeny", [], DOC_EVAL, principal="cloudtrail.amazonaws.com",
     action="s3:PutObject", resource="arn:aws:s3:::bucket/logs/x", resource_account=ACCT,
     resource_policy=bucket_policy({"Service": "logging.s3.amazonaws.com"}, action="s3:PutObject", sid="Logs"))
case("service principal with aws:SourceAccount of the owner", "Allow", ["resource/resource/Logs"], DOC_EVAL, principal="logging.s3.amazonaws.com",
     action="s3:PutObject", resource="arn:aws:s3:::bucket/logs/x", resource_account=ACCT, context={"aws:SourceAccount": ACCT},
     resource_policy=bucket_policy({"Service": "logging.s3.amazonaws.com"}, action="s3:PutObject", sid="Logs", Condition={"StringEquals": {"aws:SourceAccount": ACCT}}))
case("service principal on behalf of another account (confused deputy)", "ImplicitDeny", [], DOC_EVAL, principal="logging.s3.amazonaws.com",
     action="s3:PutObject", resource="arn:aws:s3:::bucket/logs/x", resource_account=ACCT, context={"aws:SourceAccount": OTHER},
     resource_policy=bucket_policy({"Service": "logging.s3.amazonaws.com"}, action="s3:PutObject", sid="Logs", Condition={"StringEquals": {"aws:SourceAccount": ACCT}}))

# --- Cross-account ---
case("cross-account: both sides allow", "Allow", ["resource/resource/Grant", "identity/0/#0"], DOC_CROSS, principal=BOB,
     resource_account=ACCT, identity=[ADMIN], resource_policy=bucket_policy({"AWS": BOB}))
case("cross-account: only the resource policy allows", "ImplicitDeny", ["resource/resource/Grant"], DOC_CROSS, principal=BOB,
     resource_account=ACCT, identity=[], resource_policy=bucket_policy({"AWS": BOB}))
case("cross-account: only the identity policy allows", "ImplicitDeny", ["identity/0/#0"], DOC_CROSS, principal=BOB,
     resource_account=ACCT, identity=[ADMIN], resource_policy=bucket_policy({"AWS": f"arn:aws:iam::{ACCT}:user/carol"}))
case("cross-account: no resource policy", "ImplicitDeny", ["identity/0/#0"], DOC_CROSS, principal=BOB,
     resource_account=ACCT, identity=[ADMIN])
case("cross-account: the resource policy names the caller's account", "Allow", ["resource/resource/Grant", "identity/0/#0"], DOC_CROSS, principal=BOB,
     resource_account=ACCT, identity=[ADMIN], resource_policy=bucket_policy({"AWS": f"arn:aws:iam::{OTHER}:root"}))
case("cross-account: the account named, but its identity policy does not allow", "ImplicitDeny", ["resource/resource/Grant"], DOC_CROSS, principal=BOB,
     resource_account=ACCT, identity=[policy(allow("ec2:*", "*"))], resource_policy=bucket_policy({"AWS": OTHER}))
case("cross-account: boundary of the caller limits", "ImplicitDeny", ["resource/resource/Grant", "identity/0/#0"], DOC_CROSS, principal=BOB,
     resource_account=ACCT, identity=[ADMIN], boundary=[policy(allow("ec2:*", "*"))], resource_policy=bucket_policy({"AWS": BOB}))
case("cross-account: the caller's SCP does not allow", "ImplicitDeny", [], DOC_CROSS, principal=BOB,
     resource_account=ACCT, identity=[ADMIN], scps=[[policy(allow("ec2:*", "*"))]], resource_policy=bucket_policy({"AWS": BOB}))
case("cross-account: role session named by its session ARN", "Allow", ["resource/resource/Grant", "identity/0/#0"], DOC_CROSS, principal=OTHER_SESSION,
     resource_account=ACCT, identity=[ADMIN], resource_policy=bucket_policy({"AWS": OTHER_SESSION}))
case("cross-account: role session named by its role ARN", "Allow", ["resource/resource/Grant", "identity/0/#0"], DOC_CROSS, principal=OTHER_SESSION,
     resource_account=ACCT, identity=[ADMIN], resource_policy=bucket_policy({"AWS": OTHER_ROLE}))
case("cross-account: role session without identity permission", "ImplicitDeny", ["resource/resource/Grant"], DOC_CROSS, principal=OTHER_SESSION,
     resource_account=ACCT, identity=[], resource_policy=bucket_policy({"AWS": OTHER_SESSION}))
case("cross-account: deny in the resource policy naming the account", "ExplicitDeny", ["resource/resource/DenyOther"], DOC_CROSS, principal=BOB,
     resource_account=ACCT, identity=[ADMIN],
     resource_policy=policy({"Sid": "Grant", "Effect": "Allow", "Principal": {"AWS": BOB}, "Action": "s3:*", "Resource": "arn:aws:s3:::bucket/*"},
                            {"Sid": "DenyOther", "Effect": "Deny", "Principal": {"AWS": OTHER}, "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::bucket/*"}),
     action="s3:DeleteObject")
case("cross-account: public bucket and a caller from any account", "Allow", ["resource/resource/PublicRead", "identity/0/#0"], DOC_CROSS, principal=BOB,
     resource_account=ACCT, identity=[ADMIN], resource_policy=bucket_policy("*", sid="PublicRead"))

# --- NotPrincipal ---
def np_policy(not_principals):
    return policy({"Sid": "DenyOthers", "Effect": "Deny", "NotPrincipal": {"AWS": not_principals}, "Action": "s3:*", "Resource": "arn:aws:s3:::bucket/*"},
                  {"Sid": "Grant", "Effect": "Allow", "Principal": {"AWS": ROOT}, "Action": "s3:*", "Resource": "arn:aws:s3:::bucket/*"})

case("NotPrincipal deny: user and account listed, spared", "Allow", ["identity/0/#0"], DOC_NOTP,
     resource_account=ACCT, identity=[ADMIN], resource_policy=np_policy([ALICE, ROOT]))
case("NotPrincipal deny: only the user listed, the account check denies", "ExplicitDeny", ["resource/resource/DenyOthers"], DOC_NOTP,
     resource_account=ACCT, identity=[ADMIN], resource_policy=np_policy([ALICE]))
case("NotPrincipal deny: another user", "ExplicitDeny", ["resource/resource/DenyOthers"], DOC_NOTP, principal=f"arn:aws:iam::{ACCT}:user/carol",
     resource_account=ACCT, identity=[ADMIN], resource_policy=np_policy([ALICE, ROOT]))
case("NotPrincipal deny: the user listed but has a permissions boundary", "ExplicitDeny", ["resource/resource/DenyOthers"], DOC_NOTP,
     resource_account=ACCT, identity=[ADMIN], boundary=[ADMIN], resource_policy=np_policy([ALICE, ROOT]))
case("NotPrincipal deny: role session spared by role ARN and account", "Allow", ["identity/0/#0"], DOC_NOTP, principal=SESSION,
     resource_account=ACCT, identity=[ADMIN], resource_policy=np_policy([ROLE, ROOT]))
case("NotPrincipal deny: role session spared by session ARN and account", "Allow", ["identity/0/#0"], DOC_NOTP, principal=SESSION,
     resource_account=ACCT, identity=[ADMIN], resource_policy=np_policy([SESSION, ROOT]))
case("NotPrincipal deny: role session with the role ARN only", "ExplicitDeny", ["resource/resource/DenyOthers"], DOC_NOTP, principal=SESSION,
     resource_account=ACCT, identity=[ADMIN], resource_policy=np_policy([ROLE]))
case("NotPrincipal deny: role session with a boundary is always denied", "ExplicitDeny", ["resource/resource/DenyOthers"], DOC_NOTP, principal=SESSION,
     resource_account=ACCT, identity=[ADMIN], boundary=[ADMIN], resource_policy=np_policy([ROLE, SESSION, ROOT]))
case("NotPrincipal deny: anonymous is denied", "ExplicitDeny", ["resource/resource/DenyOthers"], DOC_NOTP, principal="anonymous",
     resource_account=ACCT, resource_policy=np_policy([ALICE, ROOT]))
case("NotPrincipal deny: account root listed", "Allow", ["resource/resource/Grant"], DOC_NOTP, principal=ROOT,
     resource_account=ACCT, resource_policy=np_policy([ROOT]))

# --- Role trust policies ---
def trust(principal, action="sts:AssumeRole", sid="Trust", **extra):
    st = {"Sid": sid, "Effect": "Allow", "Principal": principal, "Action": action}
    st.update(extra)
    return policy(st)

T = dict(action="sts:AssumeRole", resource=f"arn:aws:iam::{ACCT}:role/target", resource_account=ACCT, resource_kind="trust")
case("trust: same-account user named in the trust policy, no identity policy", "Allow", ["resource/resource/Trust"], DOC_TRUST,
     identity=[], resource_policy=trust({"AWS": ALICE}), **T)
case("trust: account named, identity allows AssumeRole", "Allow", ["identity/0/#0", "resource/resource/Trust"], DOC_TRUST,
     identity=[policy(allow("sts:AssumeRole", f"arn:aws:iam::{ACCT}:role/target"))], resource_policy=trust({"AWS": ROOT}), **T)
case("trust: account named, identity does not allow", "ImplicitDeny", ["resource/resource/Trust"], DOC_TRUST,
     identity=[], resource_policy=trust({"AWS": ROOT}), **T)
case("trust: identity allows but the trust policy names someone else", "ImplicitDeny", ["identity/0/#0"], DOC_TRUST,
     identity=[ADMIN], resource_policy=trust({"AWS": f"arn:aws:iam::{ACCT}:user/carol"}), **T)
case("trust: identity allows but the trust policy names a service only", "ImplicitDeny", ["identity/0/#0"], DOC_TRUST,
     identity=[ADMIN], resource_policy=trust({"Service": "ec2.amazonaws.com"}), **T)
case("trust: the service it names", "Allow", ["resource/resource/Trust"], DOC_TRUST, principal="ec2.amazonaws.com",
     resource_policy=trust({"Service": "ec2.amazonaws.com"}), **T)
case("trust: trusting * lets anyone in another account assume it", "Allow", ["resource/resource/Trust", "identity/0/#0"], DOC_TRUST,
     principal=BOB, identity=[ADMIN], resource_policy=trust({"AWS": "*"}), **T)
case("trust: trusting * with an ExternalId condition, without it", "ImplicitDeny", ["identity/0/#0"], DOC_TRUST,
     principal=BOB, identity=[ADMIN], resource_policy=trust({"AWS": "*"}, Condition={"StringEquals": {"sts:ExternalId": "x-123"}}), **T)
case("cross-account trust: other account named, its admin allowed", "Allow", ["resource/resource/Trust", "identity/0/#0"], DOC_TRUST,
     principal=BOB, identity=[ADMIN], resource_policy=trust({"AWS": f"arn:aws:iam::{OTHER}:root"}), **T)
case("cross-account trust: ExternalId given", "Allow", ["resource/resource/Trust", "identity/0/#0"], DOC_TRUST,
     principal=BOB, identity=[ADMIN], context={"sts:ExternalId": "x-123"},
     resource_policy=trust({"AWS": OTHER}, Condition={"StringEquals": {"sts:ExternalId": "x-123"}}), **T)
case("cross-account trust: MFA required, none", "ImplicitDeny", ["identity/0/#0"], DOC_TRUST,
     principal=BOB, identity=[ADMIN], resource_policy=trust({"AWS": OTHER}, Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}}), **T)
case("cross-account trust: MFA required and present", "Allow", ["resource/resource/Trust", "identity/0/#0"], DOC_TRUST,
     principal=BOB, identity=[ADMIN], context={"aws:MultiFactorAuthPresent": "true"},
     resource_policy=trust({"AWS": OTHER}, Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}}), **T)
case("trust: role chaining, the trust policy names the calling role", "Allow", ["resource/resource/Trust"], DOC_TRUST,
     principal=SESSION, identity=[], resource_policy=trust({"AWS": ROLE}), **T)
case("trust: role chaining named by role ARN, limited by the caller's session policy", "ImplicitDeny", ["resource/resource/Trust"], DOC_TRUST,
     principal=SESSION, identity=[], session=[policy(allow("s3:*", "*"))], resource_policy=trust({"AWS": ROLE}), **T)
case("trust: web identity federation", "Allow", ["resource/resource/Trust"], DOC_TRUST,
     principal={"kind": "federated", "federated": "cognito-identity.amazonaws.com"}, action="sts:AssumeRoleWithWebIdentity",
     resource=T["resource"], resource_account=ACCT, resource_kind="trust", context={"cognito-identity.amazonaws.com:aud": "us-east-1:pool"},
     resource_policy=trust({"Federated": "cognito-identity.amazonaws.com"}, action="sts:AssumeRoleWithWebIdentity",
                           Condition={"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:pool"}}))
case("trust: web identity for another audience", "ImplicitDeny", [], DOC_TRUST,
     principal={"kind": "federated", "federated": "cognito-identity.amazonaws.com"}, action="sts:AssumeRoleWithWebIdentity",
     resource=T["resource"], resource_account=ACCT, resource_kind="trust", context={"cognito-identity.amazonaws.com:aud": "us-east-1:other"},
     resource_policy=trust({"Federated": "cognito-identity.amazonaws.com"}, action="sts:AssumeRoleWithWebIdentity",
                           Condition={"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:pool"}}))
case("trust: explicit deny in the trust policy", "ExplicitDeny", ["resource/resource/NoBob"], DOC_TRUST,
     principal=BOB, identity=[ADMIN],
     resource_policy=policy({"Sid": "Trust", "Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": "sts:AssumeRole"},
                            {"Sid": "NoBob", "Effect": "Deny", "Principal": {"AWS": BOB}, "Action": "sts:AssumeRole"}), **T)
case("trust: sts:TagSession is a separate action", "ImplicitDeny", ["identity/0/#0"], DOC_TRUST,
     principal=BOB, identity=[ADMIN], resource_policy=trust({"AWS": OTHER}), **{**T, "action": "sts:TagSession"})

# --- KMS key policies ---
K = dict(action="kms:Decrypt", resource=KEY, resource_account=ACCT, resource_kind="kms")
DEFAULT_KEY_POLICY = policy({"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": ROOT}, "Action": "kms:*", "Resource": "*"})
case("KMS: default key policy, identity allows", "Allow", ["identity/0/#0", "resource/resource/Enable IAM User Permissions"], DOC_KMS,
     identity=[policy(allow("kms:Decrypt", "*"))], resource_policy=DEFAULT_KEY_POLICY, **K)
case("KMS: default key policy, identity silent", "ImplicitDeny", ["resource/resource/Enable IAM User Permissions"], DOC_KMS,
     identity=[], resource_policy=DEFAULT_KEY_POLICY, **K)
case("KMS: key policy without the account statement: IAM policies alone grant nothing", "ImplicitDeny", ["identity/0/#0"], DOC_KMS,
     identity=[ADMIN], resource_policy=policy({"Sid": "KeyAdmins", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCT}:role/keyadmin"}, "Action": "kms:*", "Resource": "*"}), **K)
case("KMS: key policy names the user directly", "Allow", ["resource/resource/Users"], DOC_KMS,
     identity=[], resource_policy=policy({"Sid": "Users", "Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": ["kms:Decrypt", "kms:Encrypt"], "Resource": "*"}), **K)
case("KMS: the root user is locked out by a key policy that does not name the account", "ImplicitDeny", [], DOC_KMS, principal=ROOT,
     resource_policy=policy({"Sid": "KeyAdmins", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCT}:role/keyadmin"}, "Action": "kms:*", "Resource": "*"}), **K)
case("KMS: the root user with the default key policy", "Allow", ["resource/resource/Enable IAM User Permissions"], DOC_KMS, principal=ROOT,
     resource_policy=DEFAULT_KEY_POLICY, **K)
case("KMS: kms:ViaService restricts to S3", "Allow", ["resource/resource/ViaS3"], DOC_KMS, context={"kms:ViaService": "s3.us-east-1.amazonaws.com"},
     identity=[], resource_policy=policy({"Sid": "ViaS3", "Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "kms:Decrypt", "Resource": "*",
                                          "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}}), **K)
case("KMS: kms:ViaService, called directly", "ImplicitDeny", [], DOC_KMS, context={},
     identity=[], resource_policy=policy({"Sid": "ViaS3", "Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "kms:Decrypt", "Resource": "*",
                                          "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}}), **K)
case("KMS: cross-account key use, both sides", "Allow", ["resource/resource/Ext", "identity/0/#0"], DOC_KMS, principal=BOB,
     identity=[policy(allow("kms:Decrypt", KEY))], resource_policy=policy({"Sid": "Ext", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"}, "Action": "kms:Decrypt", "Resource": "*"}), **K)
case("KMS: cross-account key use, caller's identity silent", "ImplicitDeny", ["resource/resource/Ext"], DOC_KMS, principal=BOB,
     identity=[], resource_policy=policy({"Sid": "Ext", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"}, "Action": "kms:Decrypt", "Resource": "*"}), **K)
case("KMS: kms:CallerAccount restricts to the owner", "ImplicitDeny", ["identity/0/#0"], DOC_KMS, principal=BOB, context={"kms:CallerAccount": OTHER},
     identity=[ADMIN], resource_policy=policy({"Sid": "Any", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*",
                                               "Condition": {"StringEquals": {"kms:CallerAccount": ACCT}}}), **K)

# --- Root user ---
case("root user: allowed without identity policies", "Allow", [], DOC_EVAL, principal=ROOT, action="iam:CreateUser", resource="*")
case("root user: an SCP deny applies", "ExplicitDeny", ["scp/0.1/#0"], DOC_EVAL, principal=ROOT, action="iam:CreateUser", resource="*",
     scps=[[FULL, policy(deny("iam:CreateUser", "*"))]])
case("root user: a bucket policy deny applies", "ExplicitDeny", ["resource/resource/DenyAll"], DOC_EVAL, principal=ROOT, resource_account=ACCT,
     resource_policy=policy({"Sid": "DenyAll", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::bucket/*"}))
case("root user: an SCP that does not allow", "ImplicitDeny", [], DOC_EVAL, principal=ROOT, action="iam:CreateUser", resource="*",
     scps=[[policy(allow("ec2:*", "*"))]])

# --- Examples from the IAM User Guide ---
MFA_DENY = policy({"Sid": "AllowAll", "Effect": "Allow", "Action": "*", "Resource": "*"},
                  {"Sid": "DenyWithoutMFA", "Effect": "Deny", "NotAction": ["iam:ListMFADevices", "iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "sts:GetSessionToken"],
                   "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}})
case("deny without MFA: long-term keys (key missing) are denied", "ExplicitDeny", ["identity/0/DenyWithoutMFA"], DOC_EX,
     action="ec2:StopInstances", resource="*", context={}, identity=[MFA_DENY])
case("deny without MFA: MFA false is denied", "ExplicitDeny", ["identity/0/DenyWithoutMFA"], DOC_EX,
     action="ec2:StopInstances", resource="*", context={"aws:MultiFactorAuthPresent": "false"}, identity=[MFA_DENY])
case("deny without MFA: with MFA allowed", "Allow", ["identity/0/AllowAll"], DOC_EX,
     action="ec2:StopInstances", resource="*", context={"aws:MultiFactorAuthPresent": "true"}, identity=[MFA_DENY])
case("deny without MFA: setting up MFA is spared", "Allow", ["identity/0/AllowAll"], DOC_EX,
     action="iam:EnableMFADevice", resource="*", context={}, identity=[MFA_DENY])
BOOL_MFA = policy(allow("ec2:*", "*", Sid="RequireMFA", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}}))
case("allow only with MFA: long-term keys get nothing", "ImplicitDeny", [], DOC_EX, action="ec2:StopInstances", resource="*", identity=[BOOL_MFA])
case("allow only with MFA: with MFA", "Allow", ["identity/0/RequireMFA"], DOC_EX, action="ec2:StopInstances", resource="*",
     context={"aws:MultiFactorAuthPresent": "true"}, identity=[BOOL_MFA])
IP_DENY = policy(allow(), {"Sid": "DenyOutsideIP", "Effect": "Deny", "Action": "*", "Resource": "*",
                           "Condition": {"NotIpAddress": {"aws:SourceIp": ["192.0.2.0/24", "203.0.113.0/24"]}, "Bool": {"aws:ViaAWSService": "false"}}})
case("deny outside the office IP range", "ExplicitDeny", ["identity/0/DenyOutsideIP"], DOC_EX, context={"aws:SourceIp": "198.51.100.1", "aws:ViaAWSService": "false"}, identity=[IP_DENY])
case("deny outside the office IP range: inside", "Allow", ["identity/0/#0"], DOC_EX, context={"aws:SourceIp": "192.0.2.7", "aws:ViaAWSService": "false"}, identity=[IP_DENY])
case("deny outside the office IP range: a service calling on the user's behalf", "Allow", ["identity/0/#0"], DOC_EX,
     context={"aws:SourceIp": "198.51.100.1", "aws:ViaAWSService": "true"}, identity=[IP_DENY])
case("deny outside the office IP range: ViaAWSService missing (Bool is false without the key)", "Allow", ["identity/0/#0"], DOC_EX,
     context={"aws:SourceIp": "198.51.100.1"}, identity=[IP_DENY])
DATE = policy(allow("ec2:*", "*", Sid="Window", Condition={"DateGreaterThan": {"aws:CurrentTime": "2024-04-01T00:00:00Z"}, "DateLessThan": {"aws:CurrentTime": "2024-06-30T23:59:59Z"}}))
case("access within a date window", "Allow", ["identity/0/Window"], DOC_EX, action="ec2:DescribeInstances", resource="*",
     context={"aws:CurrentTime": "2024-05-01T12:00:00Z"}, identity=[DATE])
case("access outside a date window", "ImplicitDeny", [], DOC_EX, action="ec2:DescribeInstances", resource="*",
     context={"aws:CurrentTime": "2024-07-01T00:00:00Z"}, identity=[DATE])
REGION = policy(allow("ec2:*", "*", Sid="Regions", Condition={"StringEquals": {"aws:RequestedRegion": ["eu-central-1", "eu-west-1"]}}))
case("EC2 limited to two regions: inside", "Allow", ["identity/0/Regions"], DOC_EX, action="ec2:RunInstances", resource="*",
     context={"aws:RequestedRegion": "eu-west-1"}, identity=[REGION])
case("EC2 limited to two regions: outside", "ImplicitDeny", [], DOC_EX, action="ec2:RunInstances", resource="*",
     context={"aws:RequestedRegion": "us-east-1"}, identity=[REGION])
LIST_HOME = policy(allow("s3:ListBucket", "arn:aws:s3:::bucket", Sid="ListHome", Condition={"StringLike": {"s3:prefix": ["", "home/", "home/${aws:username}/*"]}}))
case("list own home prefix", "Allow", ["identity/0/ListHome"], DOC_EX, action="s3:ListBucket", resource="arn:aws:s3:::bucket",
     context={"aws:username": "alice", "s3:prefix": "home/alice/photos"}, identity=[LIST_HOME])
case("list another user's home prefix", "ImplicitDeny", [], DOC_EX, action="s3:ListBucket", resource="arn:aws:s3:::bucket",
     context={"aws:username": "alice", "s3:prefix": "home/bob/"}, identity=[LIST_HOME])
case("list the bucket root (empty prefix)", "Allow", ["identity/0/ListHome"], DOC_EX, action="s3:ListBucket", resource="arn:aws:s3:::bucket",
     context={"aws:username": "alice", "s3:prefix": ""}, identity=[LIST_HOME])
TAG_CREATE = policy(allow("ec2:CreateTags", "*", Sid="TagKeys", Condition={"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}, "Null": {"aws:TagKeys": "false"}}))
case("tagging only with allowed keys", "Allow", ["identity/0/TagKeys"], DOC_SET, action="ec2:CreateTags", resource="*",
     context={"aws:TagKeys": ["env"]}, identity=[TAG_CREATE])
case("tagging with a key that is not allowed", "ImplicitDeny", [], DOC_SET, action="ec2:CreateTags", resource="*",
     context={"aws:TagKeys": ["env", "owner"]}, identity=[TAG_CREATE])
case("tagging with no tags: Null check stops the vacuous ForAllValues", "ImplicitDeny", [], DOC_SET, action="ec2:CreateTags", resource="*",
     context={}, identity=[TAG_CREATE])
PASS_ROLE = policy(allow("iam:PassRole", f"arn:aws:iam::{ACCT}:role/app-*", Sid="Pass", Condition={"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}))
case("PassRole to the named service", "Allow", ["identity/0/Pass"], DOC_EX, action="iam:PassRole", resource=f"arn:aws:iam::{ACCT}:role/app-web",
     context={"iam:PassedToService": "ec2.amazonaws.com"}, identity=[PASS_ROLE])
case("PassRole to another service", "ImplicitDeny", [], DOC_EX, action="iam:PassRole", resource=f"arn:aws:iam::{ACCT}:role/app-web",
     context={"iam:PassedToService": "lambda.amazonaws.com"}, identity=[PASS_ROLE])
case("PassRole of another role", "ImplicitDeny", [], DOC_EX, action="iam:PassRole", resource=f"arn:aws:iam::{ACCT}:role/admin",
     context={"iam:PassedToService": "ec2.amazonaws.com"}, identity=[PASS_ROLE])
SELF_KEYS = policy(allow(["iam:CreateAccessKey", "iam:DeleteAccessKey"], f"arn:aws:iam::{ACCT}:user/${{aws:username}}", Sid="OwnKeys"))
case("manage own access keys", "Allow", ["identity/0/OwnKeys"], DOC_EX, action="iam:CreateAccessKey", resource=ALICE,
     context={"aws:username": "alice"}, identity=[SELF_KEYS])
case("manage another user's access keys", "ImplicitDeny", [], DOC_EX, action="iam:CreateAccessKey", resource=f"arn:aws:iam::{ACCT}:user/bob",
     context={"aws:username": "alice"}, identity=[SELF_KEYS])
DENY_UNENC = policy({"Sid": "DenyUnencrypted", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::bucket/*",
                     "Condition": {"StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}}})
case("deny uploads without SSE-KMS: header missing", "ExplicitDeny", ["resource/resource/DenyUnencrypted"], DOC_EX, action="s3:PutObject",
     resource_account=ACCT, context={}, identity=[ADMIN], resource_policy=DENY_UNENC)
case("deny uploads without SSE-KMS: AES256", "ExplicitDeny", ["resource/resource/DenyUnencrypted"], DOC_EX, action="s3:PutObject",
     resource_account=ACCT, context={"s3:x-amz-server-side-encryption": "AES256"}, identity=[ADMIN], resource_policy=DENY_UNENC)
case("deny uploads without SSE-KMS: aws:kms", "Allow", ["identity/0/#0"], DOC_EX, action="s3:PutObject",
     resource_account=ACCT, context={"s3:x-amz-server-side-encryption": "aws:kms"}, identity=[ADMIN], resource_policy=DENY_UNENC)
VPCE = policy({"Sid": "OnlyVpce", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::bucket", "arn:aws:s3:::bucket/*"],
               "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}})
case("bucket reachable only through a VPC endpoint: from the internet", "ExplicitDeny", ["resource/resource/OnlyVpce"], DOC_EX,
     resource_account=ACCT, context={}, identity=[ADMIN], resource_policy=VPCE)
case("bucket reachable only through a VPC endpoint: through it", "Allow", ["identity/0/#0"], DOC_EX,
     resource_account=ACCT, context={"aws:SourceVpce": "vpce-1a2b3c4d"}, identity=[ADMIN], resource_policy=VPCE)
case("bucket reachable only through a VPC endpoint: another endpoint", "ExplicitDeny", ["resource/resource/OnlyVpce"], DOC_EX,
     resource_account=ACCT, context={"aws:SourceVpce": "vpce-9999"}, identity=[ADMIN], resource_policy=VPCE)
ORG_GUARD = policy({"Sid": "DenyLeavingOrg", "Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"})
case("SCP prevents leaving the organization", "ExplicitDeny", ["scp/0.1/DenyLeavingOrg"], DOC_EX, action="organizations:LeaveOrganization", resource="*",
     identity=[ADMIN], scps=[[FULL, ORG_GUARD]])
case("SCP exempts a break-glass role by ARN condition", "Allow", ["identity/0/#0"], DOC_EX, principal=f"arn:aws:sts::{ACCT}:assumed-role/BreakGlass/s",
     action="cloudtrail:StopLogging", resource="*", identity=[ADMIN],
     scps=[[FULL, policy({"Sid": "ProtectTrail", "Effect": "Deny", "Action": "cloudtrail:StopLogging", "Resource": "*",
                          "Condition": {"ArnNotLike": {"aws:PrincipalArn": f"arn:aws:iam::*:role/BreakGlass"}}})]])
case("SCP protects the trail from other roles", "ExplicitDeny", ["scp/0.1/ProtectTrail"], DOC_EX, principal=SESSION,
     action="cloudtrail:StopLogging", resource="*", identity=[ADMIN],
     scps=[[FULL, policy({"Sid": "ProtectTrail", "Effect": "Deny", "Action": "cloudtrail:StopLogging", "Resource": "*",
                          "Condition": {"ArnNotLike": {"aws:PrincipalArn": f"arn:aws:iam::*:role/BreakGlass"}}})]])
case("explicit deny beats an allow in a resource policy naming the user", "ExplicitDeny", ["identity/0/#0"], DOC_EVAL,
     resource_account=ACCT, identity=[policy(deny("s3:GetObject", "*"))], resource_policy=bucket_policy({"AWS": ALICE}))
case("Sid-less statements are reported by index", "ExplicitDeny", ["identity/0/#2"], DOC_EVAL,
     identity=[policy(allow("ec2:*", "*"), allow("s3:*", "*"), deny("s3:GetObject", OBJ))])
case("federated user (GetFederationToken) session policy limits", "ImplicitDeny", ["identity/0/#0"], DOC_EVAL,
     principal=f"arn:aws:sts::{ACCT}:federated-user/fed", identity=[ADMIN], session=[policy(allow("ec2:*", "*"))])
case("condition on aws:PrincipalArn in a resource policy (a role by name)", "Allow", ["resource/resource/Grant"], DOC_EX, principal=SESSION,
     resource_account=ACCT, identity=[],
     resource_policy=bucket_policy("*", Condition={"ArnEquals": {"aws:PrincipalArn": ROLE}}))
case("condition on aws:PrincipalArn: another role", "ImplicitDeny", [], DOC_EX, principal=f"arn:aws:sts::{ACCT}:assumed-role/other/s",
     resource_account=ACCT, identity=[],
     resource_policy=bucket_policy("*", Condition={"ArnEquals": {"aws:PrincipalArn": ROLE}}))
case("aws:PrincipalAccount restricts a public statement to the owner", "ImplicitDeny", ["identity/0/#0"], DOC_EX, principal=BOB,
     resource_account=ACCT, identity=[ADMIN],
     resource_policy=bucket_policy("*", Condition={"StringEquals": {"aws:PrincipalAccount": ACCT}}))
case("aws:PrincipalAccount: the owner's user", "Allow", ["resource/resource/Grant"], DOC_EX,
     resource_account=ACCT, identity=[],
     resource_policy=bucket_policy("*", Condition={"StringEquals": {"aws:PrincipalAccount": ACCT}}))

out = os.environ.get("MAMORI_CORPUS_OUT") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases.json")
with open(out, "w") as f:
    json.dump({"about": "IAM evaluation corpus; written by make.py", "cases": cases}, f, indent=1, ensure_ascii=False)
    f.write("\n")
print(f"{len(cases)} cases", file=__import__("sys").stderr)
