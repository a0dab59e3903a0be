/**
 * Cases for the bad shapes no rule claimed before (issue 20), registered into rules.spec.ts: each
 * new rule with shapes that must fail and their stricter neighbours that must pass, and more cases
 * for existing rules — documents in places the pack did not read (a Bucket's legacy inline policy,
 * S3 on Outposts, a Lambda permission, a multi-region access point, an Identity Center permission
 * set, aws-native types) and shapes stricter than ours that must not be flagged.
 */
import * as path from "path";
import { SERVICE, toJson } from "../../components/iam";
import { DATA_PLANE_PROJECT_FILE, previewStack, previewStackConfig } from "../../engine/preview/preview";
import { loadStackConfig } from "../../engine/preview/stackConfig";
import { RegisteredResource } from "../../engine/offline/run";
import { MASKED_SECRET } from "../../policies/model/values";
import { BUCKET, doc, happy, holding, resource, stack, withChange } from "../helpers/policy";
import type { Case } from "./rules.spec";

const ROOT = path.resolve(__dirname, "../..");
const ACCOUNT = "444455556666";
const OTHER = "999988887777";
const planes: { private: RegisteredResource[]; ipv6: RegisteredResource[] } = { private: [], ipv6: [] };
before(async () => {
    planes.private = (await previewStack(path.join(ROOT, "Pulumi.private-example.yaml"))).resources;
    const config = loadStackConfig(path.join(ROOT, "Pulumi.private-example.yaml"), DATA_PLANE_PROJECT_FILE);
    planes.ipv6 = (await previewStackConfig({ ...config, config: { ...config.config, "emr-dataplane:internetEgress": "ipv6" } })).resources;
});

type Statement = Record<string, unknown>;
const allow = (Action: string | string[], Resource: string | string[], Condition?: Record<string, Record<string, string | string[]>>) =>
    ({ Effect: "Allow" as const, Action, Resource, ...(Condition ? { Condition } : {}) });
const inRolePolicy = (...statements: Statement[]) => () => holding.rolePolicy(doc(...(statements as never[])));
const inTrust = (...statements: Statement[]) => () => holding.role(doc(...(statements as never[])));
const inBucketPolicy = (...statements: Statement[]) => () => holding.bucketPolicy(doc(...(statements as never[])));
const sg = (name: string, ingress: object[]) => resource("aws:ec2/securityGroup:SecurityGroup", name, { ingress }, { outputs: { id: `sg-${name}` } });
const https = (cidrBlocks: string[], ipv6CidrBlocks: string[] = []) => ({ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks, ipv6CidrBlocks });
const START = "emr-serverless:StartJobRun";
const TAGGED = { "aws:RequestTag/managed-by": "emr-serverless-dataplane launcher" };

/** A resource with its documents as objects (aws-native's way), alone in a stack. */
const native = (type: string, inputs: Record<string, unknown>, outputs: Record<string, unknown> = {}) => () => stack(resource(type, "native", inputs, { outputs }));

const GITHUB = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const github = (Condition?: Record<string, Record<string, string | string[]>>) => inTrust({ Effect: "Allow", Principal: { Federated: GITHUB }, Action: "sts:AssumeRoleWithWebIdentity", ...(Condition ? { Condition } : {}) });
const AUD = { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" };

const LOGGING = "logging.s3.amazonaws.com";
const logsWrite = (Condition?: Record<string, Record<string, string | string[]>>) => inBucketPolicy({
    Effect: "Allow", Principal: { Service: LOGGING }, Action: "s3:PutObject", Resource: `arn:aws:s3:::${BUCKET}/access-logs/*`, ...(Condition ? { Condition } : {}),
});

/** An EMR Serverless application with one spark-defaults property. */
const application = (properties: Record<string, string>, type = "aws:emrserverless/application:Application") => () => stack(resource(type, "app", {
    name: "jobs", releaseLabel: "emr-7.8.0", type: "spark",
    [type.startsWith("aws-native") ? "runtimeConfiguration" : "runtimeConfigurations"]: [{ classification: "spark-defaults", properties }],
}));
const launchConfiguration = (submitParameters: string) => () => stack(resource("aws:ssm/parameter:Parameter", "configuration", {
    name: "/emr-dataplane/configurations/analytics/nightly", type: "String",
    value: JSON.stringify({ kind: "emr-dataplane/launch-configuration", version: 1, job: { entryPoint: "s3://b/job.py", entryPointArguments: [], submitParameters, executionTimeoutMinutes: 60 }, secrets: {} }),
}));
const stateMachine = (parameters: Record<string, unknown>) => () => stack(resource("aws:sfn/stateMachine:StateMachine", "launcher", {
    name: "launch", roleArn: `arn:aws:iam::${ACCOUNT}:role/launch`,
    definition: JSON.stringify({ StartAt: "Run", States: { Run: { Type: "Task", Resource: "arn:aws:states:::emr-serverless:startJobRun.sync", Parameters: parameters, End: true } } }),
}));
const AKIA = ["AKIA", "IOSFODNN7", "EXAMPLE"].join("");

/** The private example (NAT egress) or the IPv6-egress plane with one route changed. */
const routeChanged = (plane: "private" | "ipv6", name: string, change: (p: Record<string, any>) => void) => () => withChange(planes[plane], name, change);

/** Rules new in issue 20, each with its whole case list. */
export const UNCLAIMED_SHAPE_CASES: Record<string, { pass: Case[]; fail: Case[] }> = {
    "tag-conditions-bind": {
        pass: [
            { title: "the launch role's tag guard: StringEquals on the request tag and ForAllValues:StringEquals on aws:TagKeys", resources: () => holding.rolePolicy(happy.launchPermissions()) },
            { title: "IfExists with a Null false companion on the same key", resources: inRolePolicy(allow(START, "*", { StringEqualsIfExists: { "aws:RequestTag/team": "data" }, Null: { "aws:RequestTag/team": "false" } })) },
            { title: "ForAllValues on aws:TagKeys beside a Null false on aws:TagKeys", resources: inRolePolicy(allow(START, "*", { "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] }, Null: { "aws:TagKeys": "false" } })) },
            { title: "a prefix pattern (team-*) binds the value to a shape", resources: inRolePolicy(allow(START, "*", { StringLike: { "aws:ResourceTag/team": "data-*" } })) },
            { title: "a Deny with IfExists denies more, not less", resources: inRolePolicy({ Effect: "Deny", Action: START, Resource: "*", Condition: { StringNotEqualsIfExists: { "aws:RequestTag/team": "data" } } }) },
        ],
        fail: [
            { title: "a request tag matched by *", resources: inRolePolicy(allow(START, "*", { StringLike: { "aws:RequestTag/managed-by": "*" } })), expect: /StringLike on aws:requesttag\/managed-by is matched by "\*", which any value matches/ },
            { title: "ForAnyValue on aws:TagKeys (extra keys admitted)", resources: inRolePolicy(allow(START, "*", { StringEquals: TAGGED, "ForAnyValue:StringEquals": { "aws:TagKeys": ["managed-by"] } })), expect: /ForAnyValue:StringEquals on aws:tagkeys admits a request carrying any other tag keys/ },
            { title: "ForAllValues on aws:TagKeys alone (a request with no tags passes)", resources: inRolePolicy(allow(START, "*", { "ForAllValues:StringEquals": { "aws:TagKeys": ["managed-by"] } })), expect: /is also true for a request with no tags at all/ },
            { title: "a single-valued operator on aws:TagKeys", resources: inRolePolicy(allow(START, "*", { StringEquals: { ...TAGGED, "aws:TagKeys": "managed-by" } })), expect: /a single-valued operator does not say how each is judged/ },
            { title: "StringEqualsIfExists on a request tag without a companion", resources: inRolePolicy(allow(START, "*", { StringEqualsIfExists: TAGGED })), expect: /is true when the request \(or resource\) has no such tag/ },
            { title: "a set operator on a single-valued tag key", resources: inRolePolicy(allow(START, "*", { "ForAllValues:StringEquals": TAGGED })), expect: /a set operator on a single-valued tag key/ },
            { title: "a wildcard ResourceTag in a trust (aws:PrincipalTag in any kind of document)", resources: inTrust({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole", Condition: { StringLike: { "aws:PrincipalTag/team": "*" }, StringEquals: { "sts:ExternalId": "x1" } } }), expect: /aws:principaltag\/team is matched by "\*"/ },
        ],
    },
    "ingress-not-public-range": {
        pass: [
            { title: "our security group", resources: () => planes.private },
            { title: "every private and shared range together (RFC 1918, CGNAT, link-local)", resources: () => stack(sg("a", [https(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16"])])) },
            { title: "an office's public /24 and an ISP-assigned IPv6 /48", resources: () => stack(sg("a", [https(["203.0.114.0/24"], ["2a01:4f8:c0c:1::/48"])])) },
            { title: "unique-local IPv6 (fd00::/8) and the documentation block 2001:db8::/32", resources: () => stack(sg("a", [https([], ["fd00::/8", "2001:db8::/32"])])) },
            { title: "large ranges on different ports do not add up", resources: () => stack(sg("a", [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["1.0.0.0/9"] }, { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["1.128.0.0/9"] }])) },
        ],
        fail: [
            { title: "half the internet (0.0.0.0/1)", resources: () => stack(sg("a", [https(["0.0.0.0/1"])])), expect: /security group sg-a: its ingress for tcp 443 admits 0\.0\.0\.0\/1: about 2\^30 public IPv4 addresses \(56\.53% of the IPv4 internet\)/ },
            { title: "one cloud provider's /8 (3.0.0.0/8)", resources: () => stack(sg("a", [https(["3.0.0.0/8"])])), expect: /admits 3\.0\.0\.0\/8: 2\^24 public IPv4 addresses/ },
            { title: "two /9s on one port, in two resources of one group", resources: () => stack(sg("a", [https(["3.0.0.0/9"])]), resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "r", { securityGroupId: "sg-a", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "3.128.0.0/9" })), expect: /3\.0\.0\.0\/9, 3\.128\.0\.0\/9: 2\^24 public IPv4/ },
            { title: "half of IPv6's internet (2000::/4)", resources: () => stack(sg("a", [https([], ["2000::/4"])])), expect: /admits 2000::\/4: about 2\^123 public IPv6 addresses \(49\.99% of the IPv6 internet\)/ },
            { title: "an aws-native security group", resources: native("aws-native:ec2:SecurityGroup", { groupDescription: "x", securityGroupIngress: [{ ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIp: "64.0.0.0/2" }] }, { groupId: "sg-native" }), expect: /security group sg-native: its ingress for tcp 443 admits 64\.0\.0\.0\/2/ },
        ],
    },
    "job-subnet-routes-egress-only": {
        pass: [
            { title: "the private example: 0.0.0.0/0 to a NAT gateway, whose own public subnet routes to the internet gateway", resources: () => planes.private },
            { title: "IPv6 egress: ::/0 to an egress-only internet gateway", resources: () => planes.ipv6 },
        ],
        fail: [
            { title: "::/0 from a job subnet to an internet gateway instead of the egress-only one", resources: routeChanged("ipv6", "network-private-1-ipv6", (p) => { delete p.egressOnlyGatewayId; p.gatewayId = "igw-0123456789abcdef0"; }), expect: /route: the job subnets send ::\/0 to an internet gateway, so hosts on the internet can connect in to the workers over IPv6/ },
            { title: "0.0.0.0/0 from a job subnet to the internet gateway instead of the NAT gateway", resources: () => {
                const igw = planes.private.find((r) => r.type === "aws:ec2/internetGateway:InternetGateway")!;
                return withChange(planes.private, "network-private-1-nat", (p) => { delete p.natGatewayId; p.gatewayId = igw.outputs.id; });
            }, expect: /route: the job subnets send 0\.0\.0\.0\/0 to an internet gateway, which makes them public subnets/ },
            { title: "an inline route of the job subnets' route table", resources: () => {
                const copy = structuredClone(planes.ipv6);
                const table = copy.find((r) => r.type === "aws:ec2/routeTable:RouteTable" && r.name === "network-private-2")!;
                for (const p of [table.inputs, table.outputs]) p.routes = [{ ipv6CidrBlock: "::/0", gatewayId: "igw-0123456789abcdef0" }];
                return copy;
            }, expect: /routes\[0\]: the job subnets send ::\/0 to an internet gateway/ },
        ],
    },
    "resource-policy-principals-bound": {
        pass: [
            { title: "the TLS-only bucket policy (a Deny)", resources: () => holding.bucketPolicy(happy.bucketPolicy()) },
            { title: "server access logging bound by SourceAccount and SourceArn", resources: logsWrite({ StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:s3:::${BUCKET}` } }) },
            { title: "a SourceArn whose region is a wildcard but whose account is ours (stricter than SourceAccount alone)", resources: () => holding.bucketPolicy(doc({
                Effect: "Allow", Principal: { Service: "delivery.logs.amazonaws.com" }, Action: "s3:PutObject", Resource: `arn:aws:s3:::${BUCKET}/AWSLogs/*`,
                Condition: { ArnLike: { "aws:SourceArn": `arn:aws:logs:*:${ACCOUNT}:*` } },
            } as never)) },
            { title: "a secret everyone in our organization may read", resources: () => stack(resource("aws:secretsmanager/secretPolicy:SecretPolicy", "org", { secretArn: "x", policy: toJson(doc({ Effect: "Allow", Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } } as never)) })) },
            { title: "a VPC endpoint policy for everyone (the endpoint's network path is the boundary)", resources: () => stack(resource("aws:ec2/vpcEndpoint:VpcEndpoint", "s3", { vpcId: "vpc-1", serviceName: "com.amazonaws.eu-west-1.s3", policy: toJson(doc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${BUCKET}/*` } as never)) })) },
            { title: "a service that only reads", resources: inBucketPolicy({ Effect: "Allow", Principal: { Service: SERVICE.emrServerless }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${BUCKET}/staging/*` }) },
        ],
        fail: [
            { title: "log delivery writing without any source condition", resources: logsWrite(), expect: /lets logging\.s3\.amazonaws\.com s3:PutObject without aws:SourceAccount or aws:SourceArn naming this account/ },
            { title: "SourceAccount matched by a pattern", resources: logsWrite({ StringLike: { "aws:SourceAccount": "*" } }), expect: /confused deputy/ },
            { title: "a SourceArn whose account is a wildcard", resources: logsWrite({ ArnLike: { "aws:SourceArn": "arn:aws:s3:::*" } }), expect: /confused deputy/ },
            { title: "a canonical user principal", resources: inBucketPolicy({ Effect: "Allow", Principal: { CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${BUCKET}/*` }), expect: /trusts CanonicalUser:79a5.*a canonical user id/ },
            { title: "the legacy inline policy of a Bucket", resources: () => stack(resource("aws:s3/bucket:Bucket", "b", { bucket: BUCKET, policy: toJson(doc({ Effect: "Allow", Principal: { Service: LOGGING }, Action: "s3:PutObject", Resource: `arn:aws:s3:::${BUCKET}/*` } as never)) })), expect: /policy: Statement\[0\]: lets logging\.s3\.amazonaws\.com s3:PutObject/ },
            { title: "a Lambda permission for S3 without sourceArn or sourceAccount", resources: () => stack(resource("aws:lambda/permission:Permission", "invoke", { action: "lambda:InvokeFunction", function: "launcher", principal: "s3.amazonaws.com" })), expect: /lets s3\.amazonaws\.com lambda:InvokeFunction without aws:SourceAccount/ },
            { title: "a Lambda permission for every principal (a public function URL)", resources: () => stack(resource("aws:lambda/permission:Permission", "public", { action: "lambda:InvokeFunctionUrl", function: "launcher", principal: "*", functionUrlAuthType: "NONE" })), expect: /\(the permission's statement\): Statement\[0\]: lets everyone \("\*"\) lambda:InvokeFunctionUrl without a condition naming this account or organization/ },
            { title: "an aws-native secret policy open to everyone", resources: native("aws-native:secretsmanager:ResourcePolicy", { secretId: "db", resourcePolicy: doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "secretsmanager:GetSecretValue", Resource: "*" } as never) }), expect: /resourcePolicy: Statement\[0\]: lets everyone/ },
            { title: "an aws-native bucket policy", resources: native("aws-native:s3:BucketPolicy", { bucket: BUCKET, policyDocument: doc({ Effect: "Allow", Principal: { Service: LOGGING }, Action: "s3:PutObject", Resource: `arn:aws:s3:::${BUCKET}/*` } as never) }), expect: /policyDocument: Statement\[0\]: lets logging\.s3\.amazonaws\.com/ },
        ],
    },
    "federated-trust-bound": {
        pass: [
            { title: "GitHub Actions with the audience and one repository's subject", resources: github({ StringEquals: AUD, StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/dataplane:ref:refs/heads/main" } }) },
            { title: "our launch role's trust (IAM principals, not federated)", resources: () => holding.role(happy.launchTrust()) },
        ],
        fail: [
            { title: "GitHub Actions without a subject (any repository of any owner)", resources: github({ StringEquals: AUD }), expect: /without a condition on token\.actions\.githubusercontent\.com:sub, so every subject/ },
            { title: "a subject of repo:* (any owner)", resources: github({ StringEquals: AUD, StringLike: { "token.actions.githubusercontent.com:sub": "repo:*" } }), expect: /sub "repo:\*" admits any subject/ },
            { title: "a subject of *", resources: github({ StringEquals: AUD, StringLike: { "token.actions.githubusercontent.com:sub": "*" } }), expect: /sub "\*" admits any subject/ },
            { title: "no audience", resources: github({ StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/dataplane:*" } }), expect: /without a condition on token\.actions\.githubusercontent\.com:aud/ },
            { title: "a SAML provider without SAML:aud", resources: inTrust({ Effect: "Allow", Principal: { Federated: `arn:aws:iam::${ACCOUNT}:saml-provider/okta` }, Action: "sts:AssumeRoleWithSAML" }), expect: /without a condition on SAML:aud/ },
            { title: "an aws-native role trusting an EKS cluster's OIDC provider with no conditions", resources: native("aws-native:iam:Role", { roleName: "pods", assumeRolePolicyDocument: doc({ Effect: "Allow", Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC` }, Action: "sts:AssumeRoleWithWebIdentity" } as never) }), expect: /assumeRolePolicyDocument: Statement\[0\]: trusts .*oidc\.eks/ },
        ],
    },
    "job-config-no-plaintext-credentials": {
        pass: [
            { title: "secrets by reference (EMR.secret@) in driver and executor environment", resources: application({
                "spark.emr-serverless.driverEnv.DB_PASSWORD": `EMR.secret@arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:db-AbCdEf`,
                "spark.executorEnv.DB_PASSWORD": `EMR.secret@arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:db-AbCdEf`,
            }) },
            { title: "keys that name a credential's provider, file or flag, not the credential", resources: application({
                "spark.hadoop.fs.s3a.aws.credentials.provider": "com.amazonaws.auth.WebIdentityTokenCredentialsProvider",
                "spark.ssl.keyStorePassword.file": "/etc/spark/ssl/password", "spark.authenticate.enableSaslEncryption": "true", "spark.executor.memory": "4g",
            }) },
            { title: "a launch configuration whose submit parameters hold no credential", resources: launchConfiguration("--conf spark.executor.cores=4 --conf spark.hadoop.fs.s3a.aws.credentials.provider=com.amazonaws.auth.DefaultAWSCredentialsProviderChain") },
            { title: "a state machine reading a secret by name (SecretId is not a credential)", resources: stateMachine({ SecretId: "db-password", ApplicationId: "00abc", ExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/job` }) },
        ],
        fail: [
            { title: "an S3A secret key in spark-defaults", resources: application({ "spark.hadoop.fs.s3a.secret.key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" }), expect: /runtimeConfigurations\[0\]\.properties\["spark\.hadoop\.fs\.s3a\.secret\.key"\] holds a secret key in plain text \(value not shown\)/ },
            { title: "a password in the executors' environment", resources: application({ "spark.executorEnv.DB_PASSWORD": "hunter2" }), expect: /spark\.executorEnv\.DB_PASSWORD"\] holds a password in plain text/ },
            { title: "an access key id, whatever its key", resources: application({ "spark.hadoop.custom.id": AKIA }), expect: /holds an AWS access key id in plain text/ },
            { title: "a secret that the file masks, under a token's key", resources: application({ "spark.executorEnv.GITHUB_TOKEN": MASKED_SECRET }), expect: /holds a token \(a secret value, hidden here\) in plain job configuration/ },
            { title: "the aws-native application's runtime configuration", resources: application({ "spark.hadoop.javax.jdo.option.ConnectionPassword": "s3cr3t" }, "aws-native:emrserverless:Application"), expect: /runtimeConfiguration\[0\]\.properties\["spark\.hadoop\.javax\.jdo\.option\.ConnectionPassword"\] holds a password/ },
            { title: "submit parameters of a launch configuration in Parameter Store", resources: launchConfiguration(`--conf spark.hadoop.fs.s3a.access.key=${AKIA} --conf spark.hadoop.fs.s3a.secret.key=wJalrXUtnFEMI`), expect: /value\.job\.submitParameters \(--conf spark\.hadoop\.fs\.s3a\.secret\.key\) holds a secret key in plain text/ },
            { title: "a state machine's StartJobRun parameters", resources: stateMachine({ JobDriver: { SparkSubmit: { EntryPoint: "s3://b/job.py", SparkSubmitParameters: "--conf spark.executorEnv.API_KEY=abc123" } }, ConfigurationOverrides: { ApplicationConfiguration: [{ Classification: "spark-defaults", Properties: { "spark.jdbc.url": "jdbc:postgresql://db:5432/x?user=app&password=pw" } }] } }), expect: /SparkSubmitParameters \(--conf spark\.executorEnv\.API_KEY\) holds an API key[\s\S]*Properties\["spark\.jdbc\.url"\] holds a connection string with a password in it/ },
        ],
    },
};

/** Existing rules, judging documents where the pack did not look, and stricter shapes it must not flag ("<rule>#<topic>" keys add to <rule>). */
export const UNCLAIMED_SHAPE_MORE_CASES: Record<string, { pass: Case[]; fail: Case[] }> = {
    "bucket-policy-delegation-scoped#places": {
        pass: [
            { title: "a delegation pinned to one access point ARN rather than the owner account", resources: inBucketPolicy({
                Effect: "Allow", Principal: { AWS: "*" }, Action: ["s3:GetObject", "s3:ListBucket"], Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
                Condition: { StringEquals: { "s3:DataAccessPointArn": `arn:aws:s3:eu-west-1:${ACCOUNT}:accesspoint/consumer` } },
            }) },
        ],
        fail: [
            { title: "an Allow to * in the legacy inline policy of a BucketV2", resources: () => stack(resource("aws:s3/bucketV2:BucketV2", "b", { bucket: BUCKET, policy: toJson(doc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${BUCKET}/*` } as never)) })), expect: /must carry \{"StringEquals": \{"s3:DataAccessPointAccount"/ },
            { title: "an S3 on Outposts bucket policy delegating to access points of any account", resources: () => stack(resource("aws:s3control/bucketPolicy:BucketPolicy", "outposts", { bucket: `arn:aws:s3-outposts:eu-west-1:${ACCOUNT}:outpost/op-01ac5d28a6a232904/bucket/data`, policy: toJson(doc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*", Condition: { StringLike: { "s3:DataAccessPointAccount": "*" } } } as never)) })), expect: /must be matched with StringEquals only/ },
            { title: "a delegation pinned to access points of any account", resources: inBucketPolicy({ Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${BUCKET}/*`, Condition: { ArnLike: { "s3:DataAccessPointArn": "arn:aws:s3:eu-west-1:*:accesspoint/*" } } }), expect: /must carry \{"StringEquals": \{"s3:DataAccessPointAccount"/ },
        ],
    },
    "runtime-role-trust#region wildcard": {
        pass: [{ title: "a SourceArn whose region is a wildcard but whose account is ours", resources: inTrust({ Effect: "Allow", Principal: { Service: SERVICE.emrServerless }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:emr-serverless:*:${ACCOUNT}:/applications/*` } } }) }],
        fail: [{ title: "a SourceArn whose account is a wildcard", resources: inTrust({ Effect: "Allow", Principal: { Service: SERVICE.emrServerless }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": "arn:aws:emr-serverless:*:*:/applications/*" } } }), expect: /admits every account/ }],
    },
    "foreign-accounts-trusted#places": {
        pass: [{ title: "a SourceArn with a region wildcard in the stack's own account", resources: inTrust({ Effect: "Allow", Principal: { Service: SERVICE.emrServerless }, Action: "sts:AssumeRole", Condition: { ArnLike: { "aws:SourceArn": `arn:aws:emr-serverless:*:${ACCOUNT}:/applications/*` } } }) }],
        fail: [
            { title: "a Lambda permission for another account", resources: () => stack(resource("aws:lambda/permission:Permission", "cross", { action: "lambda:InvokeFunction", function: "launcher", principal: OTHER }),
                resource("aws:iam/role:Role", "r", { name: "r", assumeRolePolicy: toJson(happy.runtimeTrust()) }, { outputs: { arn: `arn:aws:iam::${ACCOUNT}:role/r` } })), expect: /names principal arn:aws:iam::999988887777:root \(account 999988887777\)/ },
        ],
    },
    "access-point-policy-named-roles#places": {
        pass: [],
        fail: [
            { title: "a multi-region access point policy admitting everyone", resources: () => stack(resource("aws:s3control/multiRegionAccessPointPolicy:MultiRegionAccessPointPolicy", "mrap", { details: { name: "data", policy: toJson(doc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" } as never)) } })), expect: /details\.policy: Statement\[0\]: admits "\*" \(everyone\)/ },
            { title: "an aws-native S3 on Outposts access point admitting an account", resources: native("aws-native:s3outposts:AccessPoint", { bucket: "b", name: "ap", policy: doc({ Effect: "Allow", Principal: { AWS: OTHER }, Action: "s3-outposts:GetObject", Resource: "*" } as never) }), expect: /policy: Statement\[0\]: admits arn:aws:iam::999988887777:root \(a whole account\)/ },
        ],
    },
    "iam-no-admin-grants#places": {
        pass: [],
        fail: [
            { title: "an Identity Center permission set's inline policy granting *", resources: () => stack(resource("aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy", "ps", { instanceArn: "arn:aws:sso:::instance/ssoins-1", permissionSetArn: "arn:aws:sso:::permissionSet/ssoins-1/ps-1", inlinePolicy: toJson(doc(allow("*", "*") as never)) })), expect: /inlinePolicy: / },
            { title: "an aws-native role's inline policy granting *", resources: native("aws-native:iam:Role", { roleName: "admin", assumeRolePolicyDocument: happy.runtimeTrust(), policies: [{ policyName: "all", policyDocument: doc(allow("*", "*") as never) }] }), expect: /policies\[0\]\.policyDocument: / },
            { title: "an aws-native managed policy granting s3:*", resources: native("aws-native:iam:ManagedPolicy", { policyDocument: doc(allow("s3:*", "*") as never), roles: ["jobs"] }), expect: /policyDocument: / },
        ],
    },
    "launcher-start-job-run-one-application#jobs": {
        pass: [{
            title: "one statement naming the launcher's application and its job runs together", resources: () => {
                const app = `arn:aws:emr-serverless:eu-west-1:${ACCOUNT}:/applications/00fabc123def`;
                return stack(
                    resource("aws:iam/role:Role", "launcher", { name: "launcher", assumeRolePolicy: toJson(doc({ Effect: "Allow", Principal: { Service: "states.amazonaws.com" }, Action: "sts:AssumeRole",
                        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:states:eu-west-1:${ACCOUNT}:stateMachine:launch` } } } as never)) }),
                    resource("aws:iam/rolePolicy:RolePolicy", "launcher-permissions", { role: "launcher", policy: toJson(doc(allow([START, "emr-serverless:GetJobRun", "emr-serverless:CancelJobRun"], [app, `${app}/jobruns/*`]) as never)) }));
            },
        }],
        fail: [],
    },
    "no-public-ingress#places": {
        pass: [],
        fail: [
            { title: "an aws-native security group open to the world", resources: native("aws-native:ec2:SecurityGroup", { groupDescription: "x", securityGroupIngress: [{ ipProtocol: "-1", cidrIp: "0.0.0.0/0" }] }), expect: /securityGroupIngress\[0\] admits all traffic from 0\.0\.0\.0\/0/ },
            { title: "an aws-native ingress rule open over IPv6", resources: native("aws-native:ec2:SecurityGroupIngress", { groupId: "sg-1", ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv6: "::/0" }), expect: /ingress rule admits tcp 22 from ::\/0/ },
        ],
    },
};
