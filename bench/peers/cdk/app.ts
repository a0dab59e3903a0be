/**
 * The benchmark's peer: the private example plane (Pulumi.private-example.yaml) written as an AWS CDK
 * app, resource for resource, so that `npm run bench` can time one offline `dataplane preview` against
 * CDK synthesizing the same plane. Not part of the package: its own package.json and lockfile, installed
 * by the benchmark on first use, compiled by it, and synthesized with CDK's built-in CloudFormation
 * validation turned off (`builtinCloudFormationValidation: false`, what `cdk synth --no-validation` or
 * `CDK_VALIDATION=false` does); everything else is CDK's default synthesis.
 *
 * What the Pulumi program registers as separate resources (the bucket's ownership controls, public
 * access block, versioning, encryption and lifecycle) CloudFormation holds as properties of the one
 * bucket; the ExternalId, a random password in the Pulumi program, is a NoEcho parameter here (CDK has
 * no random resource). Everything else is one CloudFormation resource per Pulumi resource.
 *
 * Run: node app.js OUTDIR
 */
import { App, CfnOutput, CfnParameter, Duration, RemovalPolicy, Stack, Tags } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as emrs from "aws-cdk-lib/aws-emrserverless";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as s3 from "aws-cdk-lib/aws-s3";

const ACCOUNT = "444455556666";
const REGION = "eu-west-1";
const VENDOR = "arn:aws:iam::111122223333:role/role_trusted_user";

const app = new App({ outdir: process.argv[2], builtinCloudFormationValidation: false });
const stack = new Stack(app, "emr-dataplane-private-example", { env: { account: ACCOUNT, region: REGION } });
Tags.of(stack).add("emr-dataplane:customer", "acme");
Tags.of(stack).add("emr-dataplane:plane", "private");

// ---- network: a VPC, two private subnets routed through one NAT gateway, a public subnet, an S3 gateway endpoint
const vpc = new ec2.CfnVPC(stack, "network-vpc", { cidrBlock: "10.80.0.0/16", enableDnsHostnames: true, enableDnsSupport: true, tags: [{ key: "Name", value: "network-vpc" }] });
const igw = new ec2.CfnInternetGateway(stack, "network-igw", { tags: [{ key: "Name", value: "network-igw" }] });
new ec2.CfnVPCGatewayAttachment(stack, "network-igw-attachment", { vpcId: vpc.ref, internetGatewayId: igw.ref });
const subnet = (name: string, az: string, cidrBlock: string) => {
    const s = new ec2.CfnSubnet(stack, `${name}-subnet`, { vpcId: vpc.ref, availabilityZone: az, cidrBlock, mapPublicIpOnLaunch: false, tags: [{ key: "Name", value: name }] });
    const table = new ec2.CfnRouteTable(stack, `${name}-table`, { vpcId: vpc.ref, tags: [{ key: "Name", value: name }] });
    new ec2.CfnSubnetRouteTableAssociation(stack, `${name}-association`, { subnetId: s.ref, routeTableId: table.ref });
    return { subnet: s, table };
};
const publicSubnet = subnet("network-public-1", `${REGION}a`, "10.80.128.0/20");
const privateSubnets = [subnet("network-private-1", `${REGION}a`, "10.80.0.0/20"), subnet("network-private-2", `${REGION}b`, "10.80.16.0/20")];
new ec2.CfnRoute(stack, "network-public-1-internet", { routeTableId: publicSubnet.table.ref, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.ref });
const eip = new ec2.CfnEIP(stack, "network-nat-eip", { domain: "vpc", tags: [{ key: "Name", value: "network-nat" }] });
const nat = new ec2.CfnNatGateway(stack, "network-nat", { allocationId: eip.attrAllocationId, subnetId: publicSubnet.subnet.ref, tags: [{ key: "Name", value: "network-nat" }] });
privateSubnets.forEach((p, i) => new ec2.CfnRoute(stack, `network-private-${i + 1}-nat`, { routeTableId: p.table.ref, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.ref }));
const sg = new ec2.CfnSecurityGroup(stack, "network-sg", {
    vpcId: vpc.ref,
    groupDescription: "EMR Serverless applications (emr-serverless-dataplane)",
    securityGroupEgress: [{ ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIp: "0.0.0.0/0", description: "HTTPS outbound (S3 and AWS APIs)" }],
    tags: [{ key: "Name", value: "network-sg" }],
});
new ec2.CfnVPCEndpoint(stack, "network-s3", { vpcId: vpc.ref, serviceName: `com.amazonaws.${REGION}.s3`, vpcEndpointType: "Gateway", routeTableIds: privateSubnets.map((p) => p.table.ref) });

// ---- the resource bucket and its key
const key = new kms.Key(stack, "resources-key", {
    description: "Default encryption of the EMR Serverless resource bucket",
    enableKeyRotation: true,
    pendingWindow: Duration.days(30),
    removalPolicy: RemovalPolicy.RETAIN,
    policy: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ sid: "AccountAdministersKeyThroughIam", principals: [new iam.AccountRootPrincipal()], actions: ["kms:*"], resources: ["*"] })] }),
});
const bucket = new s3.Bucket(stack, "resources-bucket", {
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    versioned: true,
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    enforceSSL: true,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [
        { id: "expire-logs", prefix: "logs/", expiration: Duration.days(30) },
        { id: "abort-incomplete-multipart-uploads", abortIncompleteMultipartUploadAfter: Duration.days(7) },
        { id: "expire-noncurrent-versions", noncurrentVersionExpiration: Duration.days(30) },
    ],
});

// ---- the plane's EMR Serverless application
const application = new emrs.CfnApplication(stack, "spark-application", {
    name: "emr-dataplane-spark",
    type: "spark",
    releaseLabel: "emr-7.12.0",
    architecture: "ARM64",
    autoStartConfiguration: { enabled: true },
    autoStopConfiguration: { enabled: true, idleTimeoutMinutes: 15 },
    maximumCapacity: { cpu: "16 vCPU", memory: "64 GB", disk: "200 GB" },
    monitoringConfiguration: { s3MonitoringConfiguration: { logUri: bucket.s3UrlForObject("logs/"), encryptionKeyArn: key.keyArn } },
    networkConfiguration: { securityGroupIds: [sg.attrGroupId], subnetIds: privateSubnets.map((p) => p.subnet.ref) },
});
const applicationArn = `arn:aws:emr-serverless:${REGION}:${ACCOUNT}:/applications/${application.attrApplicationId}`;

// ---- the job runtime role and its permissions
const bucketData = (sid: string) => [
    new iam.PolicyStatement({ sid: `${sid}Objects`, actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"], resources: [bucket.arnForObjects("logs/*"), bucket.arnForObjects("staging/*")] }),
    new iam.PolicyStatement({ sid: `${sid}List`, actions: ["s3:ListBucket"], resources: [bucket.bucketArn], conditions: { StringLike: { "s3:prefix": ["logs/*", "staging/*"] } } }),
    new iam.PolicyStatement({ sid: `${sid}Key`, actions: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], resources: [key.keyArn] }),
];
const runtime = new iam.Role(stack, "job-runtime-role", {
    roleName: "emr-dataplane-job-runtime",
    description: "EMR Serverless job runtime role (emr-serverless-dataplane)",
    maxSessionDuration: Duration.hours(1),
    assumedBy: new iam.ServicePrincipal("emr-serverless.amazonaws.com").withConditions({
        StringEquals: { "aws:SourceAccount": ACCOUNT },
        ArnLike: { "aws:SourceArn": `arn:aws:emr-serverless:${REGION}:${ACCOUNT}:/applications/*` },
    }),
});
new iam.Policy(stack, "job-runtime-permissions", {
    policyName: "emr-serverless-job-runtime",
    roles: [runtime],
    statements: [...bucketData("ResourceBucket"), new iam.PolicyStatement({ sid: "ListAllBuckets", actions: ["s3:ListAllMyBuckets"], resources: ["*"] })],
});

// ---- the launch role the control plane assumes with the customer's ExternalId
const externalId = new CfnParameter(stack, "launch-external-id", { type: "String", noEcho: true, minLength: 40, maxLength: 40 });
const launch = new iam.Role(stack, "launch-role", {
    roleName: "emr-dataplane-launch",
    description: "Launches EMR Serverless job runs on the plane's application for the control plane (emr-serverless-dataplane)",
    maxSessionDuration: Duration.hours(1),
    assumedBy: new iam.ArnPrincipal(VENDOR),
    externalIds: [externalId.valueAsString],
});
const tagged = { StringEquals: { "aws:RequestTag/managed-by": "emr-serverless-dataplane launcher" }, "ForAllValues:StringEquals": { "aws:TagKeys": ["managed-by"] } };
new iam.Policy(stack, "launch-permissions", {
    policyName: "emr-serverless-launch",
    roles: [launch],
    statements: [
        new iam.PolicyStatement({ sid: "PlaneApplication", actions: ["emr-serverless:GetApplication", "emr-serverless:ListJobRuns"], resources: [applicationArn] }),
        new iam.PolicyStatement({ sid: "StartJobRunsOnPlaneApplicationTagged", actions: ["emr-serverless:StartJobRun"], resources: [applicationArn], conditions: tagged }),
        new iam.PolicyStatement({ sid: "PlaneApplicationJobRuns", actions: ["emr-serverless:GetJobRun", "emr-serverless:CancelJobRun"], resources: [`${applicationArn}/jobruns/*`] }),
        new iam.PolicyStatement({ sid: "TagJobRunsOnStart", actions: ["emr-serverless:TagResource"], resources: [`${applicationArn}/jobruns/*`], conditions: tagged }),
        new iam.PolicyStatement({ sid: "PassRuntimeRoleToEmrServerless", actions: ["iam:PassRole"], resources: [runtime.roleArn], conditions: { StringEquals: { "iam:PassedToService": "emr-serverless.amazonaws.com" } } }),
        ...bucketData("ResourceBucket"),
    ],
});

// ---- the control-plane message, as stack outputs
new CfnOutput(stack, "applicationId", { value: application.attrApplicationId });
new CfnOutput(stack, "jobLaunchArn", { value: launch.roleArn });
new CfnOutput(stack, "jobRuntimeRoleArn", { value: runtime.roleArn });
new CfnOutput(stack, "resourceBucket", { value: bucket.bucketName });
new CfnOutput(stack, "securityGroups", { value: sg.attrGroupId });
new CfnOutput(stack, "subnetIds", { value: privateSubnets.map((p) => p.subnet.ref).join(",") });

app.synth();
