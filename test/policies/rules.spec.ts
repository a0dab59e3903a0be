/**
 * Every rule of the pack, with documents that must pass and documents that must fail, written the
 * way the shapes really appear: our components' documents (the happy path) with one change each,
 * and the anti-patterns of the source document (KMS on every key, AssumeRole on `*`, an
 * allow-all-inbound security group, a trust with no conditions, EMR Serverless actions on `*`).
 */
import { expect } from "chai";
import * as path from "path";
import { PolicyDocument, SERVICE, Statement } from "../../components/iam";
import { DATA_PLANE_PROJECT_FILE, previewStack, previewStackConfig } from "../../engine/preview/preview";
import { loadStackConfig } from "../../engine/preview/stackConfig";
import { RegisteredResource, SECRET_SIG, SECRET_SIG_KEY } from "../../engine/offline/run";
import { analyzeResources } from "../../engine/check/analyze";
import { POLICIES, PolicyConfig } from "../../policies/pack";
import { UNKNOWN_SENTINELS } from "../../policies/model/values";
import {
    BUCKET, KEY_ARN, RUNTIME_ROLE_ARN, VENDOR_ROLE, changed, doc, happy, holding, plus, raw, resource, rule, stack, violationsOf, withChange, without,
} from "../helpers/policy";
import { ACCESS_POINT_CASES } from "./accessPointCases";
import { GUARDED_LAUNCH_CASES } from "./guardedLaunchCases";
import { MORE_CASES, NEW_RULE_CASES } from "./meaningCases";
import { UNCLAIMED_SHAPE_CASES, UNCLAIMED_SHAPE_MORE_CASES } from "./unclaimedShapesCases";

const ROOT = path.resolve(__dirname, "../..");
/** `sharedManaged`: the shared example with every hardening part of its adopted bucket opted in. */
const planes: { private: RegisteredResource[]; shared: RegisteredResource[]; sharedManaged: RegisteredResource[] } = { private: [], shared: [], sharedManaged: [] };

export interface Case {
    title: string; resources: () => RegisteredResource[]; expect?: RegExp; level?: "advisory" | "mandatory";
    /** A policy-pack config the case runs with (settings such as trusted principals). */
    config?: PolicyConfig;
}

/** The source document's launch-role statement: every EMR Serverless action it needs, on `*`. */
const SOURCE_EMR_ON_STAR: Statement = {
    Sid: "EMRServerlessAccess", Effect: "Allow", Resource: "*",
    Action: ["emr-serverless:CreateApplication", "emr-serverless:UpdateApplication", "emr-serverless:StartJobRun", "emr-serverless:GetJobRun"],
};
const runtime = (change: (s: Statement) => Statement | undefined, sid: string) => () => holding.rolePolicy(changed(happy.runtimePermissions(), sid, change));
const launch = (change: (s: Statement) => Statement | undefined, sid: string) => () => holding.rolePolicy(changed(happy.launchPermissions(), sid, change));
const allow = (Action: string | string[], Resource: string | string[], Condition?: Statement["Condition"]): Statement => ({ Effect: "Allow", Action, Resource, ...(Condition ? { Condition } : {}) });
const APPLICATION_ARN = "arn:aws:emr-serverless:eu-west-1:444455556666:/applications/00fabcd1234efg09";
/** A stack owning an application (under a SparkApplication component) and a role holding `permissions`. */
const ownedApplicationWith = (permissions: PolicyDocument) => {
    const component = resource("emr-dataplane:index:SparkApplication", "spark", {}, { custom: false });
    return [...holding.rolePolicy(permissions), component,
        resource("aws:emrserverless/application:Application", "spark-application", { type: "spark", releaseLabel: "emr-7.12.0" }, { parent: component.urn, outputs: { arn: APPLICATION_ARN } })];
};

const CASES: Record<string, { pass: Case[]; fail: Case[] }> = {
    "iam-document-valid": {
        pass: [
            { title: "our launch permissions", resources: () => holding.rolePolicy(happy.launchPermissions()) },
            { title: "a document given as an object, Statement as one object, Action as a string", resources: () => holding.role(raw({ Version: "2012-10-17", Statement: { Effect: "Allow", Principal: { Service: SERVICE.emrServerless }, Action: "sts:AssumeRole" } })) },
        ],
        fail: [
            { title: "text that is not JSON", resources: () => holding.rolePolicy("{\"Version\": \"2012-10-17\", \"Statement\": [}"), expect: /not valid JSON/ },
            { title: "JSON with trailing commas (as the source document has)", resources: () => holding.rolePolicy("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"},]}"), expect: /not valid JSON/ },
            { title: "a Principal in an identity policy", resources: () => holding.rolePolicy(doc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${BUCKET}/*` })), expect: /must not name a Principal/ },
            { title: "a trust statement without a Principal", resources: () => holding.role(doc({ Effect: "Allow", Action: "sts:AssumeRole" })), expect: /needs a Principal/ },
            { title: "Effect spelt \"allow\"", resources: () => holding.rolePolicy(doc({ Effect: "allow" as never, Action: "s3:GetObject", Resource: "*" })), expect: /Effect must be "Allow" or "Deny"/ },
        ],
    },
    "iam-document-checkable": {
        pass: [{ title: "a readable document", resources: () => holding.rolePolicy(happy.launchPermissions()) }],
        fail: [
            { title: "a policy not known until apply (preview of a new role)", resources: () => holding.rolePolicy(UNKNOWN_SENTINELS.string), expect: /policy is not known until apply/, level: "advisory" },
            { title: "a trust policy masked as [secret]", resources: () => holding.role("[secret]"), expect: /assumeRolePolicy is a secret this file does not reveal/, level: "advisory" },
            { title: "an object document with an unknown inside", resources: () => holding.role(raw(doc({ Effect: "Allow", Principal: { AWS: UNKNOWN_SENTINELS.string }, Action: "sts:AssumeRole" }))), expect: /not known until apply/, level: "advisory" },
        ],
    },
    "iam-actions-exist": {
        pass: [
            { title: "our runtime and launch permissions", resources: () => [...holding.rolePolicy(happy.launchPermissions()), ...holding.role(happy.runtimeTrust()).slice(1)] },
            { title: "wildcards that match real actions, in any case", resources: () => holding.rolePolicy(doc(allow(["s3:get*", "EMR-Serverless:Get?obRun"], `arn:aws:s3:::${BUCKET}/*`))) },
        ],
        fail: [
            { title: "emr-serverless:StopJobRun (the action is CancelJobRun)", resources: launch((s) => ({ ...s, Action: [...(s.Action as string[]), "emr-serverless:StopJobRun"] }), "EmrServerlessJobRuns"), expect: /emr-serverless has no action "StopJobRun" \(closest: .*emr-serverless:StartJobRun/ },
            { title: "a misspelt service", resources: () => holding.rolePolicy(doc(allow("emr-serverles:StartJobRun", "*"))), expect: /service "emr-serverles" does not exist/ },
            { title: "a wildcard that matches nothing", resources: () => holding.rolePolicy(doc(allow("s3:Frobnicate*", "*"))), expect: /"s3:Frobnicate\*" matches no action of s3/ },
            { title: "a NotAction naming an action that does not exist", resources: () => holding.rolePolicy(doc({ Effect: "Deny", NotAction: "iam:PassRoles", Resource: "*" })), expect: /iam has no action "PassRoles"/ },
        ],
    },
    "iam-no-admin-grants": {
        pass: [
            { title: "our launch permissions", resources: () => holding.rolePolicy(happy.launchPermissions()) },
            { title: "the TLS-only bucket policy (a Deny of s3:* to *)", resources: () => holding.bucketPolicy(happy.bucketPolicy()) },
            { title: "the AWS default key policy (kms:* to the account root)", resources: () => holding.key(happy.keyPolicy()) },
            { title: "s3:*Object on the bucket (a pattern that is not the whole service)", resources: () => holding.rolePolicy(doc(allow("s3:*Object", `arn:aws:s3:::${BUCKET}/*`))) },
        ],
        fail: [
            { title: "Action * on *", resources: () => holding.rolePolicy(doc(allow("*", "*"))), expect: /"\*" grants every action of every service/ },
            { title: "*:* on *", resources: () => holding.policy(doc(allow("*:*", "*"))), expect: /every action of every service/ },
            { title: "s3:* on the bucket", resources: () => holding.rolePolicy(doc(allow("s3:*", [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`]))), expect: /"s3:\*" grants every action of s3/ },
            { title: "iam:* in a role's inline policy", resources: () => holding.role(happy.runtimeTrust(), { inlinePolicies: [{ name: "x", policy: JSON.stringify(doc(allow("iam:*", "*"))) }] }), expect: /inlinePolicies\[0\]\.policy: .*every action of iam/ },
            { title: "an Allow with NotAction", resources: () => holding.rolePolicy(doc({ Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" })), expect: /NotAction .* grants every action of every service except those/ },
            { title: "a key policy giving kms:* to a role, not the account root", resources: () => holding.key(doc({ Effect: "Allow", Principal: { AWS: VENDOR_ROLE }, Action: "kms:*", Resource: "*" })), expect: /every action of kms/ },
            { title: "AdministratorAccess in managedPolicyArns", resources: () => holding.role(happy.runtimeTrust(), { managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] }), expect: /AWS managed policy AdministratorAccess/ },
            { title: "a RolePolicyAttachment of PowerUserAccess", resources: () => stack(resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "attach", { role: "r", policyArn: "arn:aws:iam::aws:policy/PowerUserAccess" })), expect: /PowerUserAccess/ },
        ],
    },
    "iam-passrole-scoped": {
        pass: [
            { title: "our launch permissions (runtime role, PassedToService)", resources: () => holding.rolePolicy(happy.launchPermissions()) },
            { title: "the source document's StringLike on PassedToService", resources: launch((s) => ({ ...s, Condition: { StringLike: { "iam:PassedToService": SERVICE.emrServerless } } }), "PassRuntimeRoleToEmrServerless") },
        ],
        fail: [
            { title: "PassRole on *", resources: launch((s) => ({ ...s, Resource: "*" }), "PassRuntimeRoleToEmrServerless"), expect: /iam:PassRole on "\*" lets the holder pass any role/ },
            { title: "iam:Pass* on every role of the account", resources: () => holding.rolePolicy(doc(allow("iam:Pass*", "arn:aws:iam::444455556666:role/*", { StringEquals: { "iam:PassedToService": SERVICE.emrServerless } }))), expect: /role\/\*" lets the holder pass any role/ },
            { title: "PassRole without PassedToService", resources: launch((s) => ({ ...s, Condition: undefined }), "PassRuntimeRoleToEmrServerless"), expect: /without a Condition on iam:PassedToService/ },
            { title: "PassedToService only IfExists", resources: launch((s) => ({ ...s, Condition: { StringEqualsIfExists: { "iam:PassedToService": SERVICE.emrServerless } } }), "PassRuntimeRoleToEmrServerless"), expect: /without a Condition on iam:PassedToService/ },
            { title: "PassedToService *", resources: launch((s) => ({ ...s, Condition: { StringLike: { "iam:PassedToService": "*" } } }), "PassRuntimeRoleToEmrServerless"), expect: /admits any service/ },
            { title: "iam:* on * (PassRole through a wildcard)", resources: () => holding.rolePolicy(doc(allow("iam:*", "*"))), expect: /iam:PassRole on "\*"/ },
        ],
    },
    "s3-grants-scoped": {
        pass: [
            { title: "our runtime permissions (ListAllMyBuckets on *, the rest on named buckets)", resources: () => holding.rolePolicy(happy.runtimePermissions()) },
            { title: "a public data set by name", resources: () => holding.rolePolicy(doc(allow("s3:GetObject", "arn:aws:s3:::trifacta-public-datasets/*"))) },
        ],
        fail: [
            { title: "s3:Get* on *", resources: () => holding.rolePolicy(doc(allow("s3:Get*", "*"))), expect: /grants s3:Get.* on "\*", which is every bucket/ },
            { title: "objects of every bucket", resources: runtime((s) => ({ ...s, Resource: "arn:aws:s3:::*/*" }), "ResourceBucketObjects"), expect: /on "arn:aws:s3:::\*\/\*", which is every bucket/ },
            { title: "ListBucket on every bucket", resources: runtime((s) => ({ ...s, Resource: "arn:aws:s3:::*" }), "ResourceBucketList"), expect: /s3:ListBucket on "arn:aws:s3:::\*"/ },
            { title: "NotResource", resources: () => holding.rolePolicy(doc({ Effect: "Allow", Action: "s3:GetObject", NotResource: `arn:aws:s3:::${BUCKET}/secret/*` })), expect: /NotResource/ },
        ],
    },
    "kms-grants-scoped": {
        pass: [
            { title: "the bucket's own key", resources: () => holding.rolePolicy(happy.runtimePermissions()) },
            { title: "kms:ListKeys on * (no resource type)", resources: () => holding.rolePolicy(doc(allow("kms:ListKeys", "*"))) },
        ],
        fail: [
            { title: "the source document's arn:aws:kms:*:*:key/*", resources: runtime((s) => ({ ...s, Action: ["kms:Decrypt", "kms:Encrypt"], Resource: "arn:aws:kms:*:*:key/*" }), "ResourceBucketKey"), expect: /kms:Decrypt, kms:Encrypt on "arn:aws:kms:\*:\*:key\/\*", which is every KMS key/ },
            { title: "every key of the account", resources: runtime((s) => ({ ...s, Resource: "arn:aws:kms:eu-west-1:444455556666:key/*" }), "ResourceBucketKey"), expect: /which is every KMS key/ },
            { title: "kms:Decrypt on *", resources: runtime((s) => ({ ...s, Resource: "*" }), "ResourceBucketKey"), expect: /on "\*", which is every KMS key/ },
        ],
    },
    "sts-assume-role-scoped": {
        pass: [
            { title: "a role-name prefix in any account", resources: () => holding.rolePolicy(happy.runtimePermissions()) },
            { title: "sts:GetCallerIdentity on * (not AssumeRole)", resources: () => holding.rolePolicy(doc(allow("sts:GetCallerIdentity", "*"))) },
        ],
        fail: [
            { title: "the source document's AssumeRole on *", resources: runtime((s) => ({ ...s, Resource: "*" }), "AssumeCustomerDataAccessRoles"), expect: /sts:AssumeRole on "\*", which is every role/ },
            { title: "every role of every account", resources: runtime((s) => ({ ...s, Resource: "arn:aws:iam::*:role/*" }), "AssumeCustomerDataAccessRoles"), expect: /"arn:aws:iam::\*:role\/\*", which is every role/ },
            { title: "sts:Assume* on *", resources: () => holding.policy(doc(allow("sts:Assume*", "*"))), expect: /sts:AssumeRole on "\*"/ },
        ],
    },
    "eni-only-via-emr-serverless": {
        pass: [{ title: "our launch permissions", resources: () => holding.rolePolicy(happy.launchPermissions()) }],
        fail: [
            { title: "no CalledViaLast", resources: launch((s) => ({ ...s, Condition: undefined }), "NetworkInterfacesViaEmrServerless"), expect: /grants ec2:CreateNetworkInterface directly/ },
            { title: "via another service", resources: launch((s) => ({ ...s, Condition: { StringEquals: { "aws:CalledViaLast": "cloudformation.amazonaws.com" } } }), "NetworkInterfacesViaEmrServerless"), expect: /via \["cloudformation.amazonaws.com"\]/ },
            { title: "ec2:Create* (a wildcard that includes it)", resources: () => holding.rolePolicy(doc(allow("ec2:Create*", "arn:aws:ec2:eu-west-1:444455556666:*"))), expect: /ec2:CreateNetworkInterface directly/ },
        ],
    },
    "resource-actions-not-on-star": {
        pass: [
            { title: "our launch permissions (CreateApplication and ListApplications on *)", resources: () => holding.rolePolicy(happy.launchPermissions()) },
            { title: "ListAllMyBuckets on *", resources: () => holding.rolePolicy(doc(allow("s3:ListAllMyBuckets", "*"))) },
        ],
        fail: [
            { title: "the source document's EMR Serverless actions on *", resources: () => holding.rolePolicy(doc(SOURCE_EMR_ON_STAR)), expect: /grants emr-serverless:UpdateApplication, emr-serverless:StartJobRun, emr-serverless:GetJobRun on "\*"/ },
            { title: "application actions widened to *", resources: launch((s) => ({ ...s, Resource: "*" }), "EmrServerlessApplications"), expect: /emr-serverless:GetApplication/ },
            { title: "StartExecution on * (the hint names the state machine ARN format)", resources: () => holding.rolePolicy(doc(allow("states:StartExecution", "*"))),
                expect: /grants states:StartExecution on "\*"; name their resources \(states:StartExecution takes arn:\$\{Partition\}:states:\$\{Region\}:\$\{Account\}:stateMachine:\$\{StateMachineName\}\)/ },
        ],
    },
    "runtime-role-trust": {
        pass: [
            { title: "our runtime role's trust", resources: () => holding.role(happy.runtimeTrust()) },
            { title: "a trust that does not admit EMR Serverless (not a runtime role)", resources: () => holding.role(happy.launchTrust()) },
        ],
        fail: [
            { title: "the source document's trust: no conditions", resources: () => holding.role(doc({ Effect: "Allow", Principal: { Service: SERVICE.emrServerless }, Action: "sts:AssumeRole" })), expect: /without an aws:SourceAccount condition/ },
            { title: "no SourceArn", resources: () => holding.role(changed(happy.runtimeTrust(), "EmrServerlessJobs", (s) => ({ ...s, Condition: { StringEquals: { "aws:SourceAccount": "444455556666" } } }))), expect: /without an aws:SourceArn condition/ },
            { title: "SourceArn of another account", resources: () => holding.role(changed(happy.runtimeTrust(), "EmrServerlessJobs", (s) => ({ ...s, Condition: { StringEquals: { "aws:SourceAccount": "444455556666" }, ArnLike: { "aws:SourceArn": "arn:aws:emr-serverless:eu-west-1:999988887777:/applications/*" } } }))), expect: /names another account than aws:SourceAccount/ },
            { title: "EMR Serverless and EC2 in one trust", resources: () => holding.role(changed(happy.runtimeTrust(), "EmrServerlessJobs", (s) => ({ ...s, Principal: { Service: [SERVICE.emrServerless, "ec2.amazonaws.com"] } }))), expect: /also trusted by Service:ec2.amazonaws.com/ },
        ],
    },
    "cross-account-trust-external-id": {
        pass: [
            { title: "our launch role's trust (ExternalId, StringEquals)", resources: () => holding.role(happy.launchTrust()) },
            { title: "the trust as the offline engine holds it: a secret, revealed to the pack as the engine would", resources: () => holding.role(raw({ [SECRET_SIG_KEY]: SECRET_SIG, value: JSON.stringify(happy.launchTrust()) })) },
        ],
        fail: [
            { title: "no ExternalId", resources: () => holding.role(changed(happy.launchTrust(), "ControlPlaneWithExternalId", (s) => ({ ...s, Condition: undefined }))), expect: /may assume the role without an ExternalId/ },
            { title: "an account id as principal, no ExternalId", resources: () => holding.role(doc({ Effect: "Allow", Principal: { AWS: "111122223333" }, Action: "sts:AssumeRole" })), expect: /arn:aws:iam::111122223333:root may assume/ },
            { title: "Principal *", resources: () => holding.role(doc({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "x" } } })), expect: /admits every AWS principal/ },
            { title: "ExternalId matched by StringLike *", resources: () => holding.role(changed(happy.launchTrust(), "ControlPlaneWithExternalId", (s) => ({ ...s, Condition: { StringLike: { "sts:ExternalId": "*" } } }))), expect: /wildcard pattern \(value not shown/ },
            { title: "a secret-wrapped bad trust (the pack sees secrets as the engine does)", resources: () => holding.role(raw({ [SECRET_SIG_KEY]: SECRET_SIG, value: JSON.stringify(doc({ Effect: "Allow", Principal: { AWS: VENDOR_ROLE }, Action: "sts:AssumeRole" })) })), expect: /without an ExternalId/ },
        ],
    },
    "runtime-role-trusted-only-by-emr-serverless": {
        pass: [
            { title: "the private example", resources: () => planes.private },
            { title: "the shared example", resources: () => planes.shared },
        ],
        fail: [
            { title: "the runtime role trusted by EC2 instead", resources: () => withChange(planes.private, "job-runtime-role", (p) => { p.assumeRolePolicy = JSON.stringify(doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" })); }), expect: /role emr-dataplane-job-runtime is .* but its trust admits Service:ec2.amazonaws.com/ },
            { title: "a role outside the component passed to EMR Serverless, trusted by an account", resources: () => stack(
                resource("aws:iam/role:Role", "other", { name: "other", assumeRolePolicy: JSON.stringify(happy.launchTrust()) }, { outputs: { arn: RUNTIME_ROLE_ARN } }),
                resource("aws:iam/rolePolicy:RolePolicy", "launch", { role: "launcher", policy: JSON.stringify(happy.launchPermissions()) })), expect: /is passed to EMR Serverless but its trust admits AWS:arn:aws:iam::111122223333/ },
        ],
    },
    "launch-passrole-is-runtime-role": {
        pass: [
            { title: "the private example (inline RolePolicy)", resources: () => planes.private },
            { title: "the shared example (a Policy attached to an existing role)", resources: () => planes.shared },
            { title: "a launcher stack without a runtime role of its own, passing the plane's by exact ARN", resources: () => holding.rolePolicy(happy.launchPermissions()) },
            { title: "a state machine's role passed to Step Functions (not to EMR Serverless)", resources: () => withChange(planes.private, "launch-permissions", (p) => { p.policy = JSON.stringify(plus(JSON.parse(p.policy), { Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::444455556666:role/launcher-state-machine", Condition: { StringEquals: { "iam:PassedToService": "states.amazonaws.com" } } })); }) },
        ],
        fail: [
            { title: "a launcher stack passing a pattern", resources: launch((s) => ({ ...s, Resource: "arn:aws:iam::444455556666:role/emr-dataplane-job-*" }), "PassRuntimeRoleToEmrServerless"), expect: /passes arn:aws:iam::444455556666:role\/emr-dataplane-job-\*, which is not one role's ARN/ },
            { title: "PassRole on another role", resources: () => withChange(planes.private, "launch-permissions", (p) => { p.policy = JSON.stringify(changed(JSON.parse(p.policy), "PassRuntimeRoleToEmrServerless", (s) => ({ ...s, Resource: "arn:aws:iam::444455556666:role/admin" }))); }), expect: /passes arn:aws:iam::444455556666:role\/admin, which is not a runtime role of this stack \(runtime roles: arn:aws:iam::444455556666:role\/emr-dataplane-job-runtime\)/ },
            { title: "PassRole on a pattern, in the shared plane's attached policy", resources: () => withChange(planes.shared, "launch-policy", (p) => { p.policy = JSON.stringify(changed(JSON.parse(p.policy), "PassRuntimeRoleToEmrServerless", (s) => ({ ...s, Resource: "arn:aws:iam::111122223333:role/emr-dataplane-*" }))); }), expect: /\(held by role_trusted_user\) passes arn:aws:iam::111122223333:role\/emr-dataplane-\*/ },
        ],
    },
    "launch-role-cannot-change-plane-application": {
        pass: [
            { title: "the private example (the launch role paired with the plane's application)", resources: () => planes.private },
            { title: "the shared example (the launch policy attached to the system role)", resources: () => planes.shared },
            { title: "launcher mode: the launch role creates tagged applications, and the stack owns none", resources: () => holding.rolePolicy(happy.launchPermissions()) },
            { title: "a plane-owned application and a deployer that may update it but starts no job run", resources: () => ownedApplicationWith(doc(allow("emr-serverless:UpdateApplication", APPLICATION_ARN))) },
        ],
        fail: [
            { title: "the private example's launch role given UpdateApplication on its application", resources: () => withChange(planes.private, "launch-permissions", (p) => { p.policy = JSON.stringify(plus(JSON.parse(p.policy), allow("emr-serverless:UpdateApplication", "arn:aws:emr-serverless:eu-west-1:444455556666:/applications/*"))); }), expect: /lets emr-dataplane-launch, which starts job runs on the plane's own application, UpdateApplication/ },
            { title: "launcher-mode permissions in a stack that owns its application", resources: () => ownedApplicationWith(happy.launchPermissions()), expect: /Sid EmrServerlessCreateApplicationsTagged\) lets some-role, which starts job runs on the plane's own application, CreateApplication/ },
            { title: "an adopted application's id with emr-serverless:* on it (no application in the stack)", resources: () => holding.rolePolicy(doc(allow("emr-serverless:*", APPLICATION_ARN))), expect: /lets some-role, which starts job runs on the plane's own application, (UpdateApplication|DeleteApplication)/ },
            { title: "the source document's statement (Create/UpdateApplication and StartJobRun on *) beside a plane-owned application", resources: () => ownedApplicationWith(doc(SOURCE_EMR_ON_STAR)), expect: /Sid EMRServerlessAccess\) lets some-role, .*CreateApplication/ },
        ],
    },
    "s3-public-access-block-complete": {
        pass: [{ title: "all four flags", resources: () => stack(resource("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "pab", { bucket: BUCKET, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true })) }],
        fail: [{ title: "restrictPublicBuckets left out", resources: () => stack(resource("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "pab", { bucket: BUCKET, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true })), expect: /leaves restrictPublicBuckets off/ }],
    },
    "resource-bucket-hardened": {
        pass: [
            { title: "the private example (created bucket)", resources: () => planes.private },
            { title: "the shared example (adopted bucket, every part kept as is: advisory only)", resources: () => planes.shared },
            { title: "the shared example with every part of the adopted bucket managed", resources: () => planes.sharedManaged },
            { title: "an adopted bucket without a TLS policy: advisory only (adopted-bucket-hardening-unverified)", resources: () => without(planes.sharedManaged, "resources-tls-policy") },
        ],
        fail: [
            { title: "no versioning", resources: () => without(planes.private, "resources-versioning"), expect: /bucket emr-dataplane-resources-\d+ has no versioning/ },
            { title: "a bucket policy without the TLS deny", resources: () => withChange(planes.private, "resources-tls-policy", (p) => { p.policy = JSON.stringify(doc({ Effect: "Deny", Principal: "*", Action: "s3:DeleteBucket", Resource: `arn:aws:s3:::${p.bucket}` })); }), expect: /TLS-only bucket policy is wrong/ },
            { title: "versioning suspended on the adopted bucket", resources: () => withChange(planes.sharedManaged, "resources-versioning", (p) => { p.versioningConfiguration = { status: "Suspended" }; }), expect: /adopted bucket vendor-emr-logs-111122223333: versioning is wrong: versioning status is "Suspended"/ },
            { title: "a bare bucket", resources: () => stack(resource("aws:s3/bucket:Bucket", "bare", { bucket: "bare-bucket" })), expect: /bucket bare-bucket has no public access block/ },
        ],
    },
    "adopted-bucket-hardening-unverified": {
        pass: [{ title: "the shared example with every part of the adopted bucket managed", resources: () => planes.sharedManaged }],
        fail: [{ title: "the adopted bucket's TLS policy left to its owner", resources: () => without(planes.sharedManaged, "resources-tls-policy"), expect: /adopted bucket vendor-emr-logs-111122223333: the stack does not manage its TLS-only bucket policy/, level: "advisory" }],
    },
    "kms-key-admin-own-account": {
        pass: [
            { title: "the private example's key (the AWS default policy)", resources: () => planes.private },
            { title: "a key policy without kms:*", resources: () => holding.key(doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:Decrypt", Resource: "*" })) },
        ],
        fail: [{ title: "kms:* to another account's root", resources: () => holding.key(plus(happy.keyPolicy(), { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" })), expect: /gives kms:\* to arn:aws:iam::111122223333:root, not the key's own account 444455556666/ }],
    },
    "no-public-ingress": {
        pass: [
            { title: "our security group (no ingress, egress anywhere)", resources: () => planes.private },
            { title: "ingress from the group itself", resources: () => stack(resource("aws:ec2/securityGroup:SecurityGroup", "sg", { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }] })) },
        ],
        fail: [
            { title: "the source document's allow-all inbound", resources: () => stack(resource("aws:ec2/securityGroup:SecurityGroup", "sg", { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] })), expect: /ingress\[0\] admits all traffic from 0.0.0.0\/0/ },
            { title: "IPv6 anywhere on 22", resources: () => stack(resource("aws:ec2/securityGroup:SecurityGroup", "sg", { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, ipv6CidrBlocks: ["::/0"] }] })), expect: /tcp 22 from ::\/0/ },
            { title: "a SecurityGroupRule of type ingress", resources: () => stack(resource("aws:ec2/securityGroupRule:SecurityGroupRule", "rule", { type: "ingress", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/8", "0.0.0.0/0"], securityGroupId: "sg-1" })), expect: /tcp 443 from 0.0.0.0\/0/ },
            { title: "a vpc.SecurityGroupIngressRule", resources: () => stack(resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "rule", { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", securityGroupId: "sg-1" })), expect: /all traffic from 0.0.0.0\/0/ },
        ],
    },
    ...ACCESS_POINT_CASES,
    ...GUARDED_LAUNCH_CASES,
    ...NEW_RULE_CASES,
    ...UNCLAIMED_SHAPE_CASES,
};

// Issue 12's further cases for existing rules ("<rule>#<topic>" keys add to <rule>).
for (const [key, more] of [...Object.entries(MORE_CASES), ...Object.entries(UNCLAIMED_SHAPE_MORE_CASES)]) {
    const name = key.split("#")[0];
    CASES[name] = { pass: [...(CASES[name]?.pass ?? []), ...more.pass], fail: [...(CASES[name]?.fail ?? []), ...more.fail] };
}

const run = (name: string, c: Case) => (c.config ? analyzeResources(c.resources(), { policies: [rule(name)], config: c.config }) : violationsOf(name, c.resources()));

describe("policy rules: each with documents that pass and documents that fail", () => {
    before(async () => {
        planes.private = (await previewStack(path.join(ROOT, "Pulumi.private-example.yaml"))).resources;
        planes.shared = (await previewStack(path.join(ROOT, "Pulumi.shared-example.yaml"))).resources;
        const shared = loadStackConfig(path.join(ROOT, "Pulumi.shared-example.yaml"), DATA_PLANE_PROJECT_FILE);
        const allParts = JSON.stringify(["publicAccessBlock", "ownershipControls", "encryption", "versioning", "tlsPolicy", "lifecycle"]);
        planes.sharedManaged = (await previewStackConfig({ ...shared, config: { ...shared.config, "emr-dataplane:adoptedBucketManagedParts": allParts } })).resources;
    });

    it("covers every rule of the pack, each with a passing and a failing case", () => {
        expect(Object.keys(CASES).sort()).to.deep.equal(POLICIES.map((p) => p.name).sort());
        for (const [name, cases] of Object.entries(CASES)) {
            expect(cases.pass.length, name).to.be.greaterThan(0);
            expect(cases.fail.length, name).to.be.greaterThan(0);
        }
    });

    for (const [name, cases] of Object.entries(CASES)) {
        describe(name, () => {
            for (const c of cases.pass) {
                it(`passes: ${c.title}`, async () => {
                    const found = await run(name, c);
                    expect(found.map((v) => v.message)).to.deep.equal([]);
                });
            }
            for (const c of cases.fail) {
                it(`fails: ${c.title}`, async () => {
                    const found = await run(name, c);
                    expect(found.length, "expected a violation").to.be.greaterThan(0);
                    expect(found.every((v) => v.policyName === name)).to.equal(true);
                    if (c.expect) expect(found.map((v) => v.message).join("\n")).to.match(c.expect);
                    expect(found.map((v) => v.enforcementLevel)).to.include(c.level ?? "mandatory");
                });
            }
        });
    }

    it("each rule's level is mandatory unless it only reports what cannot be checked", () => {
        const advisory = POLICIES.filter((p) => p.enforcementLevel !== "mandatory").map((p) => p.name);
        expect(advisory).to.deep.equal(["iam-document-checkable", "adopted-bucket-hardening-unverified"]);
    });

    it("an unreadable document is reported once, by iam-document-checkable, and skipped by every other rule", async () => {
        const found = await Promise.all(POLICIES.map((p) => violationsOf(p.name, holding.rolePolicy(UNKNOWN_SENTINELS.string))));
        expect(found.flat().map((v) => v.policyName)).to.deep.equal(["iam-document-checkable"]);
    });

    it("a KMS key whose ARN is in the outputs is judged by its own account, whatever the policy's principal spelling", async () => {
        const rootById = doc({ Effect: "Allow", Principal: { AWS: "444455556666" }, Action: "kms:*", Resource: "*" });
        expect(await violationsOf("kms-key-admin-own-account", holding.key(rootById))).to.deep.equal([]);
        expect(await violationsOf("kms-key-admin-own-account", holding.key(rootById, KEY_ARN.replace("444455556666", "999988887777")))).to.have.length(1);
    });
});
