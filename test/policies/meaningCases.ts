/**
 * Cases for issue 12's classes, registered into rules.spec.ts: each class with shapes that must
 * fail and their good, often stricter, neighbours that must pass — judged by meaning, not spelling.
 * New rules get their whole case list here; existing rules get more cases appended.
 */
import { SERVICE, toJson } from "../../components/iam";
import { PolicyConfig } from "../../policies/pack";
import { BUCKET, KEY_ARN, RUNTIME_ROLE_ARN, VENDOR_ROLE, changed, doc, happy, holding, resource, stack } from "../helpers/policy";
import type { Case } from "./rules.spec";

const allow = (Action: string | string[], Resource: string | string[], Condition?: Record<string, Record<string, string | string[]>>) => ({ Effect: "Allow" as const, Action, Resource, ...(Condition ? { Condition } : {}) });
const launch = (sid: string, change: (s: any) => any) => () => holding.rolePolicy(changed(happy.launchPermissions(), sid, change));
const trust = (statement: Record<string, unknown>) => () => holding.role(doc(statement as never));
const ACCOUNT = "444455556666";
const OTHER = "999988887777";
const emrTrust = (Condition: Record<string, Record<string, string | string[]>>) => trust({ Effect: "Allow", Principal: { Service: SERVICE.emrServerless }, Action: "sts:AssumeRole", Condition });
const APPS = `arn:aws:emr-serverless:eu-west-1:${ACCOUNT}:/applications/*`;
const trusting = (principals: string[]): PolicyConfig => ({ "foreign-accounts-trusted": { trustedPrincipals: principals } });
const sg = (name: string, ingress: object[]) => resource("aws:ec2/securityGroup:SecurityGroup", name, { ingress }, { outputs: { id: `sg-${name}` } });
const ingressRule = (name: string, group: string, cidr: string) => resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name, { securityGroupId: group, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: cidr });
const bucketParts = (extra: ReturnType<typeof resource>[]) => () => stack(
    resource("aws:s3/bucket:Bucket", "b", { bucket: BUCKET }),
    resource("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "pab", { bucket: BUCKET, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }),
    resource("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "sse", { bucket: BUCKET, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }),
    resource("aws:s3/bucketPolicy:BucketPolicy", "tls", { bucket: BUCKET, policy: toJson(happy.bucketPolicy()) }),
    resource("aws:s3/bucketVersioning:BucketVersioning", "versioning", { bucket: BUCKET, versioningConfiguration: { status: "Enabled" } }),
    ...extra,
);
const tlsNarrowed = () => { const p = happy.bucketPolicy(); return { ...p, Statement: p.Statement.map((s) => ({ ...s, Condition: { ...s.Condition, StringEquals: { "aws:SourceVpc": "vpc-0b5e6f7a8c9d01234" } } })) }; };

/** More cases for rules that existed before. */
export const MORE_CASES: Record<string, { pass: Case[]; fail: Case[] }> = {
    // Class 1: wildcards by meaning; class 7: stricter shapes pass.
    "s3-grants-scoped": {
        pass: [{ title: "a pattern inside one bucket (arn:aws:s3:::<bucket>/logs/*)", resources: () => holding.rolePolicy(doc(allow("s3:GetObject", `arn:aws:s3:::${BUCKET}/logs/*`))) }],
        fail: [
            { title: "every bucket spelt with a wildcard partition (arn:*:s3:::*)", resources: () => holding.rolePolicy(doc(allow("s3:GetObject", "arn:*:s3:::*"))), expect: /every bucket or access point/ },
            { title: "every bucket spelt ?* (a name of at least one character)", resources: () => holding.rolePolicy(doc(allow("s3:ListBucket", "arn:aws:s3:::?*"))), expect: /every bucket/ },
            { title: "a pattern that reduces to * (**)", resources: () => holding.rolePolicy(doc(allow("s3:GetObject", "**"))), expect: /every bucket/ },
        ],
    },
    "kms-grants-scoped": {
        pass: [{ title: "the key itself and its aliases' qualified forms are one key", resources: () => holding.rolePolicy(doc(allow("kms:Decrypt", KEY_ARN))) }],
        fail: [
            { title: "every key with ? in the region and * in the account (arn:aws:kms:?????????:*:*)", resources: () => holding.rolePolicy(doc(allow("kms:Decrypt", "arn:aws:kms:?????????:*:*"))), expect: /every KMS key/ },
            { title: "a trailing * without / (arn:aws:kms:eu-west-1:<account>:key*)", resources: () => holding.rolePolicy(doc(allow("kms:Decrypt", `arn:aws:kms:eu-west-1:${ACCOUNT}:key*`))), expect: /every KMS key/ },
        ],
    },
    "sts-assume-role-scoped": {
        pass: [{ title: "a launch-role name prefix in any account (the shared plane's grant)", resources: () => holding.rolePolicy(doc(allow("sts:AssumeRole", "arn:aws:iam::*:role/emr-dataplane-launch*"))) }],
        fail: [{ title: "every role, spelt role* (no slash)", resources: () => holding.rolePolicy(doc(allow("sts:AssumeRole", "arn:aws:iam::*:role*"))), expect: /every role/ }],
    },
    "iam-passrole-scoped": {
        pass: [{ title: "PassedToService with StringLike and no wildcard (one service)", resources: launch("PassRuntimeRoleToEmrServerless", (s) => ({ ...s, Condition: { StringLike: { "iam:PassedToService": SERVICE.emrServerless } } })) }],
        fail: [
            { title: "PassedToService *.amazonaws.com (admits every service)", resources: launch("PassRuntimeRoleToEmrServerless", (s) => ({ ...s, Condition: { StringLike: { "iam:PassedToService": "*.amazonaws.com" } } })), expect: /admits any service/ },
            { title: "PassedToService *serverless* (admits several)", resources: launch("PassRuntimeRoleToEmrServerless", (s) => ({ ...s, Condition: { StringLike: { "iam:PassedToService": "*serverless*" } } })), expect: /admits (several|any) service/ },
            { title: "PassRole on every role spelt role* (no slash)", resources: launch("PassRuntimeRoleToEmrServerless", (s) => ({ ...s, Resource: `arn:aws:iam::${ACCOUNT}:role*` })), expect: /lets the holder pass any role/ },
        ],
    },
    "runtime-role-trust": {
        pass: [
            { title: "SourceArn pinned to one application (stricter than the account's applications)", resources: emrTrust({ StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnEquals: { "aws:SourceArn": `arn:aws:emr-serverless:eu-west-1:${ACCOUNT}:/applications/00f1abcdef` } }) },
            { title: "no SourceAccount, SourceArn naming this account's applications (the account is in the ARN)", resources: emrTrust({ ArnLike: { "aws:SourceArn": APPS } }) },
            { title: "the service principal in its regional spelling", resources: trust({ Effect: "Allow", Principal: { Service: "emr-serverless.eu-west-1.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": APPS } } }) },
        ],
        fail: [
            { title: "SourceAccount by StringLike with ? (admits ten accounts)", resources: emrTrust({ StringLike: { "aws:SourceAccount": "44445555666?" }, ArnLike: { "aws:SourceArn": APPS } }), expect: /admits accounts other than a named one/ },
            { title: "SourceArn with * in the account segment", resources: emrTrust({ StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": "arn:aws:emr-serverless:*:*:/applications/*" } }), expect: /admits every account/ },
            { title: "another principal beside the regional service spelling", resources: trust({ Effect: "Allow", Principal: { Service: ["emr-serverless.us-east-1.amazonaws.com", "ec2.amazonaws.com"] }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": APPS } } }), expect: /also trusted by Service:ec2.amazonaws.com/ },
        ],
    },
    "resource-actions-not-on-star": {
        // Class 7: an action whose resource type is optional and that touches no permissions takes * as a normal resource.
        pass: [{ title: "cloudwatch:PutMetricData on * (its dataset resource type is optional)", resources: () => holding.rolePolicy(doc(allow("cloudwatch:PutMetricData", "*"))) }],
        fail: [{ title: "ec2:CreateTags on * (optional resource types, but tagging)", resources: () => holding.rolePolicy(doc(allow("ec2:CreateTags", "*"))), expect: /ec2:CreateTags/ }],
    },
    // Class 4: AWS managed policies by content.
    "iam-no-admin-grants": {
        pass: [{ title: "AWSDenyAll attached (its content is a Deny)", resources: () => stack(resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "deny-all", { role: "r", policyArn: "arn:aws:iam::aws:policy/AWSDenyAll" })) }],
        fail: [
            { title: "AmazonDynamoDBFullAccess attached (dynamodb:* by content, not by a list of names)", resources: () => stack(resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "ddb", { role: "r", policyArn: "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess" })), expect: /AWS managed policy AmazonDynamoDBFullAccess.*every action of dynamodb/ },
            { title: "AdministratorAccess in an exclusive attachment list", resources: () => stack(resource("aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", "exclusive", { roleName: "r", policyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] })), expect: /policyArns\[0\] \(AWS managed policy AdministratorAccess\)/ },
        ],
    },
    "s3-grants-scoped#managed": {
        pass: [{ title: "IAMUserChangePassword attached (no S3 at all)", resources: () => stack(resource("aws:iam/userPolicyAttachment:UserPolicyAttachment", "pw", { user: "u", policyArn: "arn:aws:iam::aws:policy/IAMUserChangePassword" })) }],
        fail: [{ title: "AmazonS3ReadOnlyAccess attached (s3:Get* on * by content)", resources: () => stack(resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "s3ro", { role: "r", policyArn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" })), expect: /AWS managed policy AmazonS3ReadOnlyAccess/ }],
    },
    "iam-document-checkable#managed": {
        pass: [{ title: "a customer managed policy ARN is not looked up (its Policy resource is judged)", resources: () => stack(resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "own", { role: "r", policyArn: `arn:aws:iam::${ACCOUNT}:policy/mine` })) }],
        fail: [{ title: "an AWS managed policy the data set does not have", resources: () => stack(resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "unknown", { role: "r", policyArn: "arn:aws:iam::aws:policy/NoSuchPolicyAnywhere" })), expect: /NoSuchPolicyAnywhere\) is not in the managed-policy data set/, level: "advisory" },
            { title: "a misspelt AWS managed policy, with the data set's nearest names", resources: () => stack(resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "typo", { role: "r", policyArn: "arn:aws:iam::aws:policy/AdministratorAcess" })), expect: /AdministratorAcess\) is not in the managed-policy data set .*\(closest names there: AdministratorAccess[,;]/, level: "advisory" }],
    },
    // Class 6: combined effects on the bucket; class 3: several resources configuring one thing.
    "resource-bucket-hardened": {
        pass: [{ title: "every part set once, right", resources: bucketParts([]) }],
        fail: [
            { title: "a second BucketVersioning that suspends what the first enabled", resources: bucketParts([resource("aws:s3/bucketVersioning:BucketVersioning", "suspend", { bucket: BUCKET, versioningConfiguration: { status: "Suspended" } })]), expect: /versioning status is "Enabled" and "Suspended"/ },
            { title: "the legacy inline versioning turned off beside BucketVersioning", resources: () => bucketParts([])().map((r) => (r.name === "b" ? { ...r, inputs: { ...r.inputs, versioning: { enabled: false } }, outputs: { ...r.outputs, versioning: { enabled: false } } } : r)), expect: /versioning is wrong/ },
            { title: "a legacy inline policy beside the BucketPolicy (one replaces the other)", resources: () => bucketParts([])().map((r) => (r.name === "b" ? { ...r, inputs: { ...r.inputs, policy: toJson(doc(allow("s3:GetObject", `arn:aws:s3:::${BUCKET}/*`))) }, outputs: { ...r.outputs, policy: toJson(doc(allow("s3:GetObject", `arn:aws:s3:::${BUCKET}/*`))) } } : r)), expect: /2 resources set the bucket policy/ },
            { title: "a TLS Deny narrowed by another condition (only requests from one VPC are denied)", resources: () => bucketParts([])().map((r) => (r.name === "tls" ? { ...r, inputs: { ...r.inputs, policy: toJson(tlsNarrowed()) }, outputs: { ...r.outputs, policy: toJson(tlsNarrowed()) } } : r)), expect: /TLS-only bucket policy is wrong/ },
            { title: "a second public access block with a flag off", resources: bucketParts([resource("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "pab2", { bucket: BUCKET, blockPublicAcls: true, blockPublicPolicy: false, ignorePublicAcls: true, restrictPublicBuckets: true })]), expect: /public access block is wrong/ },
        ],
    },
};

/** Cases for the rules issue 12 adds. */
export const NEW_RULE_CASES: Record<string, { pass: Case[]; fail: Case[] }> = {
    // Class 2: accounts.
    "foreign-accounts-trusted": {
        pass: [
            { title: "the stack's own account in SourceAccount and SourceArn (known from the role's ARN)", resources: emrTrust({ StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": APPS } }) },
            { title: "a vendor principal the pack config trusts", resources: () => holding.role(happy.launchTrust()), config: trusting([VENDOR_ROLE]) },
            { title: "no account of the stack known (every ARN unknown in a new stack's preview): named accounts are not guessed at", resources: () => holding.role(happy.launchTrust()).map((r) => ({ ...r, outputs: { ...r.outputs, arn: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } })) },
            { title: "an account the pack config trusts, in kms:CallerAccount of a key policy", resources: () => holding.key(doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": OTHER } } } as never)), config: { "foreign-accounts-trusted": { trustedAccounts: [OTHER] } } },
        ],
        fail: [
            { title: "a vendor principal nobody trusted (with an ExternalId: self-consistent, still foreign)", resources: () => holding.role(happy.launchTrust()), expect: /principal arn:aws:iam::111122223333:role\/role_trusted_user \(account 111122223333\)/ },
            { title: "SourceAccount and SourceArn both naming another account (consistent, foreign)", resources: emrTrust({ StringEquals: { "aws:SourceAccount": OTHER }, ArnLike: { "aws:SourceArn": `arn:aws:emr-serverless:eu-west-1:${OTHER}:/applications/*` } }), expect: /aws:SourceAccount "999988887777"/ },
            { title: "s3:DataAccessPointAccount naming another account", resources: () => holding.bucketPolicy(doc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${BUCKET}/*`, Condition: { StringEquals: { "s3:DataAccessPointAccount": OTHER } } } as never)), config: { "foreign-accounts-trusted": { ownAccounts: [ACCOUNT] } }, expect: /s3:DataAccessPointAccount "999988887777"/ },
            { title: "a trusted principal's account is not trusted wholesale (its root)", resources: trust({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole" }), config: trusting([VENDOR_ROLE]), expect: /arn:aws:iam::111122223333:root \(account 111122223333\)/ },
            { title: "a principal pattern over every account", resources: trust({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::*:role/vendor" }, Action: "sts:AssumeRole" }), expect: /\(any account\)/ },
            { title: "the stack's account given by the ownAccounts setting when no ARN is known yet", resources: () => holding.role(happy.launchTrust()).map((r) => ({ ...r, outputs: { ...r.outputs, arn: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } })), config: { "foreign-accounts-trusted": { ownAccounts: [ACCOUNT] } }, expect: /account 111122223333/ },
        ],
    },
    // Class 5: privilege escalation.
    "no-privilege-escalation": {
        pass: [
            { title: "our launch permissions", resources: () => holding.rolePolicy(happy.launchPermissions()) },
            { title: "access keys for the caller itself (${aws:username})", resources: () => holding.rolePolicy(doc(allow("iam:CreateAccessKey", "arn:aws:iam::*:user/${aws:username}"))) },
            { title: "a role policy put on one exact role", resources: () => holding.rolePolicy(doc(allow("iam:PutRolePolicy", RUNTIME_ROLE_ARN))) },
        ],
        fail: [
            { title: "iam:PutRolePolicy on every role", resources: () => holding.rolePolicy(doc(allow("iam:PutRolePolicy", `arn:aws:iam::${ACCOUNT}:role/*`))), expect: /iam:PutRolePolicy on "arn:aws:iam::444455556666:role\/\*"/ },
            { title: "iam:Attach* on *", resources: () => holding.rolePolicy(doc(allow("iam:Attach*", "*"))), expect: /iam:AttachRolePolicy, iam:AttachUserPolicy, iam:AttachGroupPolicy/ },
            { title: "UpdateAssumeRolePolicy through NotAction", resources: () => holding.rolePolicy(doc({ Effect: "Allow", NotAction: ["s3:*"], Resource: "*" } as never)), expect: /iam:UpdateAssumeRolePolicy|iam:PutRolePolicy/ },
            { title: "login profiles for every user", resources: () => holding.rolePolicy(doc(allow(["iam:CreateLoginProfile", "iam:UpdateLoginProfile"], "arn:aws:iam::*:user/*"))), expect: /iam:CreateLoginProfile, iam:UpdateLoginProfile/ },
        ],
    },
    "runtime-role-not-catalog-writer": {
        pass: [
            { title: "the runtime role reading, not writing, one profile", resources: () => stack(resource("aws:iam/role:Role", "runtime", { name: "runtime", assumeRolePolicy: toJson(happy.runtimeTrust()) }, { outputs: { arn: RUNTIME_ROLE_ARN } }), resource("aws:iam/rolePolicy:RolePolicy", "runtime-p", { role: "runtime", policy: toJson(doc(allow("ssm:GetParameter", `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/emr-dataplane/profiles/a/b`))) })) },
            { title: "another role writing the catalog (a deployer)", resources: () => stack(resource("aws:iam/rolePolicy:RolePolicy", "deployer", { role: "deployer", policy: toJson(doc(allow("ssm:PutParameter", `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/emr-dataplane/*`))) })) },
        ],
        fail: [{ title: "the runtime role may put catalog parameters", resources: () => stack(resource("aws:iam/role:Role", "runtime", { name: "runtime", assumeRolePolicy: toJson(happy.runtimeTrust()) }, { outputs: { arn: RUNTIME_ROLE_ARN } }), resource("aws:iam/rolePolicy:RolePolicy", "runtime-p", { role: "runtime", policy: toJson(doc(allow("ssm:Put*", `arn:aws:ssm:*:${ACCOUNT}:parameter/emr-dataplane/*`))) })), expect: /runtime role runtime ssm:PutParameter/ }],
    },
    // Class 6: ingress CIDRs that together cover the internet.
    "ingress-not-internet-combined": {
        pass: [
            { title: "private ranges only, in several rules", resources: () => stack(sg("a", [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/8", "172.16.0.0/12"] }]), ingressRule("r1", "sg-a", "192.168.0.0/16")) },
            { title: "half the internet is not all of it", resources: () => stack(sg("a", [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/1"] }])) },
            { title: "the two halves on different ports (no port is open to all of it)", resources: () => stack(sg("a", [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/1"] }]), ingressRule("r1", "sg-a", "128.0.0.0/1")) },
            { title: "the two halves on the same port number of different protocols", resources: () => stack(sg("a", [{ protocol: "udp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/1"] }]), ingressRule("r1", "sg-a", "128.0.0.0/1")) },
            { title: "adjacent port ranges, each from half the internet", resources: () => stack(sg("a", [{ protocol: "tcp", fromPort: 1000, toPort: 1999, cidrBlocks: ["0.0.0.0/1"] }, { protocol: "tcp", fromPort: 2000, toPort: 2999, cidrBlocks: ["128.0.0.0/1"] }])) },
        ],
        fail: [
            { title: "0.0.0.0/1 inline and 128.0.0.0/1 in a separate rule", resources: () => stack(sg("a", [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/1"] }]), ingressRule("r1", "sg-a", "128.0.0.0/1")), expect: /together \(0.0.0.0\/1, 128.0.0.0\/1\) cover every internet address \(IPv4\)/ },
            { title: "IPv6 global unicast in two halves", resources: () => stack(sg("a", [{ protocol: "tcp", fromPort: 22, toPort: 22, ipv6CidrBlocks: ["2000::/4", "3000::/4"] }])), expect: /IPv6/ },
            { title: "overlapping port ranges meet at one port", resources: () => stack(sg("a", [{ protocol: "tcp", fromPort: 400, toPort: 450, cidrBlocks: ["0.0.0.0/1"] }]), ingressRule("r1", "sg-a", "128.0.0.0/1")), expect: /CIDRs for tcp 443 together \(0.0.0.0\/1, 128.0.0.0\/1\)/ },
            { title: "an all-traffic rule and a port rule add up at that port", resources: () => stack(sg("a", [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/1"] }]), ingressRule("r1", "sg-a", "128.0.0.0/1")), expect: /for tcp 443 together/ },
            { title: "one protocol by name and by number", resources: () => stack(sg("a", [{ protocol: "6", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/1"] }]), ingressRule("r1", "sg-a", "128.0.0.0/1")), expect: /for tcp 443 together/ },
        ],
    },
    // Class 3: ACLs wherever they live, and two sources for one bucket's ACL.
    "s3-acl-not-public": {
        pass: [{ title: "a private canned ACL on a BucketAclV2", resources: () => stack(resource("aws:s3/bucketAclV2:BucketAclV2", "acl", { bucket: BUCKET, acl: "private" })) }],
        fail: [
            { title: "public-read on the legacy bucket property", resources: () => stack(resource("aws:s3/bucket:Bucket", "b", { bucket: BUCKET, acl: "public-read" })), expect: /acl "public-read"/ },
            { title: "a grant to AllUsers in a BucketAclV2", resources: () => stack(resource("aws:s3/bucketAclV2:BucketAclV2", "acl", { bucket: BUCKET, accessControlPolicy: { grants: [{ grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" }, permission: "READ" }] } })), expect: /AllUsers/ },
            { title: "authenticated-read on an object", resources: () => stack(resource("aws:s3/bucketObjectv2:BucketObjectv2", "o", { bucket: BUCKET, key: "k", acl: "authenticated-read" })), expect: /authenticated-read/ },
        ],
    },
    "bucket-acl-one-source": {
        pass: [{ title: "one BucketAclV2", resources: () => stack(resource("aws:s3/bucket:Bucket", "b", { bucket: BUCKET }), resource("aws:s3/bucketAclV2:BucketAclV2", "acl", { bucket: BUCKET, acl: "private" })) }],
        fail: [{ title: "the legacy acl and a BucketAclV2 for one bucket", resources: () => stack(resource("aws:s3/bucket:Bucket", "b", { bucket: BUCKET, acl: "private" }), resource("aws:s3/bucketAclV2:BucketAclV2", "acl", { bucket: BUCKET, acl: "log-delivery-write" })), expect: /its ACL is set by b \(inline acl\/grants\) and acl/ }],
    },
};
