/**
 * End to end against moto: what CrossAccountDataSource and AccessPointGrant register under the
 * offline engine is replayed through the real AWS SDK clients (S3, S3 Control, KMS, IAM), and what
 * moto records is compared with what we generated. Moto stores access point policies without
 * enforcing them (see ../shared/FACTS.md); enforcement is covered by the IAM simulator tests.
 */
import { expect } from "chai";
import { CreateRoleCommand, GetRolePolicyCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { CreateKeyCommand, EnableKeyRotationCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, KMSClient } from "@aws-sdk/client-kms";
import {
    CreateBucketCommand, GetBucketEncryptionCommand, GetBucketOwnershipControlsCommand, GetBucketPolicyCommand, GetBucketVersioningCommand,
    GetPublicAccessBlockCommand, PutBucketEncryptionCommand, PutBucketOwnershipControlsCommand, PutBucketPolicyCommand, PutBucketVersioningCommand,
    PutPublicAccessBlockCommand, S3Client,
} from "@aws-sdk/client-s3";
import { CreateAccessPointCommand, GetAccessPointCommand, GetAccessPointPolicyCommand, PutAccessPointPolicyCommand, S3ControlClient } from "@aws-sdk/client-s3-control";
import { AccessPointGrant, CrossAccountDataSource } from "../../components";
import { RegisteredResource } from "../../engine/offline/run";
import { MOTO_ACCOUNT_ID, Moto } from "../helpers/moto";
import { input, one, run, unwrap } from "../helpers/offline";

const REGION = "us-east-1"; // moto forms access point ARNs in us-east-1 whatever the client's region
const CONSUMER_ROLE_NAME = "emr-dataplane-job-runtime";
const CONSUMER_ROLE = `arn:aws:iam::444455556666:role/${CONSUMER_ROLE_NAME}`;

const parse = (text: string | undefined) => JSON.parse(text ?? "null");

describe("cross-account data source against moto (S3, S3 Control, KMS, IAM)", function () {
    this.timeout(60000);
    let moto: Moto;
    let resources: RegisteredResource[];
    let generated: { accessPointArn: string; alias: string };
    let grantDocument: string;

    before(async function () {
        moto = await Moto.shared(this);
        const r = await run(async () => {
            const ds = new CrossAccountDataSource("sales", { consumerRoleArns: [CONSUMER_ROLE], accessPointName: "acme-sales-emr", bucketName: "acme-sales-data" });
            const grant = new AccessPointGrant("grant", {
                roleName: CONSUMER_ROLE_NAME, accessPointArn: `arn:aws:s3:${REGION}:${MOTO_ACCOUNT_ID}:accesspoint/acme-sales-emr`,
                kmsKeyArn: `arn:aws:kms:${REGION}:${MOTO_ACCOUNT_ID}:key/00000000-0000-4000-a000-000000000000`,
            });
            return { accessPointArn: await unwrap(ds.accessPointArn), alias: await unwrap(ds.accessPointAlias), grant: await unwrap(grant.policyDocument) };
        }, { world: { accountId: MOTO_ACCOUNT_ID, region: REGION } });
        resources = r.resources;
        generated = r.exports;
        grantDocument = r.exports.grant;
    });
    describe("the owner side, created through the APIs as the provider would", () => {
        const s3 = () => new S3Client(moto.clientConfig(undefined, REGION));
        const kms = () => new KMSClient(moto.clientConfig(undefined, REGION));
        const s3control = () => new S3ControlClient({
            ...moto.clientConfig(undefined, REGION),
            // The SDK prefixes the account id to the host; send it to moto as is.
            endpointProvider: () => ({ url: new URL(moto.endpoint) }),
        });
        let keyArn: string;
        let bucket: string;

        before(async () => {
            const key = one(resources, "aws:kms/key:Key");
            const created = await kms().send(new CreateKeyCommand({ Description: input(key, "description"), Policy: input(key, "policy") }));
            keyArn = created.KeyMetadata!.Arn!;
            if (input(key, "enableKeyRotation")) await kms().send(new EnableKeyRotationCommand({ KeyId: created.KeyMetadata!.KeyId }));

            bucket = input(one(resources, "aws:s3/bucket:Bucket"), "bucket");
            await s3().send(new CreateBucketCommand({ Bucket: bucket }));
            const pab = one(resources, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
            await s3().send(new PutPublicAccessBlockCommand({
                Bucket: bucket,
                PublicAccessBlockConfiguration: {
                    BlockPublicAcls: input(pab, "blockPublicAcls"), BlockPublicPolicy: input(pab, "blockPublicPolicy"),
                    IgnorePublicAcls: input(pab, "ignorePublicAcls"), RestrictPublicBuckets: input(pab, "restrictPublicBuckets"),
                },
            }));
            const ownership = input(one(resources, "aws:s3/bucketOwnershipControls:BucketOwnershipControls"), "rule");
            await s3().send(new PutBucketOwnershipControlsCommand({ Bucket: bucket, OwnershipControls: { Rules: [{ ObjectOwnership: ownership.objectOwnership }] } }));
            const [rule] = input(one(resources, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"), "rules");
            await s3().send(new PutBucketEncryptionCommand({
                Bucket: bucket,
                ServerSideEncryptionConfiguration: {
                    // The offline key ARN stands for the key created above.
                    Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: rule.applyServerSideEncryptionByDefault.sseAlgorithm, KMSMasterKeyID: keyArn }, BucketKeyEnabled: rule.bucketKeyEnabled }],
                },
            }));
            const versioning = input(one(resources, "aws:s3/bucketVersioning:BucketVersioning"), "versioningConfiguration");
            await s3().send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: versioning.status } }));
            await s3().send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: input(one(resources, "aws:s3/bucketPolicy:BucketPolicy"), "policy") }));

            const ap = one(resources, "aws:s3/accessPoint:AccessPoint");
            const apPab = input(ap, "publicAccessBlockConfiguration");
            await s3control().send(new CreateAccessPointCommand({
                AccountId: MOTO_ACCOUNT_ID, Name: input(ap, "name"), Bucket: input(ap, "bucket"),
                PublicAccessBlockConfiguration: {
                    BlockPublicAcls: apPab.blockPublicAcls, BlockPublicPolicy: apPab.blockPublicPolicy,
                    IgnorePublicAcls: apPab.ignorePublicAcls, RestrictPublicBuckets: apPab.restrictPublicBuckets,
                },
            }));
            await s3control().send(new PutAccessPointPolicyCommand({ AccountId: MOTO_ACCOUNT_ID, Name: input(ap, "name"), Policy: input(ap, "policy") }));
        });

        it("records the access point on our bucket, Internet origin, public access blocked, at the ARN our policy names", async () => {
            const ap = await s3control().send(new GetAccessPointCommand({ AccountId: MOTO_ACCOUNT_ID, Name: "acme-sales-emr" }));
            expect([ap.Name, ap.Bucket, ap.NetworkOrigin]).to.deep.equal(["acme-sales-emr", "acme-sales-data", "Internet"]);
            expect(ap.PublicAccessBlockConfiguration).to.deep.equal({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
            expect(ap.AccessPointArn).to.equal(generated.accessPointArn);
            expect(ap.Alias).to.match(/^acme-sales-emr-[0-9a-z]+-s3alias$/);
            const policy = parse(input(one(resources, "aws:s3/accessPoint:AccessPoint"), "policy"));
            expect(policy.Statement[0].Resource).to.deep.equal([`${ap.AccessPointArn}/object/input/*`]);
        });

        it("records the access point policy we generated, naming only the consumer role", async () => {
            const got = await s3control().send(new GetAccessPointPolicyCommand({ AccountId: MOTO_ACCOUNT_ID, Name: "acme-sales-emr" }));
            const ours = parse(input(one(resources, "aws:s3/accessPoint:AccessPoint"), "policy"));
            expect(parse(got.Policy)).to.deep.equal(ours);
            expect(ours.Statement.map((s: any) => s.Principal)).to.deep.equal([{ AWS: CONSUMER_ROLE }, { AWS: CONSUMER_ROLE }, { AWS: CONSUMER_ROLE }, { AWS: CONSUMER_ROLE }]);
        });

        it("records the key policy we generated, with rotation on", async () => {
            const policy = await kms().send(new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: "default" }));
            expect(parse(policy.Policy)).to.deep.equal(parse(input(one(resources, "aws:kms/key:Key"), "policy")));
            expect((await kms().send(new GetKeyRotationStatusCommand({ KeyId: keyArn }))).KeyRotationEnabled).to.equal(true);
        });

        it("records the bucket's delegation policy, SSE-KMS on the key, public access block, ownership and versioning", async () => {
            const policy = await s3().send(new GetBucketPolicyCommand({ Bucket: bucket }));
            expect(parse(policy.Policy)).to.deep.equal(parse(input(one(resources, "aws:s3/bucketPolicy:BucketPolicy"), "policy")));
            const sse = await s3().send(new GetBucketEncryptionCommand({ Bucket: bucket }));
            expect(sse.ServerSideEncryptionConfiguration!.Rules).to.deep.equal([
                { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: keyArn }, BucketKeyEnabled: true },
            ]);
            const pab = await s3().send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
            expect(pab.PublicAccessBlockConfiguration).to.deep.equal({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
            const ownership = await s3().send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }));
            expect(ownership.OwnershipControls!.Rules).to.deep.equal([{ ObjectOwnership: "BucketOwnerEnforced" }]);
            expect((await s3().send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).to.equal("Enabled");
        });
    });

    it("the consumer side: IAM accepts the grant as the runtime role's inline policy and records it unchanged", async () => {
        const iam = new IAMClient(moto.clientConfig(undefined, REGION));
        await iam.send(new CreateRoleCommand({
            RoleName: CONSUMER_ROLE_NAME,
            AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "emr-serverless.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
        }));
        const policy = one(resources, "aws:iam/rolePolicy:RolePolicy");
        await iam.send(new PutRolePolicyCommand({ RoleName: input(policy, "role"), PolicyName: input(policy, "name"), PolicyDocument: input(policy, "policy") }));
        const got = await iam.send(new GetRolePolicyCommand({ RoleName: CONSUMER_ROLE_NAME, PolicyName: "data-source-acme-sales-emr" }));
        expect(parse(decodeURIComponent(got.PolicyDocument!))).to.deep.equal(parse(grantDocument));
    });
});
