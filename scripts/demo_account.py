#!/usr/bin/env python3
"""Build a realistic, deliberately misconfigured AWS account on a moto server.

Used for the embedded demo snapshot, the integration tests and the collection
benchmark. Every resource created is written to a manifest (JSON) so tests can
check that a collection holds exactly what was made.

    demo_account.py --endpoint http://127.0.0.1:5000 [--account 111122223333]
                    [--manifest out.json] [--users N --security-groups N
                     --buckets N --instances N]

With --account, the script assumes a role in that account first (moto maps the
returned credentials to it), so several tests can share one moto server.
"""

import argparse
import base64
import datetime
import json
import sys

import boto3
from botocore.config import Config

REGION = "us-east-1"
TRUST_EC2 = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
ADMIN = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
S3_ALL = {"Version": "2012-10-17", "Statement": [{"Sid": "AllS3", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
# CIS AWS Foundations Benchmark v3.0.0 section 4 metric filter patterns.
CIS_FILTERS = {
    "unauthorized-api-calls": '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
    "console-signin-without-mfa": '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    "root-usage": '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    "iam-policy-changes": '{($.eventSource=iam.amazonaws.com) && (($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy))}',
    "cloudtrail-changes": '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }',
    "console-auth-failures": '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
    "cmk-disable-or-deletion": '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }',
    "s3-bucket-policy-changes": '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }',
    "config-changes": '{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }',
    "security-group-changes": '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }',
    "nacl-changes": '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }',
    "network-gateway-changes": '{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }',
    "route-table-changes": '{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }',
    "vpc-changes": '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }',
    "organizations-changes": '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
}
# A deliberately leaked credential pair: AWS's documented example values.
USER_DATA = """#!/bin/bash
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
yum install -y httpd && systemctl start httpd
"""


def session_for(endpoint, account):
    base = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)
    if not account:
        return base
    sts = base.client("sts", endpoint_url=endpoint)
    creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/mamori-test-setup", RoleSessionName="setup")["Credentials"]
    return boto3.session.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        region_name=REGION,
    )


class Builder:
    def __init__(self, session, endpoint):
        self.s = session
        self.endpoint = endpoint
        self.m = {}
        self.cfg = Config(retries={"max_attempts": 2}, s3={"addressing_style": "path"})

    def c(self, name):
        return self.s.client(name, endpoint_url=self.endpoint, config=self.cfg)

    def add(self, kind, value):
        self.m.setdefault(kind, []).append(value)

    # ---- IAM ------------------------------------------------------------
    def iam(self):
        iam = self.c("iam")
        iam.update_account_password_policy(MinimumPasswordLength=8, RequireNumbers=True, PasswordReusePrevention=5)
        self.m["password_policy"] = {"MinimumPasswordLength": 8, "RequireSymbols": False}
        admins = iam.create_group(GroupName="admins")["Group"]
        iam.attach_group_policy(GroupName="admins", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
        iam.create_group(GroupName="developers")
        iam.put_group_policy(GroupName="developers", PolicyName="s3-everything", PolicyDocument=json.dumps(S3_ALL))
        self.add("groups", {"name": "admins", "arn": admins["Arn"], "attached": ["arn:aws:iam::aws:policy/AdministratorAccess"]})
        self.add("groups", {"name": "developers", "inline": ["s3-everything"]})

        users = {
            "alice": {"console": True, "mfa": True, "keys": 1, "groups": ["admins"]},
            "bob": {"console": True, "mfa": False, "keys": 2, "groups": ["developers"], "attach": "arn:aws:iam::aws:policy/AWSCloudShellFullAccess"},
            "ci-deploy": {"console": False, "mfa": False, "keys": 1, "inline": ADMIN},
            "carol": {"console": True, "mfa": False, "keys": 0, "attach": "arn:aws:iam::aws:policy/AdministratorAccess"},
            "dave": {"console": False, "mfa": False, "keys": 1, "groups": ["developers"]},
        }
        for name, spec in users.items():
            iam.create_user(UserName=name, Tags=[{"Key": "owner", "Value": "platform"}])
            for g in spec.get("groups", []):
                iam.add_user_to_group(GroupName=g, UserName=name)
            if spec["console"]:
                iam.create_login_profile(UserName=name, Password="Correct-Horse-9!")
            key_ids = [iam.create_access_key(UserName=name)["AccessKey"]["AccessKeyId"] for _ in range(spec["keys"])]
            if spec["mfa"]:
                serial = iam.create_virtual_mfa_device(VirtualMFADeviceName=f"{name}-mfa")["VirtualMFADevice"]["SerialNumber"]
                iam.enable_mfa_device(UserName=name, SerialNumber=serial, AuthenticationCode1="123456", AuthenticationCode2="654321")
            if "attach" in spec:
                iam.attach_user_policy(UserName=name, PolicyArn=spec["attach"])
            if "inline" in spec:
                iam.put_user_policy(UserName=name, PolicyName="everything", PolicyDocument=json.dumps(spec["inline"]))
            self.add("users", {"name": name, "console": spec["console"], "mfa": spec["mfa"], "access_keys": key_ids,
                               "groups": spec.get("groups", []), "attached": [spec["attach"]] if "attach" in spec else [],
                               "inline": ["everything"] if "inline" in spec else []})

        pol = iam.create_policy(PolicyName="legacy-admin", PolicyDocument=json.dumps(ADMIN))["Policy"]
        iam.create_policy_version(PolicyArn=pol["Arn"], PolicyDocument=json.dumps(S3_ALL), SetAsDefault=True)
        self.add("policies", {"arn": pol["Arn"], "versions": 2, "default_actions": "s3:*"})

        roles = {
            "app-role": TRUST_EC2,
            "partner-no-external-id": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999988887777:root"}, "Action": "sts:AssumeRole"}]},
            "anyone-can-assume": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]},
            "auditor-with-external-id": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "a-shared-secret-id"}}}]},
        }
        for name, trust in roles.items():
            role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]
            self.add("roles", {"name": name, "arn": role["Arn"], "trust": trust})
        iam.attach_role_policy(RoleName="app-role", PolicyArn="arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
        iam.attach_role_policy(RoleName="partner-no-external-id", PolicyArn=pol["Arn"])
        profile = iam.create_instance_profile(InstanceProfileName="app-profile")["InstanceProfile"]
        iam.add_role_to_instance_profile(InstanceProfileName="app-profile", RoleName="app-role")
        self.m["instance_profile_arn"] = profile["Arn"]
        self.add("instance_profiles", {"name": "app-profile", "roles": ["app-role"]})

    def escalation(self):
        # Principals that look modest but can make themselves admin (IAM-015),
        # and grants restricted by a condition that must not be called public.
        iam = self.c("iam")
        account = self.s.client("sts", endpoint_url=self.endpoint).get_caller_identity()["Account"]
        role = iam.create_role(RoleName="deploy-admin", AssumeRolePolicyDocument=json.dumps(TRUST_EC2))["Role"]
        iam.attach_role_policy(RoleName="deploy-admin", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
        iam.create_instance_profile(InstanceProfileName="deploy-profile")
        iam.add_role_to_instance_profile(InstanceProfileName="deploy-profile", RoleName="deploy-admin")
        legacy = f"arn:aws:iam::{account}:policy/legacy-admin"
        specs = {
            # iam:PassRole of an admin role to an instance she launches.
            "erin": ({"Effect": "Allow", "Action": ["ec2:RunInstances", "iam:PassRole"], "Resource": "*"},
                     "iam:PassRole+ec2:RunInstances", role["Arn"]),
            # A new access key for an admin user.
            "frank": ({"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": f"arn:aws:iam::{account}:user/carol"},
                      "iam:CreateAccessKey", f"arn:aws:iam::{account}:user/carol"),
            # Any policy attached to herself.
            "grace": ({"Effect": "Allow", "Action": "iam:AttachUserPolicy", "Resource": f"arn:aws:iam::{account}:user/${{aws:username}}"},
                      "iam:AttachUserPolicy", "admin"),
            # Back to the admin version of a policy he has.
            "heidi": ({"Effect": "Allow", "Action": "iam:SetDefaultPolicyVersion", "Resource": legacy},
                      "iam:SetDefaultPolicyVersion", "admin"),
        }
        for name, (statement, method, reaches) in specs.items():
            iam.create_user(UserName=name, Tags=[{"Key": "owner", "Value": "platform"}])
            iam.put_user_policy(UserName=name, PolicyName="ops", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
            if name == "heidi":
                iam.attach_user_policy(UserName=name, PolicyArn=legacy)
            self.add("users", {"name": name, "console": False, "mfa": False, "access_keys": [], "groups": [],
                               "attached": [legacy] if name == "heidi" else [], "inline": ["ops"]})
            self.add("escalations", {"user": f"arn:aws:iam::{account}:user/{name}", "method": method, "reaches": reaches})
        self.add("roles", {"name": "deploy-admin", "arn": role["Arn"], "trust": TRUST_EC2})
        self.add("instance_profiles", {"name": "deploy-profile", "roles": ["deploy-admin"]})
        org_trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole",
                                                             "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}
        org_role = iam.create_role(RoleName="org-readers", AssumeRolePolicyDocument=json.dumps(org_trust))["Role"]
        self.add("roles", {"name": "org-readers", "arn": org_role["Arn"], "trust": org_trust})
        s3 = self.c("s3")
        shared = f"org-shared-{account[-6:]}"
        s3.create_bucket(Bucket=shared)
        shared_policy = {"Version": "2012-10-17", "Statement": [
            {"Sid": "OrgRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{shared}/*",
             "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}},
            {"Sid": "EndpointOnly", "Effect": "Allow", "Principal": "*", "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{shared}",
             "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-0a1b2c3d"}}}]}
        s3.put_bucket_policy(Bucket=shared, Policy=json.dumps(shared_policy))
        self.add("buckets", {"name": shared, "acl_all_users": False, "policy": shared_policy})
        self.m["restricted"] = {"bucket": f"arn:aws:s3:::{shared}", "role": org_role["Arn"]}

    def expired_certificate(self):
        # An expired self-signed certificate uploaded to IAM (IAM-019).
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import rsa
        from cryptography.x509.oid import NameOID

        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "legacy.example.com")])
        now = datetime.datetime(2023, 1, 1, tzinfo=datetime.timezone.utc)
        cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                .serial_number(1).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=30))
                .sign(key, hashes.SHA256()))
        body = cert.public_bytes(serialization.Encoding.PEM).decode()
        pem_key = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()).decode()
        self.c("iam").upload_server_certificate(ServerCertificateName="legacy-cert", CertificateBody=body, PrivateKey=pem_key)
        self.add("server_certificates", {"name": "legacy-cert"})

    # ---- network and compute --------------------------------------------
    def network(self):
        ec2 = self.c("ec2")
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        ec2.create_tags(Resources=[vpc], Tags=[{"Key": "Name", "Value": "prod"}])
        public = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
        private = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.2.0/24", AvailabilityZone="us-east-1b")["Subnet"]["SubnetId"]
        igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
        ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
        rt = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
        ec2.create_route(RouteTableId=rt, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
        ec2.associate_route_table(RouteTableId=rt, SubnetId=public)
        eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
        nat = ec2.create_nat_gateway(SubnetId=public, AllocationId=eip)["NatGateway"]["NatGatewayId"]
        prt = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
        ec2.create_route(RouteTableId=prt, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
        ec2.associate_route_table(RouteTableId=prt, SubnetId=private)
        self.m.update(vpc=vpc, public_subnet=public, private_subnet=private, igw=igw, nat=nat)
        self.add("route_tables", {"id": rt, "routes": [["0.0.0.0/0", igw]], "subnets": [public]})
        self.add("route_tables", {"id": prt, "routes": [["0.0.0.0/0", nat]], "subnets": [private]})

        acl = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
        entries = [(100, "6", "deny", False, "0.0.0.0/0", 22, 22), (110, "6", "allow", False, "0.0.0.0/0", 3389, 3389),
                   (200, "-1", "allow", False, "10.0.0.0/16", None, None), (100, "-1", "allow", True, "0.0.0.0/0", None, None)]
        for num, proto, action, egress, cidr, lo, hi in entries:
            kw = dict(NetworkAclId=acl, RuleNumber=num, Protocol=proto, RuleAction=action, Egress=egress, CidrBlock=cidr)
            if lo is not None:
                kw["PortRange"] = {"From": lo, "To": hi}
            ec2.create_network_acl_entry(**kw)
        assoc = ec2.describe_network_acls(Filters=[{"Name": "association.subnet-id", "Values": [private]}])["NetworkAcls"][0]
        old = [a["NetworkAclAssociationId"] for a in assoc["Associations"] if a["SubnetId"] == private][0]
        ec2.replace_network_acl_association(AssociationId=old, NetworkAclId=acl)
        self.add("network_acls", {"id": acl, "entries": [[n, p, a, e, c, lo, hi] for n, p, a, e, c, lo, hi in entries], "subnets": [private]})

        def sg(name, rules):
            gid = ec2.create_security_group(GroupName=name, Description=f"{name} group", VpcId=vpc)["GroupId"]
            if rules:
                ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=rules)
            self.add("security_groups", {"id": gid, "name": name, "ingress": rules})
            return gid

        web = sg("web", [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
                         {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}])
        ssh = sg("ssh-from-anywhere", [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "temporary"}]}])
        db = sg("database", [{"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        sg("wide-open", [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        app = sg("app", [{"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "UserIdGroupPairs": [{"GroupId": web}]}])
        sg("unused", [])
        self.m.update(sg_web=web, sg_ssh=ssh, sg_db=db, sg_app=app)

        ami = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
        web_i = ec2.run_instances(ImageId=ami, MinCount=1, MaxCount=1, InstanceType="t3.micro",
                                  NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": public, "Groups": [web, ssh], "AssociatePublicIpAddress": True}],
                                  UserData=USER_DATA,
                                  TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web-1"}]}])["Instances"][0]["InstanceId"]
        app_i = ec2.run_instances(ImageId=ami, MinCount=1, MaxCount=1, InstanceType="t3.small", SubnetId=private, SecurityGroupIds=[app],
                                  IamInstanceProfile={"Arn": self.m["instance_profile_arn"]},
                                  MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
                                  TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "app-1"}, {"Key": "owner", "Value": "payments"}]}])["Instances"][0]["InstanceId"]
        bastion = ec2.run_instances(ImageId=ami, MinCount=1, MaxCount=1, InstanceType="t3.nano", SubnetId=public, SecurityGroupIds=[ssh])["Instances"][0]["InstanceId"]
        ec2.stop_instances(InstanceIds=[bastion])
        # Reachability: SSH only from one admin /24 on a public instance, and
        # the world-open SSH group on an instance in the private subnet, whose
        # route table has no internet gateway and whose ACL denies 22.
        admin_sg = sg("ssh-admin-network", [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "203.0.113.0/24", "Description": "admin network"}]}])
        admin_i = ec2.run_instances(ImageId=ami, MinCount=1, MaxCount=1, InstanceType="t3.nano",
                                    NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": public, "Groups": [admin_sg], "AssociatePublicIpAddress": True}],
                                    MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
                                    TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "admin-1"}]}])["Instances"][0]["InstanceId"]
        jump_i = ec2.run_instances(ImageId=ami, MinCount=1, MaxCount=1, InstanceType="t3.nano",
                                   NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": private, "Groups": [ssh], "AssociatePublicIpAddress": True}],
                                   MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
                                   TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "jump-private"}]}])["Instances"][0]["InstanceId"]
        self.add("instances", {"id": admin_i, "http_tokens": "required", "ssh_from": "203.0.113.0/24"})
        self.add("instances", {"id": jump_i, "http_tokens": "required", "ssh_blocked": True})
        self.m.update(admin_instance=admin_i, private_ssh_instance=jump_i)
        self.add("instances", {"id": web_i, "user_data_secret": True, "public": True, "http_tokens": "optional"})
        self.add("instances", {"id": app_i, "user_data_secret": False, "public": False, "http_tokens": "required", "profile": self.m["instance_profile_arn"]})
        self.add("instances", {"id": bastion, "state": "stopped"})
        self.m.update(web_instance=web_i, app_instance=app_i)

        v1 = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8, Encrypted=False)["VolumeId"]
        v2 = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8, Encrypted=True)["VolumeId"]
        ec2.attach_volume(VolumeId=v1, InstanceId=web_i, Device="/dev/sdf")
        s_public = ec2.create_snapshot(VolumeId=v1, Description="public by mistake")["SnapshotId"]
        ec2.modify_snapshot_attribute(SnapshotId=s_public, Attribute="createVolumePermission", OperationType="add", GroupNames=["all"])
        s_shared = ec2.create_snapshot(VolumeId=v1, Description="shared with partner")["SnapshotId"]
        ec2.modify_snapshot_attribute(SnapshotId=s_shared, Attribute="createVolumePermission", OperationType="add", UserIds=["999988887777"])
        s_private = ec2.create_snapshot(VolumeId=v2, Description="private")["SnapshotId"]
        self.add("volumes", {"id": v1, "encrypted": False, "attached_to": web_i})
        self.add("volumes", {"id": v2, "encrypted": True})
        self.add("snapshots", {"id": s_public, "permissions": [["all", None]]})
        self.add("snapshots", {"id": s_shared, "permissions": [[None, "999988887777"]]})
        self.add("snapshots", {"id": s_private, "permissions": []})
        image = ec2.create_image(InstanceId=app_i, Name="golden-app-image")["ImageId"]
        ec2.modify_image_attribute(ImageId=image, LaunchPermission={"Add": [{"Group": "all"}]})
        self.add("images", {"id": image, "public": True})
        self.m["image_in_use"] = ami
        fl_vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
        account = self.s.client("sts", endpoint_url=self.endpoint).get_caller_identity()["Account"]
        archive = f"flow-log-archive-{account[-6:]}"
        self.c("s3").create_bucket(Bucket=archive)
        self.add("buckets", {"name": archive, "acl_all_users": False, "policy": None})
        result = ec2.create_flow_logs(ResourceIds=[fl_vpc], ResourceType="VPC", TrafficType="ALL", LogDestinationType="s3", LogDestination=f"arn:aws:s3:::{archive}")
        if result.get("Unsuccessful"):
            raise SystemExit(f"flow log not created: {result['Unsuccessful']}")
        self.add("flow_logs", {"resource": fl_vpc})
        self.m["vpc_with_flow_log"] = fl_vpc

    # ---- data ------------------------------------------------------------
    def storage(self):
        s3 = self.c("s3")
        account = self.s.client("sts", endpoint_url=self.endpoint).get_caller_identity()["Account"]
        self.m["account"] = account
        sfx = account[-6:]
        public_acl = f"public-assets-{sfx}"
        s3.create_bucket(Bucket=public_acl)
        s3.put_bucket_acl(Bucket=public_acl, ACL="public-read")
        policy_bucket = f"website-{sfx}"
        s3.create_bucket(Bucket=policy_bucket)
        public_policy = {"Version": "2012-10-17", "Statement": [{"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{policy_bucket}/*"}]}
        s3.put_bucket_policy(Bucket=policy_bucket, Policy=json.dumps(public_policy))
        logs = f"cloudtrail-logs-{sfx}"
        s3.create_bucket(Bucket=logs)
        s3.put_bucket_versioning(Bucket=logs, VersioningConfiguration={"Status": "Enabled"})
        tls_policy = {"Version": "2012-10-17", "Statement": [
            {"Sid": "DenyInsecure", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [f"arn:aws:s3:::{logs}", f"arn:aws:s3:::{logs}/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
            {"Sid": "CloudTrailWrite", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{logs}/AWSLogs/{account}/*"}]}
        # Logging is configured before the policy: moto's logging-target
        # validation cannot read policies with a `"Principal": "*"` statement.
        s3.put_bucket_acl(Bucket=logs, ACL="log-delivery-write")
        self.m["pending_logging"] = (logs, tls_policy)
        s3.put_public_access_block(Bucket=logs, PublicAccessBlockConfiguration={"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
        s3.put_bucket_tagging(Bucket=logs, Tagging={"TagSet": [{"Key": "classification", "Value": "confidential"}, {"Key": "owner", "Value": "security"}]})
        kms = self.c("kms")
        key_rotating = kms.create_key(Description="rotating key")["KeyMetadata"]["KeyId"]
        kms.enable_key_rotation(KeyId=key_rotating)
        key_static = kms.create_key(Description="never rotated")["KeyMetadata"]["KeyId"]
        kms.create_alias(AliasName="alias/app-data", TargetKeyId=key_static)
        key_doomed = kms.create_key(Description="scheduled for deletion")["KeyMetadata"]["KeyId"]
        kms.schedule_key_deletion(KeyId=key_doomed, PendingWindowInDays=7)
        encrypted = f"payments-data-{sfx}"
        s3.create_bucket(Bucket=encrypted)
        s3.put_bucket_encryption(Bucket=encrypted, ServerSideEncryptionConfiguration={"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key_static}}]})
        s3.put_bucket_logging(Bucket=encrypted, BucketLoggingStatus={"LoggingEnabled": {"TargetBucket": logs, "TargetPrefix": "access/"}})
        s3.put_bucket_policy(Bucket=logs, Policy=json.dumps(tls_policy))
        del self.m["pending_logging"]
        self.add("buckets", {"name": public_acl, "acl_all_users": True, "policy": None})
        self.add("buckets", {"name": policy_bucket, "acl_all_users": False, "policy": public_policy})
        self.add("buckets", {"name": logs, "acl_all_users": False, "policy": tls_policy, "versioning": "Enabled", "public_access_block": True})
        self.add("buckets", {"name": encrypted, "acl_all_users": False, "policy": None, "sse": "aws:kms", "logging_target": logs})
        self.add("kms_keys", {"id": key_rotating, "rotation": True})
        self.add("kms_keys", {"id": key_static, "rotation": False, "alias": "alias/app-data"})
        self.add("kms_keys", {"id": key_doomed, "state": "PendingDeletion"})
        self.m["trail_bucket"] = logs

        ct = self.c("cloudtrail")
        trail = ct.create_trail(Name="management-events", S3BucketName=logs, IsMultiRegionTrail=False)
        ct.start_logging(Name="management-events")
        self.add("trails", {"name": "management-events", "multi_region": False, "validation": False, "bucket": logs})

        logs_client = self.c("logs")
        logs_client.create_log_group(logGroupName="cloudtrail-events")
        logs_client.put_retention_policy(logGroupName="cloudtrail-events", retentionInDays=30)
        pattern = '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }'
        logs_client.put_metric_filter(logGroupName="cloudtrail-events", filterName="root-usage", filterPattern=pattern,
                                      metricTransformations=[{"metricName": "RootUsage", "metricNamespace": "CISBenchmark", "metricValue": "1"}])
        sns = self.c("sns")
        topic = sns.create_topic(Name="security-alerts")["TopicArn"]
        sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="secops@example.com")
        self.c("cloudwatch").put_metric_alarm(AlarmName="root-usage", MetricName="RootUsage", Namespace="CISBenchmark", Statistic="Sum",
                                              Period=300, EvaluationPeriods=1, Threshold=1, ComparisonOperator="GreaterThanOrEqualToThreshold",
                                              AlarmActions=[topic])
        self.add("log_groups", {"name": "cloudtrail-events", "retention": 30, "filters": {"root-usage": pattern}})
        self.add("alarms", {"name": "root-usage", "actions": [topic]})
        self.add("topics", {"arn": topic, "subscriptions": 1})

        rds = self.c("rds")
        rds.create_db_instance(DBInstanceIdentifier="orders-db", DBInstanceClass="db.t3.micro", Engine="mysql", MasterUsername="admin",
                               MasterUserPassword="not-a-real-password-1", AllocatedStorage=20, PubliclyAccessible=True, StorageEncrypted=False,
                               BackupRetentionPeriod=1)
        rds.create_db_snapshot(DBInstanceIdentifier="orders-db", DBSnapshotIdentifier="orders-before-migration")
        rds.modify_db_snapshot_attribute(DBSnapshotIdentifier="orders-before-migration", AttributeName="restore", ValuesToAdd=["all"])
        self.add("db_instances", {"id": "orders-db", "public": True, "encrypted": False})
        rds.create_db_cluster_parameter_group(DBClusterParameterGroupName="analytics-tls", DBParameterGroupFamily="aurora-postgresql15",
                                              Description="TLS for analytics")
        rds.create_db_cluster(DBClusterIdentifier="analytics", Engine="aurora-postgresql", MasterUsername="admin",
                              MasterUserPassword="not-a-real-password-2", StorageEncrypted=False,
                              DBClusterParameterGroupName="analytics-tls")
        self.add("db_clusters", {"id": "analytics", "encrypted": False, "parameter_group": "analytics-tls"})
        self.add("db_snapshots", {"id": "orders-before-migration", "restore": ["all"]})

        ddb = self.c("dynamodb")
        ddb.create_table(TableName="sessions", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
        ddb.create_table(TableName="ledger", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST",
                         Tags=[{"Key": "classification", "Value": "confidential"}])
        ddb.update_continuous_backups(TableName="ledger", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
        self.add("dynamodb_tables", {"name": "sessions", "pitr": "DISABLED"})
        self.add("dynamodb_tables", {"name": "ledger", "pitr": "ENABLED", "tags": {"classification": "confidential"}})

        efs = self.c("efs")
        fs = efs.create_file_system(CreationToken="shared-home", Encrypted=False)["FileSystemId"]
        self.add("efs", {"id": fs, "encrypted": False})

        glacier = self.c("glacier")
        glacier.create_vault(vaultName="archive")
        # moto does not implement vault access policies, so the vault has none.
        self.add("glacier_vaults", {"name": "archive", "policy": None})

    def load_balancer(self):
        elb = self.c("elbv2")
        lb = elb.create_load_balancer(Name="shop", Subnets=[self.m["public_subnet"], self.m["private_subnet"]], SecurityGroups=[self.m["sg_web"]], Scheme="internet-facing")["LoadBalancers"][0]["LoadBalancerArn"]
        tg = elb.create_target_group(Name="shop-web", Protocol="HTTP", Port=80, VpcId=self.m["vpc"], TargetType="instance")["TargetGroups"][0]["TargetGroupArn"]
        elb.register_targets(TargetGroupArn=tg, Targets=[{"Id": self.m["web_instance"], "Port": 80}])
        elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])
        self.add("load_balancers", {"arn": lb, "scheme": "internet-facing", "listeners": [["HTTP", 80]]})
        self.add("target_groups", {"arn": tg, "targets": [self.m["web_instance"]]})


    # ---- an account built to comply (tests of "no false failures") -------
    def compliant(self):
        account = self.s.client("sts", endpoint_url=self.endpoint).get_caller_identity()["Account"]
        self.m["account"] = account
        sfx = account[-6:]
        tags = [{"Key": "Owner", "Value": "platform"}, {"Key": "DataClassification", "Value": "internal"}]
        iam = self.c("iam")
        iam.update_account_password_policy(MinimumPasswordLength=16, RequireSymbols=True, RequireNumbers=True, RequireUppercaseCharacters=True,
                                           RequireLowercaseCharacters=True, PasswordReusePrevention=24)
        support = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": "sts:AssumeRole",
                                                            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}
        iam.create_role(RoleName="incident-support", AssumeRolePolicyDocument=json.dumps(support))
        iam.attach_role_policy(RoleName="incident-support", PolicyArn="arn:aws:iam::aws:policy/AWSSupportAccess")
        iam.create_role(RoleName="web-role", AssumeRolePolicyDocument=json.dumps(TRUST_EC2))
        iam.attach_role_policy(RoleName="web-role", PolicyArn="arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore")
        profile = iam.create_instance_profile(InstanceProfileName="web-profile")["InstanceProfile"]["Arn"]
        iam.add_role_to_instance_profile(InstanceProfileName="web-profile", RoleName="web-role")

        kms = self.c("kms")
        key = kms.create_key(Description="data key", Tags=[{"TagKey": "Owner", "TagValue": "platform"}])["KeyMetadata"]
        kms.enable_key_rotation(KeyId=key["KeyId"])
        kms.create_alias(AliasName="alias/data", TargetKeyId=key["KeyId"])
        key_arn = key["Arn"]

        s3 = self.c("s3")
        s3control = self.s.client("s3control", endpoint_url=self.endpoint)

        def strip_account_host(request, **_):
            # An IP endpoint cannot take the `{account}.` host prefix S3 Control adds.
            request.url = request.url.replace(f"//{account}.", "//")

        s3control.meta.events.register("before-send.s3-control.*", strip_account_host)
        s3control.put_public_access_block(AccountId=account, PublicAccessBlockConfiguration={
            "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
        access_logs = f"access-logs-{sfx}"
        trail_logs = f"trail-logs-{sfx}"
        data = f"data-{sfx}"
        for name in (access_logs, trail_logs, data):
            if name == trail_logs:
                s3.create_bucket(Bucket=name, ObjectLockEnabledForBucket=True)
            else:
                s3.create_bucket(Bucket=name)
            s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
                "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
            s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key_arn}, "BucketKeyEnabled": True}]})
            s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
            s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": tags})
        s3.put_bucket_acl(Bucket=access_logs, ACL="log-delivery-write")
        for name in (trail_logs, data, access_logs):
            s3.put_bucket_logging(Bucket=name, BucketLoggingStatus={"LoggingEnabled": {"TargetBucket": access_logs, "TargetPrefix": f"{name}/"}})
        for name in (access_logs, trail_logs, data):
            statements = [{"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                           "Resource": [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]
            if name == trail_logs:
                statements.append({"Sid": "CloudTrailWrite", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject",
                                   "Resource": f"arn:aws:s3:::{name}/AWSLogs/{account}/*"})
            s3.put_bucket_policy(Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": statements}))

        ec2 = self.c("ec2")
        ec2.enable_ebs_encryption_by_default()
        # The default VPC exists too: it gets the same treatment.
        default_vpcs = [v["VpcId"] for v in ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"]]
        vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
        private = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
        private_b = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.2.0/24", AvailabilityZone="us-east-1b")["Subnet"]["SubnetId"]
        rt = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
        for sn in (private, private_b):
            ec2.associate_route_table(RouteTableId=rt, SubnetId=sn)
        main_rt = [t["RouteTableId"] for t in ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["RouteTables"] if any(a.get("Main") for a in t.get("Associations", []))]
        ec2.create_vpc_endpoint(VpcId=vpc, ServiceName="com.amazonaws.us-east-1.s3", VpcEndpointType="Gateway", RouteTableIds=[rt] + main_rt)
        for v in [vpc] + default_vpcs:
            if v != vpc:
                tables = [t["RouteTableId"] for t in ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [v]}])["RouteTables"]]
                ec2.create_vpc_endpoint(VpcId=v, ServiceName="com.amazonaws.us-east-1.s3", VpcEndpointType="Gateway", RouteTableIds=tables)
            ec2.create_tags(Resources=[v], Tags=tags + [{"Key": "Name", "Value": "private" if v == vpc else "default"}])
            ec2.create_flow_logs(ResourceIds=[v], ResourceType="VPC", TrafficType="ALL", LogDestinationType="s3", LogDestination=f"arn:aws:s3:::{access_logs}")
            for g in ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [v]}, {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"]:
                if g["IpPermissions"]:
                    ec2.revoke_security_group_ingress(GroupId=g["GroupId"], IpPermissions=g["IpPermissions"])
                if g["IpPermissionsEgress"]:
                    ec2.revoke_security_group_egress(GroupId=g["GroupId"], IpPermissions=g["IpPermissionsEgress"])
            for acl in ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [v]}])["NetworkAcls"]:
                n = 1
                for port in (22, 23, 3389, 5500):
                    ec2.create_network_acl_entry(NetworkAclId=acl["NetworkAclId"], RuleNumber=n, Protocol="6", RuleAction="deny", Egress=False,
                                                 CidrBlock="0.0.0.0/0", PortRange={"From": port, "To": port})
                    ec2.create_network_acl_entry(NetworkAclId=acl["NetworkAclId"], RuleNumber=n + 1, Protocol="6", RuleAction="deny", Egress=False,
                                                 Ipv6CidrBlock="::/0", PortRange={"From": port, "To": port})
                    n += 2
        app = ec2.create_security_group(GroupName="app", Description="app tier", VpcId=vpc)["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=app, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 8443, "ToPort": 8443, "IpRanges": [{"CidrIp": "10.20.0.0/16"}]}])
        ami = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
        inst = ec2.run_instances(ImageId=ami, MinCount=1, MaxCount=1, InstanceType="t3.micro", SubnetId=private, SecurityGroupIds=[app],
                                 IamInstanceProfile={"Arn": profile}, MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
                                 BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 8, "Encrypted": True, "KmsKeyId": key_arn}}],
                                 TagSpecifications=[{"ResourceType": "instance", "Tags": tags + [{"Key": "Name", "Value": "app-1"}]},
                                                    {"ResourceType": "volume", "Tags": tags}])["Instances"][0]["InstanceId"]
        for vol in ec2.describe_volumes(Filters=[{"Name": "attachment.instance-id", "Values": [inst]}])["Volumes"]:
            ec2.create_tags(Resources=[vol["VolumeId"]], Tags=tags)
            ec2.create_snapshot(VolumeId=vol["VolumeId"], Description="daily backup")
        self.m.update(vpc=vpc, instance=inst)

        ct = self.c("cloudtrail")
        logs = self.c("logs")
        logs.create_log_group(logGroupName="trail")
        logs.put_retention_policy(logGroupName="trail", retentionInDays=400)
        group_arn = f"arn:aws:logs:us-east-1:{account}:log-group:trail:*"
        ct_role = iam.create_role(RoleName="trail-to-logs", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
        ct.create_trail(Name="org-trail", S3BucketName=trail_logs, IsMultiRegionTrail=True, EnableLogFileValidation=True, KmsKeyId=key_arn,
                        CloudWatchLogsLogGroupArn=group_arn, CloudWatchLogsRoleArn=ct_role, IncludeGlobalServiceEvents=True)
        ct.put_event_selectors(TrailName="org-trail", EventSelectors=[{"ReadWriteType": "All", "IncludeManagementEvents": True,
                                                                       "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]}])
        ct.start_logging(Name="org-trail")
        cfg = self.c("config")
        cfg.put_configuration_recorder(ConfigurationRecorder={"name": "default", "roleARN": ct_role, "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True}})
        cfg.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": access_logs})
        cfg.start_configuration_recorder(ConfigurationRecorderName="default")
        self.c("guardduty").create_detector(Enable=True)

        rds = self.c("rds")
        rds.create_db_parameter_group(DBParameterGroupName="pg-tls", DBParameterGroupFamily="postgres16", Description="TLS only")
        rds.modify_db_parameter_group(DBParameterGroupName="pg-tls", Parameters=[{"ParameterName": "rds.force_ssl", "ParameterValue": "1", "ApplyMethod": "pending-reboot"}])
        rds.create_db_instance(DBInstanceIdentifier="ledger-db", DBInstanceClass="db.t3.micro", Engine="postgres", MasterUsername="ledger",
                               MasterUserPassword="not-a-real-password-3", AllocatedStorage=20, PubliclyAccessible=False, StorageEncrypted=True,
                               KmsKeyId=key_arn, BackupRetentionPeriod=14, MultiAZ=True, AutoMinorVersionUpgrade=True, DeletionProtection=True,
                               DBParameterGroupName="pg-tls", VpcSecurityGroupIds=[app], Tags=tags)
        ddb = self.c("dynamodb")
        ddb.create_table(TableName="orders", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                         BillingMode="PAY_PER_REQUEST", SSESpecification={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": key_arn}, Tags=tags)
        ddb.update_continuous_backups(TableName="orders", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
        self.c("efs").create_file_system(CreationToken="shared", Encrypted=True, KmsKeyId=key_arn, Tags=tags)

        self.c("account").put_alternate_contact(AlternateContactType="SECURITY", EmailAddress="security@example.com", Name="Security team",
                                               PhoneNumber="+81-3-0000-0000", Title="CSIRT")
        self.c("organizations").create_organization(FeatureSet="ALL")
        self.c("emr").put_block_public_access_configuration(BlockPublicAccessConfiguration={"BlockPublicSecurityGroupRules": True,
                                                                                            "PermittedPublicSecurityGroupRuleRanges": [{"MinRange": 22, "MaxRange": 22}]})
        self.c("securityhub").enable_security_hub(EnableDefaultStandards=True)
        # The CIS alarm chain: a metric filter per event class, an alarm, a subscribed topic.
        sns = self.c("sns")
        topic = sns.create_topic(Name="security-alarms")["TopicArn"]
        sns.subscribe(TopicArn=topic, Protocol="https", Endpoint="https://alerts.example.com/sns")
        cloudwatch = self.c("cloudwatch")
        for name, pattern in CIS_FILTERS.items():
            logs.put_metric_filter(logGroupName="trail", filterName=name, filterPattern=pattern,
                                   metricTransformations=[{"metricName": name, "metricNamespace": "CISBenchmark", "metricValue": "1"}])
            cloudwatch.put_metric_alarm(AlarmName=name, MetricName=name, Namespace="CISBenchmark", Statistic="Sum", Period=300, EvaluationPeriods=1,
                                        Threshold=1, ComparisonOperator="GreaterThanOrEqualToThreshold", AlarmActions=[topic])

    # ---- scale (benchmark) ---------------------------------------------------
    def scale(self, users, groups, buckets, instances):
        iam, ec2, s3 = self.c("iam"), self.c("ec2"), self.c("s3")
        for i in range(users):
            iam.create_user(UserName=f"bulk-user-{i:05d}")
            if i % 2 == 0:
                iam.create_access_key(UserName=f"bulk-user-{i:05d}")
        vpc = self.m.get("vpc") or ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
        for i in range(groups):
            gid = ec2.create_security_group(GroupName=f"bulk-sg-{i:05d}", Description="bulk", VpcId=vpc)["GroupId"]
            ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 1000 + i % 5000, "ToPort": 1000 + i % 5000, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])
        for i in range(buckets):
            s3.create_bucket(Bucket=f"bulk-bucket-{self.m.get('account', 'x')[-6:]}-{i:05d}")
        ami = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
        left = instances
        while left > 0:
            n = min(left, 50)
            ec2.run_instances(ImageId=ami, MinCount=n, MaxCount=n, InstanceType="t3.micro")
            left -= n
        self.m["scale"] = {"users": users, "security_groups": groups, "buckets": buckets, "instances": instances}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--account")
    ap.add_argument("--manifest")
    ap.add_argument("--users", type=int, default=0)
    ap.add_argument("--security-groups", type=int, default=0)
    ap.add_argument("--buckets", type=int, default=0)
    ap.add_argument("--instances", type=int, default=0)
    ap.add_argument("--scale-only", action="store_true", help="create only the bulk resources")
    ap.add_argument("--compliant", action="store_true", help="build an account that follows the practices instead")
    args = ap.parse_args()
    b = Builder(session_for(args.endpoint, args.account), args.endpoint)
    if args.compliant:
        b.compliant()
    elif not args.scale_only:
        b.iam()
        b.escalation()
        b.expired_certificate()
        b.network()
        b.storage()
        b.load_balancer()
    else:
        b.m["account"] = b.s.client("sts", endpoint_url=args.endpoint).get_caller_identity()["Account"]
    if args.users or args.security_groups or args.buckets or args.instances:
        b.scale(args.users, args.security_groups, args.buckets, args.instances)
    text = json.dumps(b.m, indent=2, sort_keys=True)
    if args.manifest:
        with open(args.manifest, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
