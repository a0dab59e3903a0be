/**
 * Cases for the access point rules (policies/rules/accessPoints.ts), registered into rules.spec.ts's
 * coverage test: the documents `components/iam/accessPoints.ts` generates for the owner (access
 * point, bucket and key policies) and the consumer (the grant), each held by the resource type
 * the components register it in, and one change per failing case. The same shapes as the
 * components and example stacks register them are checked in accessPoints.spec.ts.
 */
import {
    PolicyDocument, Statement, accessPointGrantPolicy, arn, accessPointPolicy, dataSourceKeyPolicy,
    delegateToAccessPointsBucketPolicy, toJson,
} from "../../components/iam";
import { changed, doc, happy, holding, plus, resource, stack } from "../helpers/policy";
import type { Case } from "./rules.spec";

export const OWNER = "999988887777";
export const CONSUMER = "444455556666";
const REGION = "eu-west-1";
export const DATA_BUCKET = "acme-sales-data";
export const AP = arn.accessPoint("aws", REGION, OWNER, "acme-sales-emr");
export const OTHER_AP = arn.accessPoint("aws", REGION, OWNER, "acme-hr-emr");
export const DATA_KEY = `arn:aws:kms:${REGION}:${OWNER}:key/65401062-13ec-49d4-ae89-525c8eaac179`;
export const OTHER_KEY = `arn:aws:kms:${REGION}:${OWNER}:key/11111111-2222-3333-4444-555555555555`;
export const CONSUMER_ROLE = `arn:aws:iam::${CONSUMER}:role/emr-dataplane-job-runtime`;
const PREFIXES = { inputPrefix: "input/", outputPrefix: "output/" };

/** What the data-source components generate: the happy path each failing case changes one thing of. */
export const dataSource = {
    accessPointPolicy: (consumerRoleArns = [CONSUMER_ROLE]) => accessPointPolicy({ accessPointArn: AP, consumerRoleArns, ...PREFIXES }),
    bucketPolicy: () => delegateToAccessPointsBucketPolicy({ partition: "aws", bucketName: DATA_BUCKET, ownerAccountId: OWNER }),
    keyPolicy: () => dataSourceKeyPolicy({ partition: "aws", region: REGION, ownerAccountId: OWNER, consumerRoleArns: [CONSUMER_ROLE] }),
    grant: () => accessPointGrantPolicy({ accessPointArn: AP, kmsKeyArn: DATA_KEY, ...PREFIXES }),
};

/** The resources that hold them (documents as JSON text, as @pulumi/aws sends them). */
export const held = {
    accessPoint: (d: PolicyDocument) => stack(resource("aws:s3/accessPoint:AccessPoint", "access-point", { bucket: DATA_BUCKET, name: "acme-sales-emr", policy: toJson(d) }, { outputs: { arn: AP } })),
    accessPointPolicy: (d: PolicyDocument) => stack(resource("aws:s3control/accessPointPolicy:AccessPointPolicy", "access-point-policy", { accessPointArn: AP, policy: toJson(d) })),
    bucketPolicy: (d: PolicyDocument) => stack(resource("aws:s3/bucketPolicy:BucketPolicy", "data-policy", { bucket: DATA_BUCKET, policy: toJson(d) })),
    key: (d: PolicyDocument) => holding.key(d, DATA_KEY),
    keyPolicy: (d: PolicyDocument) => stack(resource("aws:kms/keyPolicy:KeyPolicy", "key-policy", { keyId: DATA_KEY, policy: toJson(d) })),
    grant: (d: PolicyDocument) => holding.rolePolicy(d),
};

const AP_READ = "ConsumerReadInputPrefix";
const DELEGATE = "DelegateAccessControlToOwnAccessPoints";
const CONSUMER_KEY = "ConsumerRolesUseKeyThroughS3";
const apWith = (change: (s: Statement) => Statement) => () => held.accessPoint(changed(dataSource.accessPointPolicy(), AP_READ, change));
const delegationWith = (change: (s: Statement) => Statement) => () => held.bucketPolicy(changed(dataSource.bucketPolicy(), DELEGATE, change));
const keyWith = (change: (s: Statement) => Statement) => () => held.key(changed(dataSource.keyPolicy(), CONSUMER_KEY, change));
const grantWith = (sid: string, change: (s: Statement) => Statement) => () => held.grant(changed(dataSource.grant(), sid, change));
const withAccount = (account: unknown) => (s: Statement): Statement => ({ ...s, Condition: { StringEquals: { "s3:DataAccessPointAccount": account as string } } });

export const ACCESS_POINT_CASES: Record<string, { pass: Case[]; fail: Case[] }> = {
    "access-point-policy-named-roles": {
        pass: [
            { title: "our access point policy (one consumer role)", resources: () => held.accessPoint(dataSource.accessPointPolicy()) },
            { title: "two consumer roles, one with a path, in an s3control.AccessPointPolicy", resources: () => held.accessPointPolicy(dataSource.accessPointPolicy([CONSUMER_ROLE, "arn:aws:iam::111122223333:role/jobs/emr-runtime"])) },
            { title: "a Deny to * (not a grant)", resources: () => held.accessPoint(plus(dataSource.accessPointPolicy(), { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: `${AP}/object/*`, Condition: { Bool: { "aws:SecureTransport": "false" } } })) },
        ],
        fail: [
            { title: "Principal \"*\"", resources: apWith((s) => ({ ...s, Principal: "*" })), expect: /Statement\[0\] \(Sid ConsumerReadInputPrefix\): admits "\*" \(everyone\); an access point policy must name the consumer roles by ARN/ },
            { title: "{AWS: \"*\"}", resources: apWith((s) => ({ ...s, Principal: { AWS: "*" } })), expect: /admits "\*" \(everyone\)/ },
            { title: "the consumer account's root", resources: apWith((s) => ({ ...s, Principal: { AWS: `arn:aws:iam::${CONSUMER}:root` } })), expect: /admits arn:aws:iam::444455556666:root \(a whole account\)/ },
            { title: "the consumer account by id", resources: apWith((s) => ({ ...s, Principal: { AWS: CONSUMER } })), expect: /admits arn:aws:iam::444455556666:root \(a whole account\)/ },
            { title: "a role pattern", resources: apWith((s) => ({ ...s, Principal: { AWS: `arn:aws:iam::${CONSUMER}:role/emr-*` } })), expect: /role\/emr-\* \(a pattern\)/ },
            { title: "a user", resources: apWith((s) => ({ ...s, Principal: { AWS: `arn:aws:iam::${CONSUMER}:user/analyst` } })), expect: /user\/analyst \(not a role\)/ },
            { title: "a service", resources: apWith((s) => ({ ...s, Principal: { Service: "s3.amazonaws.com" } })), expect: /admits Service s3.amazonaws.com/ },
            { title: "NotPrincipal", resources: apWith(({ Principal: _p, ...s }) => ({ ...s, NotPrincipal: { AWS: CONSUMER_ROLE } })), expect: /NotPrincipal admits everyone it does not list/ },
            { title: "\"*\" in an s3control.AccessPointPolicy", resources: () => held.accessPointPolicy(changed(dataSource.accessPointPolicy(), AP_READ, (s) => ({ ...s, Principal: "*" }))), expect: /admits "\*"/ },
        ],
    },
    "bucket-policy-delegation-scoped": {
        pass: [
            { title: "our delegation to the owner's access points (with the TLS-only Deny to *)", resources: () => held.bucketPolicy(dataSource.bucketPolicy()) },
            { title: "the resource bucket's TLS-only policy (a Deny to *, no Allow)", resources: () => holding.bucketPolicy(happy.bucketPolicy()) },
            { title: "object data actions access points can grant, by pattern, on a prefix", resources: delegationWith((s) => ({ ...s, Action: ["s3:GetObjectVersion", "s3:*ObjectTagging", "s3:ListBucketVersions"], Resource: [`arn:aws:s3:::${DATA_BUCKET}/shared/*`] })) },
            { title: "an Allow to a named role (not to everyone: not the delegation)", resources: () => held.bucketPolicy(plus(dataSource.bucketPolicy(), { Effect: "Allow", Principal: { AWS: CONSUMER_ROLE }, Action: "s3:GetBucketLocation", Resource: `arn:aws:s3:::${DATA_BUCKET}` })) },
        ],
        fail: [
            { title: "no account condition", resources: delegationWith(({ Condition: _c, ...s }) => s), expect: /Statement\[1\] \(Sid DelegateAccessControlToOwnAccessPoints\): an Allow to "\*" must carry \{"StringEquals": \{"s3:DataAccessPointAccount"/ },
            { title: "a wildcard account", resources: delegationWith(withAccount("*")), expect: /s3:DataAccessPointAccount must be one literal 12-digit account \(the bucket owner's\), got "\*"/ },
            { title: "several accounts", resources: delegationWith(withAccount([OWNER, CONSUMER])), expect: /one literal 12-digit account .*got \["999988887777","444455556666"\]/ },
            { title: "the account also matched with StringLike *", resources: delegationWith((s) => ({ ...s, Condition: { StringEquals: { "s3:DataAccessPointAccount": OWNER }, StringLike: { "s3:DataAccessPointAccount": "*" } } })), expect: /matched with StringEquals only, not StringLike/ },
            { title: "the account matched with StringEqualsIfExists", resources: delegationWith((s) => ({ ...s, Condition: { StringEqualsIfExists: { "s3:DataAccessPointAccount": OWNER } } })), expect: /must carry .*StringEquals[\s\S]*not StringEqualsIfExists/ },
            { title: "s3:* delegated", resources: delegationWith((s) => ({ ...s, Action: "s3:*" })), expect: /Action "s3:\*" delegates every action of s3, not data an access point can grant/ },
            { title: "bucket administration delegated", resources: delegationWith((s) => ({ ...s, Action: ["s3:GetObject", "s3:PutBucketPolicy"] })), expect: /Action "s3:PutBucketPolicy" delegates s3:PutBucketPolicy, not data/ },
            { title: "object ACLs delegated (permissions management)", resources: delegationWith((s) => ({ ...s, Action: [...(s.Action as string[]), "s3:PutObjectAcl"] })), expect: /delegates s3:PutObjectAcl, not data/ },
            { title: "NotAction", resources: delegationWith(({ Action: _a, ...s }) => ({ ...s, NotAction: "s3:DeleteBucket" })), expect: /NotAction \["s3:DeleteBucket"\] delegates every action not listed/ },
            { title: "another bucket's objects", resources: delegationWith((s) => ({ ...s, Resource: [`arn:aws:s3:::${DATA_BUCKET}`, "arn:aws:s3:::other/*"] })), expect: /Resource "arn:aws:s3:::other\/\*" is not bucket acme-sales-data or its objects/ },
            { title: "every bucket", resources: delegationWith((s) => ({ ...s, Resource: "*" })), expect: /Resource "\*" is not bucket acme-sales-data/ },
            { title: "a second Allow to * without any condition", resources: () => held.bucketPolicy(plus(dataSource.bucketPolicy(), { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${DATA_BUCKET}/*` })), expect: /Statement\[2\]: an Allow to "\*" must carry/ },
            { title: "a principal pattern instead of \"*\"", resources: delegationWith((s) => ({ ...s, Principal: { AWS: "arn:aws:iam::*:root" } })), expect: /principal arn:aws:iam::\*:root is a pattern/ },
        ],
    },
    "kms-key-policy-not-public": {
        pass: [
            { title: "our data-source key policy (owner root, consumer role via S3)", resources: () => held.key(dataSource.keyPolicy()) },
            { title: "the AWS default key policy in a kms.KeyPolicy", resources: () => held.keyPolicy(happy.keyPolicy()) },
            { title: "a Deny to *", resources: () => held.key(plus(dataSource.keyPolicy(), { Effect: "Deny", Principal: "*", Action: "kms:ScheduleKeyDeletion", Resource: "*" })) },
        ],
        fail: [
            { title: "Principal \"*\"", resources: keyWith((s) => ({ ...s, Principal: "*" })), expect: /Statement\[1\] \(Sid ConsumerRolesUseKeyThroughS3\): admits "\*" \(everyone\); a key policy must name its principals/ },
            { title: "{AWS: \"*\"} even with its kms:ViaService and kms:CallerAccount conditions", resources: keyWith((s) => ({ ...s, Principal: { AWS: "*" } })), expect: /admits "\*" \(everyone\)/ },
            { title: "NotPrincipal", resources: keyWith(({ Principal: _p, ...s }) => ({ ...s, NotPrincipal: { AWS: CONSUMER_ROLE } })), expect: /admits NotPrincipal \(everyone it does not list\)/ },
            { title: "\"*\" in a kms.KeyPolicy", resources: () => held.keyPolicy(changed(dataSource.keyPolicy(), CONSUMER_KEY, (s) => ({ ...s, Principal: "*" }))), expect: /admits "\*"/ },
        ],
    },
    "access-point-grant-one-source": {
        pass: [
            { title: "our consumer grant (one access point, its bucket's key)", resources: () => held.grant(dataSource.grant()) },
            { title: "an identity policy with no access point (the runtime role's permissions)", resources: () => holding.rolePolicy(happy.runtimePermissions()) },
            { title: "ListAllMyBuckets on * beside the grant (left to s3-grants-scoped)", resources: () => held.grant(plus(dataSource.grant(), { Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" })) },
        ],
        fail: [
            { title: "a second access point", resources: grantWith("DataSourceReadInputPrefix", (s) => ({ ...s, Resource: [...(s.Resource as string[]), `${OTHER_AP}/object/input/*`] })), expect: /grants S3 through 2 access points \(.*acme-sales-emr, .*acme-hr-emr\); a data source's grant names one access point/ },
            { title: "a second key", resources: grantWith("DataSourceKeyThroughS3", (s) => ({ ...s, Resource: [DATA_KEY, OTHER_KEY] })), expect: /grants KMS on 2 keys .*; a data source's grant names its bucket's one key/ },
            { title: "a key of another account", resources: grantWith("DataSourceKeyThroughS3", (s) => ({ ...s, Resource: DATA_KEY.replace(OWNER, CONSUMER) })), expect: /key\/65401062-.*, which is not in the access point's account and region \(999988887777, eu-west-1\)/ },
            { title: "the bucket itself besides the access point", resources: grantWith("DataSourceReadInputPrefix", (s) => ({ ...s, Resource: [...(s.Resource as string[]), `arn:aws:s3:::${DATA_BUCKET}/input/*`] })), expect: /grants S3 on arn:aws:s3:::acme-sales-data\/input\/\* besides access point/ },
            { title: "two data sources in one policy", resources: () => held.grant(doc(...dataSource.grant().Statement, ...accessPointGrantPolicy({ accessPointArn: OTHER_AP, kmsKeyArn: OTHER_KEY, ...PREFIXES }).Statement.map((s) => ({ ...s, Sid: `Hr${s.Sid}` })))), expect: /2 access points[\s\S]*2 keys/ },
        ],
    },
};
