import { expect } from "chai";
import * as path from "path";
import { ValidationError } from "../../components";
import { DATA_PLANE_PROJECT_FILE, previewStackConfig } from "../../engine/preview/preview";
import { registeredBeforeFailure } from "../../engine/offline/run";
import { loadStackConfig } from "../../engine/preview/stackConfig";
import { readDataPlaneConfig } from "../../stacks/dataplane/config";

const ROOT = path.resolve(__dirname, "../..");

const P = "emr-dataplane";
const privatePlane = {
    "aws:region": "eu-west-1", [`${P}:planeKind`]: "private", [`${P}:customerId`]: "acme",
    [`${P}:vendorPrincipalArn`]: "arn:aws:iam::111122223333:role/role_trusted_user",
};
const sharedPlane = { "aws:region": "us-east-1", [`${P}:planeKind`]: "shared", [`${P}:systemRoleName`]: "role_trusted_user" };

function errorOf(raw: Record<string, string>): string {
    try {
        readDataPlaneConfig(raw);
    } catch (e) {
        expect(e).to.be.instanceOf(ValidationError);
        return (e as Error).message;
    }
    throw new Error("expected a ValidationError");
}

describe("data-plane stack config", () => {
    it("reads a minimal private plane with defaults: created network and bucket, generated ExternalId", () => {
        const c = readDataPlaneConfig(privatePlane);
        expect(c.planeKind).to.equal("private");
        expect(c.namePrefix).to.equal("emr-dataplane");
        expect(c.network.adopt).to.equal(undefined);
        // Unset keys stay unset: their defaults are the components' own.
        expect(c.bucket).to.deep.equal({ bucketNamePrefix: "emr-dataplane-resources-" });
        expect(c.launch).to.deep.equal({
            trustedPrincipalArns: ["arn:aws:iam::111122223333:role/role_trusted_user"], externalIdKeeper: "acme", roleName: "emr-dataplane-launch",
        });
        expect(c.runtimeRole).to.deep.equal({ roleName: "emr-dataplane-job-runtime" });
        expect(c.network).to.deep.equal({});
        expect(c.tags).to.deep.equal({ "emr-dataplane:plane": "private", "emr-dataplane:customer": "acme" });
        // The plane owns its application by default: named after the plane, capped by the component's default.
        expect(c.application).to.deep.equal({ mode: "plane", args: {
            applicationName: "emr-dataplane-spark", maximumCapacity: { cpu: "16 vCPU", memory: "64 GB", disk: "200 GB" },
        } });
    });

    it("reads the application's keys into its args: the cap from three keys, the Glue grant turning the metastore on", () => {
        const c = readDataPlaneConfig({
            ...privatePlane, [`${P}:applicationArchitecture`]: "X86_64", [`${P}:applicationMaxVcpu`]: "64", [`${P}:applicationIdleTimeoutMinutes`]: "5",
            [`${P}:applicationCloudWatchLogs`]: "true", [`${P}:glueReadWriteDatabases`]: '["acme_sales"]',
        });
        expect(c.application.args).to.deep.equal({
            applicationName: "emr-dataplane-spark", architecture: "X86_64", idleTimeoutMinutes: 5, cloudWatchLogs: true,
            maximumCapacity: { cpu: "64 vCPU", memory: "64 GB", disk: "200 GB" }, useGlueDataCatalog: true,
            cloudWatchLogGroupName: "/aws/emr-serverless/emr-dataplane",
        });
        expect(c.runtimeRole.glueReadWriteDatabases).to.deep.equal(["acme_sales"]);
        expect(readDataPlaneConfig({ ...sharedPlane, [`${P}:applicationId`]: "00fabcd1234efg09" }).application).to.deep.equal({ mode: "plane", adoptedId: "00fabcd1234efg09" });
        expect(readDataPlaneConfig({ ...privatePlane, [`${P}:applicationMode`]: "launcher" }).application).to.deep.equal({ mode: "launcher", adoptedId: undefined });
    });

    it("reads several vendor principals (a system role and trusted_user-* users) from vendorPrincipalArns", () => {
        const vendors = ["arn:aws:iam::111122223333:role/role_trusted_user", "arn:aws:iam::111122223333:user/trusted_user-ops"];
        const c = readDataPlaneConfig({ ...privatePlane, [`${P}:vendorPrincipalArn`]: undefined as unknown as string, [`${P}:vendorPrincipalArns`]: JSON.stringify(vendors) });
        expect(c.launch.trustedPrincipalArns).to.deep.equal(vendors);
    });

    it("reads a shared plane adopting a network, lists given as JSON (as Pulumi passes them)", () => {
        const c = readDataPlaneConfig({
            ...sharedPlane, [`${P}:vpcId`]: "vpc-0aaaaaaaaaaaaaaa0",
            [`${P}:subnetIds`]: JSON.stringify(["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]),
            [`${P}:privatePlaneLaunchRoles`]: JSON.stringify(["arn:aws:iam::*:role/emr-dataplane-launch*"]),
            [`${P}:logRetentionDays`]: "90", [`${P}:retainBucketOnDestroy`]: "false",
        });
        expect(c.network.adopt).to.deep.equal({ vpcId: "vpc-0aaaaaaaaaaaaaaa0", subnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"], s3EndpointId: undefined });
        expect(c.launch).to.deep.equal({ attachToRoleName: "role_trusted_user", assumablePrivatePlaneLaunchRoles: ["arn:aws:iam::*:role/emr-dataplane-launch*"] });
        expect(c.bucket.logRetentionDays).to.equal(90);
        expect(c.bucket.retainOnDelete).to.equal(false);
    });

    it("refuses internetEgress ipv6 by its key, with the evidence and the modes to use instead", () => {
        const message = errorOf({ ...privatePlane, [`${P}:internetEgress`]: "ipv6" });
        expect(message).to.match(new RegExp(`^${P}:internetEgress: "ipv6" is refused: on dual-stack subnets EMR Serverless runs jobs over IPv4 unless a configuration property enables IPv6`));
        expect(message).to.include('Use "nat"').and.to.include('"endpoints"').and.to.include("A stack deployed with \"ipv6\" switches with pulumi up");
    });

    it("with internetEgress endpoints, adds the STS endpoint when jobs assume customer roles (and only then)", () => {
        const endpoints = { ...privatePlane, [`${P}:internetEgress`]: "endpoints", [`${P}:interfaceEndpoints`]: '["glue"]' };
        expect(readDataPlaneConfig(endpoints).network.interfaceEndpoints).to.deep.equal(["glue"]);
        const assuming = { ...endpoints, [`${P}:assumableRoleArns`]: '["arn:aws:iam::444455556666:role/acme-data-access"]' };
        expect(readDataPlaneConfig(assuming).network.interfaceEndpoints).to.deep.equal(["sts", "glue"]);
        expect(readDataPlaneConfig({ ...assuming, [`${P}:interfaceEndpoints`]: '["sts"]' }).network.interfaceEndpoints).to.deep.equal(["sts"]);
        expect(readDataPlaneConfig({ ...privatePlane, [`${P}:assumableRoleArns`]: '["arn:aws:iam::444455556666:role/acme-data-access"]' }).network.interfaceEndpoints).to.equal(undefined);
    });

    it("with internetEgress endpoints, adds the Glue endpoint with a Glue grant and the Logs endpoint with CloudWatch logging (and only then)", () => {
        const endpoints = { ...privatePlane, [`${P}:internetEgress`]: "endpoints" };
        expect(readDataPlaneConfig(endpoints).network.interfaceEndpoints).to.equal(undefined);
        const glue = { ...endpoints, [`${P}:glueReadOnlyDatabases`]: '["sales"]' };
        expect(readDataPlaneConfig(glue).network.interfaceEndpoints).to.deep.equal(["glue"]);
        expect(readDataPlaneConfig({ ...endpoints, [`${P}:glueReadWriteDatabases`]: '["sales"]' }).network.interfaceEndpoints).to.deep.equal(["glue"]);
        const all = { ...glue, [`${P}:applicationCloudWatchLogs`]: "true", [`${P}:assumableRoleArns`]: '["arn:aws:iam::444455556666:role/acme-data-access"]', [`${P}:interfaceEndpoints`]: '["kms", "logs"]' };
        expect(readDataPlaneConfig(all).network.interfaceEndpoints).to.deep.equal(["sts", "glue", "kms", "logs"]);
        // With an internet route the NAT gateway serves them: no endpoint is added.
        expect(readDataPlaneConfig({ ...privatePlane, [`${P}:glueReadOnlyDatabases`]: '["sales"]', [`${P}:applicationCloudWatchLogs`]: "true" }).network.interfaceEndpoints).to.equal(undefined);
    });

    it("refuses internetEgress none, naming it and each key, for a plane whose own keys make jobs call a service it gives no route to", () => {
        const none = { ...privatePlane, [`${P}:internetEgress`]: "none" };
        expect(readDataPlaneConfig(none).network.internetEgress).to.equal("none");
        expect(errorOf({ ...none, [`${P}:glueReadWriteDatabases`]: '["sales"]' })).to.equal(`${P}:internetEgress: "none" gives jobs a route to S3 of the plane's region only, ` +
            `but ${P}:glueReadWriteDatabases makes jobs call the AWS Glue Data Catalog: use "endpoints" (no internet route; the stack adds the interface endpoint for glue) or "nat"`);
        const both = errorOf({ ...none, [`${P}:assumableRoleArns`]: '["arn:aws:iam::444455556666:role/acme-data-access"]', [`${P}:applicationCloudWatchLogs`]: "true" });
        expect(both).to.include(`${P}:assumableRoleArns makes jobs call AWS STS; ${P}:applicationCloudWatchLogs makes jobs call CloudWatch Logs`).and.to.include("interface endpoints for sts, logs");
        // The same keys with a route: read as given.
        for (const egress of ["nat", "endpoints"]) expect(readDataPlaneConfig({ ...none, [`${P}:internetEgress`]: egress, [`${P}:glueReadOnlyDatabases`]: '["sales"]' }).network.internetEgress).to.equal(egress);
    });

    const bad: [string, Record<string, string>, string][] = [
        ["no plane kind", { "aws:region": "us-east-1" }, `${P}:planeKind: must be one of "shared", "private", got undefined`],
        ["an unknown plane kind", { ...privatePlane, [`${P}:planeKind`]: "hybrid" }, `${P}:planeKind: must be one of "shared", "private", got "hybrid"`],
        ["a misspelt key", { ...privatePlane, [`${P}:subnetIDs`]: "[]" }, `${P}:subnetIDs: is not a config key of this project (did you mean ${P}:subnetIds?)`],
        ["subnets without a VPC", { ...privatePlane, [`${P}:subnetIds`]: '["subnet-0aaaaaaaaaaaaaaa1","subnet-0aaaaaaaaaaaaaaa2"]' }, `${P}:vpcId: is required to adopt an existing network (subnetIds given)`],
        ["a VPC without subnets", { ...privatePlane, [`${P}:vpcId`]: "vpc-0aaaaaaaaaaaaaaa0" }, `${P}:subnetIds: is required to adopt the existing VPC vpc-0aaaaaaaaaaaaaaa0: list at least two private subnets in distinct AZs`],
        ["a subnet list that is not a list", { ...privatePlane, [`${P}:vpcId`]: "vpc-0aaaaaaaaaaaaaaa0", [`${P}:subnetIds`]: "subnet-0aaaaaaaaaaaaaaa1" }, `${P}:subnetIds: must be a list (in YAML, or as JSON with \`pulumi config set --path\`), got "subnet-0aaaaaaaaaaaaaaa1"`],
        ["the replaced natGateway", { ...privatePlane, [`${P}:natGateway`]: "true" }, `${P}:natGateway: was replaced by \`${P}:internetEgress\` (\`nat\`, \`endpoints\` or \`none\`); \`natGateway: true\` is \`internetEgress: nat\`, now the default for a created VPC`],
        ["the replaced bucketSkipParts", { ...sharedPlane, [`${P}:bucketSkipParts`]: '["tlsPolicy"]' }, `${P}:bucketSkipParts: was replaced by \`${P}:adoptedBucketManagedParts\` (opt-in): an adopted bucket now keeps every part as it is unless you list the parts to manage there`],
        ["an unknown internet egress mode", { ...privatePlane, [`${P}:internetEgress`]: "igw" }, `${P}:internetEgress: must be one of "none", "nat", "endpoints", got "igw"`],
        ["interface endpoints with a NAT gateway", { ...privatePlane, [`${P}:interfaceEndpoints`]: '["glue"]' }, `${P}:interfaceEndpoints: only applies with ${P}:internetEgress "endpoints" (got "nat"): the other modes reach AWS services through the NAT gateway or not at all`],
        ["an unknown bucket part", { ...sharedPlane, [`${P}:existingBucketName`]: "bbb", [`${P}:adoptedBucketManagedParts`]: '["acl"]' }, `${P}:adoptedBucketManagedParts[0]: must be one of "publicAccessBlock", "ownershipControls", "encryption", "versioning", "tlsPolicy", "lifecycle", got "acl"`],
        ["a malformed account id", { ...privatePlane, [`${P}:accountId`]: "4444-5555-6666" }, `${P}:accountId: must be a 12-digit AWS account id, got "4444-5555-6666"`],
        ["a malformed region", { ...privatePlane, "aws:region": "europe-west1" }, `aws:region: must be an AWS region such as "us-east-1", got "europe-west1"`],
        ["a malformed vendor ARN", { ...privatePlane, [`${P}:vendorPrincipalArn`]: "role_trusted_user" }, `${P}:vendorPrincipalArn: must be an IAM principal ARN (arn:aws:iam::<account>:role/<name>, :user/<name> or :root), got "role_trusted_user"`],
        ["a vendor in the plane's own account", { ...privatePlane, [`${P}:accountId`]: "111122223333" }, `${P}:vendorPrincipalArn: is in the plane's own account 111122223333; a private plane's launch role is assumed from the vendor's account`],
        ["a bad CIDR", { ...privatePlane, [`${P}:vpcCidr`]: "10.0.0.0/8" }, `${P}:vpcCidr: prefix length must be between /16 and /20, got /8`],
        ["an ExternalId too short", { ...privatePlane, [`${P}:externalId`]: "x" }, `${P}:externalId: must be 2-1224 characters long (an STS ExternalId), got 1`],
        ["an ExternalId with a space", { ...privatePlane, [`${P}:externalId`]: "acme corp" }, `${P}:externalId: may only contain letters, digits and +=,.@:/-_ (an STS ExternalId); character 5 of 9 is not one of them (the value is secret and not shown)`],
        ["a private plane without a vendor", { "aws:region": "eu-west-1", [`${P}:planeKind`]: "private", [`${P}:customerId`]: "acme" }, `${P}:vendorPrincipalArn: one of ${P}:vendorPrincipalArn, ${P}:vendorPrincipalArns is required`],
        ["both one vendor and several", { ...privatePlane, [`${P}:vendorPrincipalArns`]: '["arn:aws:iam::111122223333:user/trusted_user-a"]' }, `${P}:vendorPrincipalArn: conflicts with ${P}:vendorPrincipalArns: set only one of ${P}:vendorPrincipalArn, ${P}:vendorPrincipalArns`],
        ["a malformed vendor in a list", { ...privatePlane, [`${P}:vendorPrincipalArn`]: undefined as unknown as string, [`${P}:vendorPrincipalArns`]: '["arn:aws:iam::111122223333:role/r","trusted_user-a"]' }, `${P}:vendorPrincipalArns[1]: must be an IAM principal ARN (arn:aws:iam::<account>:role/<name>, :user/<name> or :root), got "trusted_user-a"`],
        ["a private plane without a customer", { ...privatePlane, [`${P}:customerId`]: undefined as unknown as string }, `${P}:customerId: is required for a private plane: The customer this private plane serves: 1-24 lowercase letters, digits and hyphens. A new customer id generates a new ExternalId.`],
        ["a bad customer id", { ...privatePlane, [`${P}:customerId`]: "Acme Corp" }, `${P}:customerId: must be 1-24 lowercase letters, digits and hyphens, starting with a letter or digit, got "Acme Corp"`],
        ["a shared-plane key on a private plane", { ...privatePlane, [`${P}:systemRoleName`]: "r" }, `${P}:systemRoleName: only applies to a shared plane, and planeKind is "private"`],
        ["a private-plane key on a shared plane", { ...sharedPlane, [`${P}:externalId`]: "abcdef" }, `${P}:externalId: only applies to a private plane, and planeKind is "shared"`],
        ["a shared plane with no system principal", { "aws:region": "us-east-1", [`${P}:planeKind`]: "shared" }, `${P}:systemRoleName: one of ${P}:systemRoleName, ${P}:systemUserName is required`],
        ["a shared plane with both principals", { ...sharedPlane, [`${P}:systemUserName`]: "trusted_user-x" }, `${P}:systemRoleName: conflicts with ${P}:systemUserName: set only one of ${P}:systemRoleName, ${P}:systemUserName`],
        ["AssumeRole on * for private planes", { ...sharedPlane, [`${P}:privatePlaneLaunchRoles`]: '["*"]' }, `${P}:privatePlaneLaunchRoles[0]: must name roles explicitly or by a name prefix; "*" would allow assuming any role`],
        ["a boolean that is not", { ...privatePlane, [`${P}:securityGroupSelfIngress`]: "yes" }, `${P}:securityGroupSelfIngress: must be true or false, got "yes"`],
        ["a non-integer", { ...privatePlane, [`${P}:logRetentionDays`]: "thirty" }, `${P}:logRetentionDays: must be a whole number, got "thirty"`],
        ["an out-of-range integer", { ...privatePlane, [`${P}:logRetentionDays`]: "0" }, `${P}:logRetentionDays: must be a whole number from 1 to 3650, got 0`],
        ["a bad KMS setting", { ...privatePlane, [`${P}:bucketKmsKey`]: "yes" }, `${P}:bucketKmsKey: must be "none", "create" or a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), got "yes"`],
        ["both bucket name and existing bucket", { ...privatePlane, [`${P}:bucketName`]: "aaa", [`${P}:existingBucketName`]: "bbb" }, `${P}:bucketName: conflicts with ${P}:existingBucketName: set only one of ${P}:bucketName, ${P}:existingBucketName, ${P}:namePrefix`],
        ["an item of a list that is not a string", { ...privatePlane, [`${P}:readOnlyBuckets`]: "[1]" }, `${P}:readOnlyBuckets[0]: must be a string, got 1`],
        ["a read-only bucket with a bad name, named by its key (not RuntimeRole's field)", { ...privatePlane, [`${P}:readOnlyBuckets`]: '["Public_Data"]' },
            `${P}:readOnlyBuckets[0]: must be a valid S3 bucket name (3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit), got "Public_Data"`],
        ["a vendor of another partition", { ...privatePlane, [`${P}:vendorPrincipalArn`]: "arn:aws-cn:iam::111122223333:role/role_trusted_user" },
            `${P}:vendorPrincipalArn: is an ARN of partition aws-cn, but aws:region eu-west-1 is in partition aws: every ARN of a stack is in its region's partition`],
        ["managed parts for a created bucket", { ...privatePlane, [`${P}:adoptedBucketManagedParts`]: '["versioning"]' },
            `${P}:adoptedBucketManagedParts: only applies to an adopted bucket (set ${P}:existingBucketName); a new bucket always gets every hardening part`],
        ["a bad name prefix", { ...privatePlane, [`${P}:namePrefix`]: "EMR" }, `${P}:namePrefix: must be 1-26 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen, got "EMR"`],
        ["an unknown application mode", { ...privatePlane, [`${P}:applicationMode`]: "both" }, `${P}:applicationMode: must be one of "plane", "launcher", got "both"`],
        ["an adopted application on a private plane", { ...privatePlane, [`${P}:applicationId`]: "00fabcd1234efg09" }, `${P}:applicationId: only applies to a shared plane, and planeKind is "private"`],
        ["a malformed application id", { ...sharedPlane, [`${P}:applicationId`]: "app-1" }, `${P}:applicationId: must be an EMR Serverless application id (1-64 lowercase letters and digits, such as "00fabcd1234efg09"), got "app-1"`],
        ["an adopted application in launcher mode", { ...sharedPlane, [`${P}:applicationId`]: "00fabcd1234efg09", [`${P}:applicationMode`]: "launcher" }, `${P}:applicationId: only applies with ${P}:applicationMode "plane": in launcher mode the launcher creates its applications`],
        ["a created application's setting beside an adopted one", { ...sharedPlane, [`${P}:applicationId`]: "00fabcd1234efg09", [`${P}:applicationMaxVcpu`]: "64" }, `${P}:applicationMaxVcpu: only applies to the application the plane creates, but the plane adopts application 00fabcd1234efg09 (${P}:applicationId) and keeps its settings`],
        ["a created application's setting in launcher mode", { ...privatePlane, [`${P}:applicationMode`]: "launcher", [`${P}:applicationArchitecture`]: "X86_64" }, `${P}:applicationArchitecture: only applies to the application the plane creates, but ${P}:applicationMode is "launcher": the plane creates no application`],
        ["a cap of no vCPU", { ...privatePlane, [`${P}:applicationMaxVcpu`]: "0" }, `${P}:applicationMaxVcpu: must be a whole number from 1 to 100000, got 0`],
        ["a release the user guide does not list", { ...privatePlane, [`${P}:applicationReleaseLabel`]: "emr-5.36.0" }, `${P}:applicationReleaseLabel: must be an EMR Serverless release label, emr-6.6.0 or later as the user guide lists them (emr-6.6.0 … emr-7.14.0, emr-spark-8.0.0, emr-spark-8.1.0), got "emr-5.36.0"`],
        ["an architecture that is none", { ...privatePlane, [`${P}:applicationArchitecture`]: "arm" }, `${P}:applicationArchitecture: must be one of "X86_64", "ARM64", got "arm"`],
        ["a CloudWatch retention CloudWatch does not offer", { ...privatePlane, [`${P}:applicationCloudWatchLogs`]: "true", [`${P}:applicationCloudWatchLogRetentionDays`]: "10" }, `${P}:applicationCloudWatchLogRetentionDays: must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 10`],
        ["a Glue database with a wildcard", { ...privatePlane, [`${P}:glueReadOnlyDatabases`]: '["sales_*"]' }, `${P}:glueReadOnlyDatabases[0]: must be a Glue database name of 1-255 lowercase letters, digits, _ and - (no wildcards), got "sales_*"`],
    ];
    for (const [what, raw, message] of bad) {
        it(`refuses ${what}, naming the key`, () => {
            const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
            expect(errorOf(cleaned)).to.equal(message);
        });
    }
});

describe("data-plane stack config of an adopted network, checked by Network with what the provider reports", () => {
    const SHARED = path.join(ROOT, "Pulumi.shared-example.yaml");

    async function failure(changes: Record<string, string | undefined>): Promise<{ message: string; registered: string[] }> {
        const loaded = loadStackConfig(SHARED, DATA_PLANE_PROJECT_FILE);
        const config = { ...loaded.config };
        for (const [k, value] of Object.entries(changes)) {
            if (value === undefined) delete config[`${P}:${k}`];
            else config[`${P}:${k}`] = value;
        }
        try {
            await previewStackConfig({ ...loaded, config });
        } catch (err) {
            return { message: (err as Error).message, registered: (registeredBeforeFailure(err) ?? []).filter((r) => r.custom).map((r) => r.type) };
        }
        throw new Error("expected the preview to fail");
    }

    const cases: [string, Record<string, string | undefined>, string][] = [
        ["one subnet", { subnetIds: '["subnet-0c1d2e3f4a5b60781"]' }, `${P}:subnetIds: must list at least 2 items, got 1`],
        ["a malformed VPC id", { vpcId: "vpc-XYZ" }, `${P}:vpcId: must be a VPC id such as "vpc-0a1b2c3d4e5f60718", got "vpc-XYZ"`],
        ["internet egress with an adopted VPC", { internetEgress: "nat" }, `${P}:internetEgress: only applies when creating a VPC; it conflicts with adopting vpc-0b5e6f7a8c9d01234`],
        ["a CIDR with an adopted VPC", { vpcCidr: "10.0.0.0/16" }, `${P}:vpcCidr: only applies when creating a VPC; it conflicts with adopting vpc-0b5e6f7a8c9d01234`],
        ["a bad egress mode", { securityGroupEgress: "some" }, `${P}:securityGroupEgress: must be one of "all", "https", got "some"`],
    ];
    for (const [what, changes, message] of cases) {
        it(`refuses ${what}, naming the key, before registering anything`, async () => {
            expect(await failure(changes)).to.deep.equal({ message, registered: [] });
        });
    }
});
