/**
 * Spark's probes under a tenant's execution policy: the IAM simulator evaluates each request a
 * tenant's sample job sends (components/iam/sparkRequests.ts, tenantSampleRequests: S3A's probes and
 * EMRFS's `_$folder$` markers, under the tenant's own prefixes) as the shared plane's runtime role with
 * the tenant's policy as the session policy (the intersection StartJobRun's `executionIamPolicy`
 * makes). Every request is allowed and every HEAD of a missing key is a 404 (S3 checks s3:ListBucket on
 * the bucket, with no prefix, for that); another tenant's job is refused the same requests; the shape
 * before this fix fails them; and an adopted bucket's own key reaches the tenant's prefixes only.
 */
import { expect } from "chai";
import { PolicyDocument, SparkRequest, accessPointPolicy, policy, runtimeRolePermissions, s3ViaService, sparkAccessPointRequests, tenantExecutionPolicy, tenantSampleRequests } from "../../components/iam";
import { TenantSpec, dataSourceStatements, prefixesOf } from "../../components/iam/tenant";
import { decide } from "../helpers/iamSimulate";
import * as path from "path";
import { DATA_PLANE_PROJECT_FILE, previewStackConfig } from "../../engine/preview/preview";
import { loadStackConfig } from "../../engine/preview/stackConfig";
import { revealOrMask } from "../../engine/offline/run";
import { parseMessage } from "../../message";
import { one } from "../helpers/offline";

const PLANE = "111122223333";
const REGION = "us-east-1";
const BUCKET = "vendor-emr-logs-111122223333";
const RUNTIME_ROLE = `arn:aws:iam::${PLANE}:role/emr-dataplane-job-runtime`;
const ADOPTED_KEY = `arn:aws:kms:${REGION}:${PLANE}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const VIA_S3 = s3ViaService(REGION);
/** The AWS default key policy: the account lets IAM policies grant the key ("Key policies in AWS KMS"). */
const KEY_POLICY: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${PLANE}:root` }, Action: "kms:*", Resource: "*" }] };

const TENANTS: TenantSpec[] = [{ id: "acme" }, { id: "acme2" }, { id: "globex" }];

/** The runtime role's documents as the plane builds them for an adopted bucket with its own key (no bucketKmsKey). */
const RUNTIME: PolicyDocument[] = [
    runtimeRolePermissions({ partition: "aws", bucketName: BUCKET, defaultKeyArn: ADOPTED_KEY, region: REGION }),
    policy(...dataSourceStatements([`arn:aws:s3:us-east-1:444455556666:accesspoint/acme-data`])),
];
const tenantPolicy = (t: TenantSpec, adoptedKey = true) =>
    tenantExecutionPolicy({ partition: "aws", bucketName: BUCKET, tenant: t, ...(adoptedKey ? { defaultKey: { keyArn: ADOPTED_KEY, region: REGION } } : {}) });

const asJob = (session: PolicyDocument, r: { action: string; resource: string; context?: Record<string, string> }) =>
    decide(RUNTIME, { action: r.action, resource: r.resource, context: r.context ?? {}, principal: RUNTIME_ROLE, resourceAccount: PLANE, sessionPolicy: session });

const requestsOf = (t: TenantSpec): SparkRequest[] => tenantSampleRequests("aws", BUCKET, prefixesOf(t.id));
const bucketArn = `arn:aws:s3:::${BUCKET}`;
const object = (key: string) => `${bucketArn}/${key}`;

describe("Spark's probes under a tenant's execution policy (IAM simulator: runtime role ∩ tenant policy)", () => {
    it("the model holds what the fix is about: HEADs of missing keys, the tenant folder's own keys, EMRFS markers, part listing", () => {
        const requests = requestsOf(TENANTS[0]);
        expect(requests.filter((r) => r.missing).length).to.be.at.least(6);
        const resources = requests.map((r) => r.resource);
        expect(resources).to.include(object("output/tenants/acme"));
        expect(resources).to.include(object("output/tenants/acme_$folder$"));
        expect(resources).to.include(object("output/tenants/acme/daily_$folder$"));
        expect(requests.map((r) => r.action)).to.include("s3:ListMultipartUploadParts");
        // The walk stops at the tenant's own folder: nothing outside the tenant's prefixes is asked.
        for (const r of requests) if (r.context["s3:prefix"] !== undefined) expect(r.context["s3:prefix"]).to.match(/^(staging|output)\/tenants\/acme\//);
    });

    for (const [a, b] of [[TENANTS[0], TENANTS[1]], [TENANTS[1], TENANTS[0]], [TENANTS[0], TENANTS[2]]] as const) {
        describe(`tenant ${a.id} against ${b.id}`, () => {
            it(`every request of ${a.id}'s sample job is allowed, and every HEAD of a missing key is a 404, not a 403`, async () => {
                for (const r of requestsOf(a)) {
                    expect(await asJob(tenantPolicy(a), r), r.operation).to.equal("Allowed");
                    if (r.missing) expect(await asJob(tenantPolicy(a), r.missing), `${r.operation}: 404, not 403`).to.equal("Allowed");
                }
            });

            it(`${b.id}'s job is refused every read, write and prefixed list of ${a.id}'s sample job`, async () => {
                for (const r of requestsOf(a)) {
                    expect(await asJob(tenantPolicy(b), r), r.operation).to.equal("ImplicitlyDenied");
                }
            });

            it(`${a.id} cannot read ${b.id}'s folder keys or EMRFS markers, nor list ${b.id}'s prefixes or the tenants' folder`, async () => {
                const theirs = prefixesOf(b.id).output.slice(0, -1);
                for (const key of [theirs, `${theirs}_$folder$`, `${theirs}/x_$folder$`]) {
                    expect(await asJob(tenantPolicy(a), { action: "s3:GetObject", resource: object(key) }), key).to.equal("ImplicitlyDenied");
                }
                for (const prefix of [prefixesOf(b.id).output, prefixesOf(b.id).staging, "output/tenants/", "output/tenants/acme", ""]) {
                    expect(await asJob(tenantPolicy(a), { action: "s3:ListBucket", resource: bucketArn, context: { "s3:prefix": prefix, "s3:delimiter": "/" } }), `list ${JSON.stringify(prefix)}`).to.equal("ImplicitlyDenied");
                }
            });
        });
    }

    it("if the tenant's output folder did not exist, mkdirs would probe output/tenants/ and be refused: why the plane creates the folder marker", async () => {
        const list = { action: "s3:ListBucket", resource: bucketArn, context: { "s3:prefix": "output/tenants/", "s3:delimiter": "/", "s3:max-keys": "1" } };
        expect(await asJob(tenantPolicy(TENANTS[0]), list)).to.equal("ImplicitlyDenied");
        expect(await asJob(tenantPolicy(TENANTS[0]), { action: "s3:GetObject", resource: object("output/tenants") })).to.equal("ImplicitlyDenied");
    });

    it("the trade-off, stated in docs/tenants.md: a list sent with no prefix at all is allowed (key names of the whole bucket), objects stay out of reach", async () => {
        const acme = tenantPolicy(TENANTS[0]);
        expect(await asJob(acme, { action: "s3:ListBucket", resource: bucketArn, context: {} })).to.equal("Allowed");
        expect(await asJob(acme, { action: "s3:GetObject", resource: object("output/tenants/acme2/daily/part-00000.parquet") })).to.equal("ImplicitlyDenied");
    });

    it("the evaluation tells the difference: the tenant policy before this fix (listing only with s3:prefix, no folder keys, no part listing) fails Spark", async () => {
        const p = prefixesOf("acme");
        const before = policy(
            { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"], Resource: Object.values(p).map((x) => object(`${x}*`)) },
            { Effect: "Allow", Action: "s3:ListBucket", Resource: bucketArn, Condition: { StringLike: { "s3:prefix": Object.values(p).map((x) => `${x}*`) } } },
        );
        const requests = requestsOf(TENANTS[0]);
        for (const r of requests.filter((x) => x.missing)) expect(await asJob(before, r.missing!), `${r.operation}: 403`).to.equal("ImplicitlyDenied");
        const folderKey = requests.find((r) => r.resource === object("output/tenants/acme"))!;
        expect(await asJob(before, folderKey)).to.equal("ImplicitlyDenied");
        const parts = requests.find((r) => r.action === "s3:ListMultipartUploadParts")!;
        expect(await asJob(before, parts)).to.equal("ImplicitlyDenied");
    });

    it("through its data source's access point too (issue 19's access-point sample job): acme's job allowed or a 404, acme2's refused", async () => {
        const ap = "arn:aws:s3:us-east-1:444455556666:accesspoint/acme-data";
        const access = { accessPointArn: ap, inputPrefix: "input/", outputPrefix: "output/" };
        const apPolicy = accessPointPolicy({ ...access, consumerRoleArns: [RUNTIME_ROLE] });
        const acme = tenantExecutionPolicy({ partition: "aws", bucketName: BUCKET, tenant: { id: "acme", dataSources: [ap] } });
        const acme2 = tenantExecutionPolicy({ partition: "aws", bucketName: BUCKET, tenant: { id: "acme2", dataSources: ["arn:aws:s3:us-east-1:555566667777:accesspoint/acme2-data"] } });
        const viaAp = (session: PolicyDocument, r: { action: string; resource: string; context: Record<string, string> }) =>
            decide(RUNTIME, { action: r.action, resource: r.resource, context: r.context, principal: RUNTIME_ROLE, resourceAccount: "444455556666", sessionPolicy: session, resourcePolicy: apPolicy });
        const requests = sparkAccessPointRequests(access);
        expect(requests.filter((r) => r.missing).length).to.be.greaterThan(0);
        for (const r of requests) {
            expect(await viaAp(acme, r), r.operation).to.equal("Allowed");
            if (r.missing) expect(await viaAp(acme, r.missing), `${r.operation}: 404`).to.equal("Allowed");
            expect(await viaAp(acme2, r), `acme2: ${r.operation}`).to.equal("ImplicitlyDenied");
        }
    });

    describe("an adopted bucket encrypted with its own KMS key (no bucketKmsKey)", () => {
        const kms = (session: PolicyDocument, action: string, context: Record<string, string>) =>
            decide(RUNTIME, { action, resource: ADOPTED_KEY, context, principal: RUNTIME_ROLE, sessionPolicy: session, resourcePolicy: KEY_POLICY });
        const ctx = (key: string) => ({ "kms:ViaService": VIA_S3, "kms:EncryptionContext:aws:s3:arn": object(key) });

        it("the tenant's job writes and reads its own prefixes through S3 (GenerateDataKey, Decrypt), and with S3 Bucket Keys (the bucket's ARN as context)", async () => {
            const acme = tenantPolicy(TENANTS[0]);
            expect(await kms(acme, "kms:GenerateDataKey", ctx("output/tenants/acme/daily/part-00000.parquet"))).to.equal("Allowed");
            expect(await kms(acme, "kms:Decrypt", ctx("staging/tenants/acme/entry-points/daily.py"))).to.equal("Allowed");
            expect(await kms(acme, "kms:Decrypt", ctx("logs/tenants/acme/applications/x/driver.log"))).to.equal("Allowed");
            expect(await kms(acme, "kms:GenerateDataKey", { "kms:ViaService": VIA_S3, "kms:EncryptionContext:aws:s3:arn": bucketArn })).to.equal("Allowed");
        });

        it("not for another tenant's objects, not directly, not through another service or region", async () => {
            const acme = tenantPolicy(TENANTS[0]);
            expect(await kms(acme, "kms:Decrypt", ctx("output/tenants/acme2/daily/part-00000.parquet")), "acme2's object").to.equal("ImplicitlyDenied");
            expect(await kms(acme, "kms:Decrypt", { "kms:EncryptionContext:aws:s3:arn": object("output/tenants/acme/x") }), "called directly").to.equal("ImplicitlyDenied");
            expect(await kms(acme, "kms:Decrypt", { ...ctx("output/tenants/acme/x"), "kms:ViaService": s3ViaService("eu-west-1") }), "S3 of another region").to.equal("ImplicitlyDenied");
        });

        it("without the grant (the tenant policy before this fix), the tenant's job could not write its own prefix", async () => {
            expect(await kms(tenantPolicy(TENANTS[0], false), "kms:GenerateDataKey", ctx("output/tenants/acme/daily/part-00000.parquet"))).to.equal("ImplicitlyDenied");
        });
    });

    describe("the shared example plane as it deploys, its bucket adopted with its own key: the documents it registers and the policies its message sends", () => {
        let runtime: PolicyDocument;
        let policies: Record<string, PolicyDocument>;
        before(async () => {
            const base = loadStackConfig(path.resolve(__dirname, "../../Pulumi.shared-example.yaml"), DATA_PLANE_PROJECT_FILE);
            const p = await previewStackConfig(base, { bucketSettings: { [BUCKET]: { encryption: { sseAlgorithm: "aws:kms", kmsMasterKeyId: ADOPTED_KEY, bucketKeyEnabled: true } } } });
            runtime = JSON.parse(revealOrMask(one(p.resources, "aws:iam/rolePolicy:RolePolicy", "job-runtime-permissions").inputs.policy) as string);
            const m = parseMessage(revealOrMask(p.outputs.controlPlaneMessage));
            policies = Object.fromEntries(m.tenants!.map((t) => [t.id, JSON.parse(t.executionIamPolicy.policy!) as PolicyDocument]));
        });

        for (const [id, other] of [["acme", "acme2"], ["acme2", "acme"]]) {
            it(`${id}: every request of its sample job allowed or a 404, its writes' key through S3; ${other}'s job refused them`, async () => {
                const as = (session: PolicyDocument, r: { action: string; resource: string; context?: Record<string, string> }, resourcePolicy?: PolicyDocument) =>
                    decide([runtime], { action: r.action, resource: r.resource, context: r.context ?? {}, principal: RUNTIME_ROLE, resourceAccount: PLANE, sessionPolicy: session, resourcePolicy });
                for (const r of requestsOf({ id })) {
                    expect(await as(policies[id], r), r.operation).to.equal("Allowed");
                    if (r.missing) expect(await as(policies[id], r.missing), `${r.operation}: 404`).to.equal("Allowed");
                    expect(await as(policies[other], r), `${other}: ${r.operation}`).to.equal("ImplicitlyDenied");
                }
                const write = { action: "kms:GenerateDataKey", resource: ADOPTED_KEY, context: { "kms:ViaService": VIA_S3, "kms:EncryptionContext:aws:s3:arn": object(`output/tenants/${id}/daily/part-00000.parquet`) } };
                expect(await as(policies[id], write, KEY_POLICY)).to.equal("Allowed");
                expect(await as(policies[other], write, KEY_POLICY)).to.equal("ImplicitlyDenied");
            });
        }
    });
});
