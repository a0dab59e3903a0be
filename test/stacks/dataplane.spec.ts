import { expect } from "chai";
import * as path from "path";
import { DATA_PLANE_PROJECT_FILE, StackPreview, previewStack, previewStackConfig } from "../../engine/preview/preview";
import { RegisteredResource, isSecretValue, registeredBeforeFailure, revealOrMask } from "../../engine/offline/run";
import { loadStackConfig } from "../../engine/preview/stackConfig";
import { MESSAGE_KEYS, messageProblems } from "../../message";
import { asList, childrenOf, documentOf, input, one, ofType, statement } from "../helpers/offline";

const ROOT = path.resolve(__dirname, "../..");
const SHARED = path.join(ROOT, "Pulumi.shared-example.yaml");
const PRIVATE = path.join(ROOT, "Pulumi.private-example.yaml");

function message(p: StackPreview): Record<string, unknown> {
    return revealOrMask(p.outputs.controlPlaneMessage) as Record<string, unknown>;
}

/** Runs a stack config that must fail; returns the error message and what was registered before it. */
async function failure(stackConfig: ReturnType<typeof loadStackConfig>, world?: Parameters<typeof previewStackConfig>[1]) {
    try {
        await previewStackConfig(stackConfig, world);
    } catch (err) {
        return { message: (err as Error).message, registered: registeredBeforeFailure(err)!.map((r) => r.type) };
    }
    throw new Error("expected the preview to fail");
}

function hardeningOf(resources: RegisteredResource[]): string[] {
    const bucket = one(resources, "emr-dataplane:index:ResourceBucket");
    return childrenOf(resources, bucket.urn).map((c) => c.type.split(":").pop()!).sort();
}

describe("data-plane stacks, end to end under the offline engine", () => {
    describe("the private example (creates its network)", () => {
        let p: StackPreview;
        before(async () => {
            p = await previewStack(PRIVATE);
        });

        it("exports a message with exactly the private-plane keys, valid against the schema", () => {
            const m = message(p);
            expect(Object.keys(m).sort()).to.deep.equal([...MESSAGE_KEYS.private].sort());
            expect(messageProblems(m)).to.deep.equal([]);
            expect(m.region).to.equal("eu-west-1");
        });

        it("keeps only the ExternalId secret in the message", () => {
            const raw = p.outputs.controlPlaneMessage as Record<string, unknown>;
            const secretKeys = Object.entries(raw).filter(([, v]) => isSecretValue(v)).map(([k]) => k);
            expect(secretKeys).to.deep.equal(["externalId"]);
        });

        it("wires the message to the resources it names", () => {
            const m = message(p);
            const roles = ofType(p.resources, "aws:iam/role:Role");
            expect(m.jobRuntimeRoleArn).to.equal(one(p.resources, "aws:iam/role:Role", "job-runtime-role").outputs.arn);
            expect(m.jobLaunchArn).to.equal(one(p.resources, "aws:iam/role:Role", "launch-role").outputs.arn);
            expect(roles).to.have.length(2);
            expect(m.resourceBucket).to.equal(one(p.resources, "aws:s3/bucket:Bucket").outputs.bucket);
            expect(m.subnetIds).to.deep.equal(ofType(p.resources, "aws:ec2/subnet:Subnet").filter((s) => s.name.includes("private")).map((s) => s.id));
            expect(m.securityGroups).to.deep.equal([one(p.resources, "aws:ec2/securityGroup:SecurityGroup").id]);
            expect(m.externalId).to.equal(one(p.resources, "random:index/randomPassword:RandomPassword").outputs.result);
            expect(String(m.jobRuntimeRoleArn)).to.match(/^arn:aws:iam::444455556666:role\/emr-dataplane-job-runtime$/);
        });

        it("lets the launch role pass exactly the runtime role, only to EMR Serverless", () => {
            const m = message(p);
            const policy = documentOf(one(p.resources, "aws:iam/rolePolicy:RolePolicy", "launch-permissions"));
            const passes = policy.Statement.filter((s) => asList(s.Action).includes("iam:PassRole"));
            expect(passes).to.have.length(1);
            expect(passes[0].Resource).to.equal(m.jobRuntimeRoleArn);
            expect(passes[0].Condition).to.deep.equal({ StringEquals: { "iam:PassedToService": "emr-serverless.amazonaws.com" } });
        });

        it("trusts the vendor principal with the message's ExternalId, and the runtime role only to EMR Serverless of this account", () => {
            const m = message(p);
            const launchTrust = documentOf(one(p.resources, "aws:iam/role:Role", "launch-role"), "assumeRolePolicy");
            expect(launchTrust.Statement[0].Principal).to.deep.equal({ AWS: "arn:aws:iam::111122223333:role/role_trusted_user" });
            expect(launchTrust.Statement[0].Condition).to.deep.equal({ StringEquals: { "sts:ExternalId": m.externalId } });
            const runtimeTrust = documentOf(one(p.resources, "aws:iam/role:Role", "job-runtime-role"), "assumeRolePolicy");
            expect(runtimeTrust.Statement[0].Principal).to.deep.equal({ Service: "emr-serverless.amazonaws.com" });
            expect(runtimeTrust.Statement[0].Condition).to.deep.equal({
                StringEquals: { "aws:SourceAccount": "444455556666" },
                ArnLike: { "aws:SourceArn": "arn:aws:emr-serverless:eu-west-1:444455556666:/applications/*" },
            });
        });

        it("scopes both roles' KMS use to the bucket's own key", () => {
            const keyArn = one(p.resources, "aws:kms/key:Key").outputs.arn;
            for (const name of ["launch-permissions", "job-runtime-permissions"]) {
                const key = statement(documentOf(one(p.resources, "aws:iam/rolePolicy:RolePolicy", name)), "ResourceBucketKey");
                expect(asList(key.Resource), name).to.deep.equal([keyArn]);
            }
        });

        it("hardens the bucket (all six parts), and retains it, its key and its parts on destroy", () => {
            expect(hardeningOf(p.resources)).to.deep.equal([
                "Bucket", "BucketLifecycleConfiguration", "BucketOwnershipControls", "BucketPolicy", "BucketPublicAccessBlock",
                "BucketServerSideEncryptionConfiguration", "BucketVersioning", "Key",
            ]);
            const bucket = one(p.resources, "emr-dataplane:index:ResourceBucket");
            expect(childrenOf(p.resources, bucket.urn).every((c) => c.retainOnDelete)).to.equal(true);
            expect(p.resources.filter((r) => r.retainOnDelete && r.parent !== bucket.urn)).to.deep.equal([]);
        });

        it("gives jobs a route out through one NAT gateway by default, and the security group no ingress and HTTPS-only egress", () => {
            const nat = one(p.resources, "aws:ec2/natGateway:NatGateway");
            const privateTables = ofType(p.resources, "aws:ec2/routeTable:RouteTable").filter((t) => t.name.includes("private")).map((t) => t.id);
            const routes = ofType(p.resources, "aws:ec2/route:Route").filter((r) => input(r, "natGatewayId") === nat.id);
            expect(routes.map((r) => [input(r, "routeTableId"), input(r, "destinationCidrBlock")])).to.have.deep.members(privateTables.map((t) => [t, "0.0.0.0/0"]));
            const sg = one(p.resources, "aws:ec2/securityGroup:SecurityGroup");
            expect(input(sg, "ingress")).to.deep.equal([]);
            expect(input(sg, "egress").map((e: any) => [e.protocol, e.fromPort, e.toPort])).to.deep.equal([["tcp", 443, 443]]);
        });

        it("is deterministic: the same config gives the same plan", async () => {
            const again = await previewStack(PRIVATE);
            expect(again.resources.map((r) => [r.urn, r.id, JSON.stringify(r.inputs)])).to.deep.equal(p.resources.map((r) => [r.urn, r.id, JSON.stringify(r.inputs)]));
        });

        it("keeps the ExternalId across unrelated changes (same URN, same inputs), and renews it only for a new customer", async () => {
            const base = loadStackConfig(PRIVATE, DATA_PLANE_PROJECT_FILE);
            const changed = await previewStackConfig({ ...base, config: { ...base.config, "emr-dataplane:namePrefix": "dp", "emr-dataplane:logRetentionDays": "7", "emr-dataplane:securityGroupEgress": "all" } });
            const before = one(p.resources, "random:index/randomPassword:RandomPassword");
            const after = one(changed.resources, "random:index/randomPassword:RandomPassword");
            expect(after.urn).to.equal(before.urn);
            expect(after.inputs).to.deep.equal(before.inputs);
            expect(one(changed.resources, "aws:iam/role:Role", "launch-role").outputs.name).to.equal("dp-launch");
            const otherCustomer = await previewStackConfig({ ...base, config: { ...base.config, "emr-dataplane:customerId": "globex" } });
            expect(input(one(otherCustomer.resources, "random:index/randomPassword:RandomPassword"), "keepers")).to.deep.equal({ customer: "globex" });
        });
    });

    describe("the shared example (adopts network and bucket)", () => {
        let p: StackPreview;
        before(async () => {
            p = await previewStack(SHARED);
        });

        it("exports a message with exactly the shared-plane keys, valid against the schema, nothing secret", () => {
            const m = message(p);
            expect(Object.keys(m).sort()).to.deep.equal([...MESSAGE_KEYS.shared].sort());
            expect(messageProblems(m)).to.deep.equal([]);
            expect(JSON.stringify(p.outputs)).not.to.contain("4dabf18193072939515e22adb298388d");
        });

        it("adopts the configured bucket, VPC, subnets and S3 endpoint instead of creating them", () => {
            const m = message(p);
            for (const t of ["aws:s3/bucket:Bucket", "aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/vpcEndpoint:VpcEndpoint", "aws:kms/key:Key"]) {
                expect(ofType(p.resources, t), t).to.have.length(0);
            }
            expect(m.resourceBucket).to.equal("vendor-emr-logs-111122223333");
            expect(m.subnetIds).to.deep.equal(["subnet-0c1d2e3f4a5b60781", "subnet-0c1d2e3f4a5b60782"]);
            expect(input(one(p.resources, "aws:ec2/securityGroup:SecurityGroup"), "vpcId")).to.equal("vpc-0b5e6f7a8c9d01234");
        });

        it("changes nothing on the adopted bucket by default, and says so per part in the stack outputs", () => {
            expect(hardeningOf(p.resources)).to.deep.equal([]);
            expect(ofType(p.resources, "aws:s3/bucket:Bucket")).to.have.length(0);
            expect(p.outputs.adoptedBucketParts).to.deep.equal({
                publicAccessBlock: "kept as is", ownershipControls: "kept as is", encryption: "kept as is",
                versioning: "kept as is", tlsPolicy: "kept as is", lifecycle: "kept as is",
            });
        });

        it("merges the TLS-only statement into the bucket's own policy when tlsPolicy is opted in, keeping its statements", async () => {
            const base = loadStackConfig(SHARED, DATA_PLANE_PROJECT_FILE);
            const grant = { Sid: "EmrOnEc2Logs", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/EMR_EC2_DefaultRole" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::vendor-emr-logs-111122223333/*" };
            const merged = await previewStackConfig({ ...base, config: { ...base.config, "emr-dataplane:adoptedBucketManagedParts": '["tlsPolicy"]' } },
                { bucketSettings: { "vendor-emr-logs-111122223333": { policy: { Version: "2012-10-17", Statement: [grant] } } } });
            expect(hardeningOf(merged.resources)).to.deep.equal(["BucketPolicy"]);
            const policy = one(merged.resources, "aws:s3/bucketPolicy:BucketPolicy");
            expect(policy.retainOnDelete).to.equal(true);
            expect(JSON.parse(input(policy, "policy")).Statement.map((s: { Sid: string }) => s.Sid)).to.deep.equal(["EmrOnEc2Logs", "DenyInsecureTransport"]);
            expect(JSON.parse(input(policy, "policy")).Statement[0]).to.deep.equal(grant);
            expect((merged.outputs.adoptedBucketParts as Record<string, string>).tlsPolicy).to.equal("merged (1 existing statement kept)");
        });

        it("refuses to weaken an SSE-KMS bucket, naming bucketKmsKey, before registering anything", async () => {
            const base = loadStackConfig(SHARED, DATA_PLANE_PROJECT_FILE);
            const f = await failure({ ...base, config: { ...base.config, "emr-dataplane:adoptedBucketManagedParts": '["encryption"]' } },
                { bucketSettings: { "vendor-emr-logs-111122223333": { encryption: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" } } } });
            expect(f.message).to.match(/^emr-dataplane:bucketKmsKey: the adopted bucket vendor-emr-logs-111122223333 encrypts with aws:kms .* or leave "encryption" out of emr-dataplane:adoptedBucketManagedParts$/);
            expect(f.registered).to.deep.equal(["pulumi:pulumi:Stack"]);
        });

        it("attaches the launch policy to the system role, passing exactly the runtime role, and lets it assume private planes' launch roles by pattern", () => {
            const m = message(p);
            expect(ofType(p.resources, "aws:iam/role:Role").map((r) => r.name)).to.deep.equal(["job-runtime-role"]);
            const attachments = ofType(p.resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment");
            expect(attachments.map((a) => input(a, "role"))).to.deep.equal(["role_trusted_user", "role_trusted_user"]);
            const launch = documentOf(one(p.resources, "aws:iam/policy:Policy", "launch-policy"));
            expect(statement(launch, "PassRuntimeRoleToEmrServerless").Resource).to.equal(m.jobRuntimeRoleArn);
            expect(documentOf(one(p.resources, "aws:iam/policy:Policy", "launch-assume-private-planes")).Statement[0].Resource).to.deep.equal(["arn:aws:iam::*:role/emr-dataplane-launch*"]);
        });

        it("lets jobs read the public data sets and assume customer data-access roles by pattern, never *", () => {
            const doc = documentOf(one(p.resources, "aws:iam/rolePolicy:RolePolicy", "job-runtime-permissions"));
            expect(asList(statement(doc, "ReadOnlyBucketList").Resource)).to.deep.equal(["arn:aws:s3:::trifacta-public-datasets", "arn:aws:s3:::3fac-data-public"]);
            expect(asList(statement(doc, "AssumeCustomerDataAccessRoles").Resource)).to.deep.equal(["arn:aws:iam::*:role/emr-dataplane-data-access*"]);
        });

        it("fails, naming the config key and registering nothing, when the adopted subnets share an AZ", async () => {
            const f = await failure(loadStackConfig(SHARED, DATA_PLANE_PROJECT_FILE), { subnets: { "subnet-0c1d2e3f4a5b60782": { availabilityZone: "us-east-1b" } } });
            expect(f).to.deep.equal({
                message: "emr-dataplane:subnetIds: subnets subnet-0c1d2e3f4a5b60781, subnet-0c1d2e3f4a5b60782 are all in us-east-1b; a data plane needs private subnets in two distinct availability zones",
                registered: ["pulumi:pulumi:Stack"],
            });
        });

        it("fails on bad config before registering anything but the stack", async () => {
            const base = loadStackConfig(SHARED, DATA_PLANE_PROJECT_FILE);
            const f = await failure({ ...base, config: { ...base.config, "emr-dataplane:logRetentionDays": "0" } });
            expect(f).to.deep.equal({ message: "emr-dataplane:logRetentionDays: must be a whole number from 1 to 3650, got 0", registered: ["pulumi:pulumi:Stack"] });
        });

        it("fails, naming accountId, when the credentials are for another account", async () => {
            const f = await failure(loadStackConfig(SHARED, DATA_PLANE_PROJECT_FILE), { accountId: "999999999999" });
            expect(f).to.deep.equal({
                message: "emr-dataplane:accountId: this stack belongs to account 111122223333, but the AWS credentials are for account 999999999999",
                registered: ["pulumi:pulumi:Stack"],
            });
        });
    });

    describe("the plane's own EMR Serverless application", () => {
        const withConfig = async (file: string, more: Record<string, string>) => {
            const base = loadStackConfig(file, DATA_PLANE_PROJECT_FILE);
            return previewStackConfig({ ...base, config: { ...base.config, ...more } });
        };

        for (const [name, file, launchDoc] of [["private", PRIVATE, "launch-permissions"], ["shared", SHARED, "launch-policy"]] as const) {
            it(`the ${name} example creates it (ARM64, the stated cap, auto-stop, logs into the plane's bucket, the plane's network) and its id is in the message`, async () => {
                const p = await previewStack(file);
                const app = one(p.resources, "aws:emrserverless/application:Application");
                const m = message(p);
                expect(m.applicationId).to.equal(app.id);
                expect(input(app, "architecture")).to.equal("ARM64");
                expect(input(app, "maximumCapacity")).to.deep.equal({ cpu: "16 vCPU", memory: "64 GB", disk: "200 GB" });
                expect(input(app, "autoStopConfiguration")).to.deep.equal({ enabled: true, idleTimeoutMinutes: 15 });
                expect(input(app, "monitoringConfiguration").s3MonitoringConfiguration.logUri).to.equal(`s3://${m.resourceBucket}/logs/`);
                expect(input(app, "networkConfiguration")).to.deep.equal({ subnetIds: m.subnetIds, securityGroupIds: m.securityGroups });
                const launch = JSON.stringify(documentOf(p.resources.find((r) => r.name === launchDoc)!));
                expect(launch).to.contain(`:/applications/${app.id}`).and.not.to.contain("CreateApplication").and.not.to.contain("ec2:CreateNetworkInterface");
            });
        }

        it("a shared plane adopting an application by id: nothing created, the id in the message, the launch policy narrowed to it", async () => {
            const p = await withConfig(SHARED, { "emr-dataplane:applicationId": "00fabcd1234efg09" });
            expect(ofType(p.resources, "aws:emrserverless/application:Application")).to.have.length(0);
            expect(message(p).applicationId).to.equal("00fabcd1234efg09");
            expect(statement(documentOf(one(p.resources, "aws:iam/policy:Policy", "launch-policy")), "StartJobRunsOnPlaneApplicationTagged").Resource)
                .to.equal("arn:aws:emr-serverless:us-east-1:111122223333:/applications/00fabcd1234efg09");
        });

        it("launcher mode: no application, no applicationId in the message, and the launch role creates tagged applications as before", async () => {
            const p = await withConfig(PRIVATE, { "emr-dataplane:applicationMode": "launcher" });
            expect(ofType(p.resources, "aws:emrserverless/application:Application")).to.have.length(0);
            expect(message(p)).not.to.have.property("applicationId");
            expect(messageProblems(message(p))).to.deep.equal([]);
            const doc = documentOf(one(p.resources, "aws:iam/rolePolicy:RolePolicy", "launch-permissions"));
            expect(statement(doc, "EmrServerlessCreateApplicationsTagged").Action).to.equal("emr-serverless:CreateApplication");
            expect(statement(doc, "NetworkInterfacesViaEmrServerless").Action).to.equal("ec2:CreateNetworkInterface");
        });

        it("a Glue grant: the runtime role's catalog policy, and the application uses the Data Catalog as its metastore", async () => {
            const p = await withConfig(PRIVATE, { "emr-dataplane:glueReadOnlyDatabases": '["reference"]' });
            const grant = documentOf(one(p.resources, "aws:iam/rolePolicy:RolePolicy", "job-runtime-glue-catalog"));
            expect(grant.Statement.map((x) => x.Sid)).to.deep.equal(["ReadGlueDatabases"]);
            expect(input(one(p.resources, "aws:emrserverless/application:Application"), "runtimeConfigurations")[0].properties)
                .to.deep.equal({ "spark.hadoop.hive.metastore.client.factory.class": "com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory" });
        });
    });
});
