/**
 * Proof that a tenant's execution IAM policy confines its jobs: the IAM simulator evaluates each
 * request as the shared plane's runtime role (its identity documents, as the plane builds them) with
 * the tenant's policy as the session policy — the intersection StartJobRun's `executionIamPolicy`
 * makes ("Execution IAM policy", EMR Serverless User Guide). A tenant's inline and managed policies
 * are one document here (the plane sends one or the other, never both).
 */
import { expect } from "chai";
import { PolicyDocument, accessPointPolicy, policy, runtimeRolePermissions, tenantExecutionPolicy, tenantPolicyText } from "../../components/iam";
import { TenantSpec, dataSourceStatements, prefixesOf } from "../../components/iam/tenant";
import { EXECUTION_POLICY_LIMITS } from "../../vocabulary/tenants";
import { validateTenants } from "../../components/planeTenants";
import { decide } from "../helpers/iamSimulate";

const PLANE = "111122223333";
const BUCKET = "vendor-emr-logs-111122223333";
const KEY = `arn:aws:kms:us-east-1:${PLANE}:key/11111111-2222-3333-4444-555555555555`;
const RUNTIME_ROLE = `arn:aws:iam::${PLANE}:role/emr-dataplane-job-runtime`;

const tenant = (id: string, account: string): TenantSpec => ({
    id,
    customerRoleArns: [`arn:aws:iam::${account}:role/emr-dataplane-data-access-${id}`],
    dataSources: [`arn:aws:s3:us-east-1:${account}:accesspoint/${id}-data`],
});
const TENANTS = [tenant("acme", "444455556666"), tenant("acme2", "555566667777"), tenant("globex", "666677778888")];

/** The runtime role's identity documents, as the plane builds them: its permissions (the tenants' customer roles among its assumable roles) and the tenants' data-source grant. */
const RUNTIME_DOCUMENTS: PolicyDocument[] = [
    runtimeRolePermissions({
        partition: "aws", bucketName: BUCKET, kmsKeyArn: KEY,
        assumableRoleArns: ["arn:aws:iam::*:role/emr-dataplane-data-access*", ...TENANTS.flatMap((t) => t.customerRoleArns ?? [])],
    }),
    policy(...dataSourceStatements(TENANTS.flatMap((t) => t.dataSources ?? []))),
];

const executionPolicy = (t: TenantSpec) => tenantExecutionPolicy({ partition: "aws", bucketName: BUCKET, kmsKeyArn: KEY, tenant: t });

/** Every customer role trusts the shared runtime role (the worst case: only the execution policy stands between tenants). */
const trustOf = (_roleArn: string): PolicyDocument => policy({ Effect: "Allow", Principal: { AWS: RUNTIME_ROLE }, Action: "sts:AssumeRole" });

async function asJobOf(t: TenantSpec, action: string, resource: string, extra: { context?: Record<string, string>; resourcePolicy?: PolicyDocument; resourceAccount?: string } = {}) {
    return decide(RUNTIME_DOCUMENTS, {
        action, resource, principal: RUNTIME_ROLE, sessionPolicy: executionPolicy(t),
        resourceAccount: extra.resourceAccount ?? PLANE, context: extra.context, resourcePolicy: extra.resourcePolicy,
    });
}

const object = (key: string) => `arn:aws:s3:::${BUCKET}/${key}`;
const bucket = `arn:aws:s3:::${BUCKET}`;

describe("tenant isolation on the shared plane (IAM simulator: runtime role ∩ execution policy)", () => {
    for (const [a, b] of [[TENANTS[0], TENANTS[1]], [TENANTS[1], TENANTS[0]], [TENANTS[0], TENANTS[2]]] as const) {
        describe(`tenant ${a.id} against ${b.id}`, () => {
            const mine = prefixesOf(a.id);
            const theirs = prefixesOf(b.id);

            it(`reads and writes ${a.id}'s staging, output and log prefixes and lists them`, async () => {
                for (const prefix of Object.values(mine)) {
                    expect(await asJobOf(a, "s3:GetObject", object(`${prefix}job/part-0000.csv`)), `GetObject ${prefix}`).to.equal("Allowed");
                    expect(await asJobOf(a, "s3:PutObject", object(`${prefix}job/part-0000.csv`)), `PutObject ${prefix}`).to.equal("Allowed");
                    expect(await asJobOf(a, "s3:ListBucket", bucket, { context: { "s3:prefix": `${prefix}job/` } }), `ListBucket ${prefix}`).to.equal("Allowed");
                }
            });

            it(`cannot read, write or list ${b.id}'s prefixes`, async () => {
                for (const prefix of Object.values(theirs)) {
                    expect(await asJobOf(a, "s3:GetObject", object(`${prefix}job/part-0000.csv`)), `GetObject ${prefix}`).to.equal("ImplicitlyDenied");
                    expect(await asJobOf(a, "s3:PutObject", object(`${prefix}job/part-0000.csv`)), `PutObject ${prefix}`).to.equal("ImplicitlyDenied");
                    expect(await asJobOf(a, "s3:ListBucket", bucket, { context: { "s3:prefix": prefix } }), `ListBucket ${prefix}`).to.equal("ImplicitlyDenied");
                }
            });

            it("cannot list a prefix that is the start of both ids, nor the tenants' folder, nor the whole bucket", async () => {
                // "staging/tenants/acme" (no slash) would list acme2's keys too.
                const stem = mine.staging.slice(0, -1);
                expect(await asJobOf(a, "s3:ListBucket", bucket, { context: { "s3:prefix": stem } })).to.equal("ImplicitlyDenied");
                expect(await asJobOf(a, "s3:ListBucket", bucket, { context: { "s3:prefix": "staging/tenants/" } })).to.equal("ImplicitlyDenied");
                expect(await asJobOf(a, "s3:ListBucket", bucket, { context: { "s3:prefix": "" } })).to.equal("ImplicitlyDenied");
            });

            it(`assumes ${a.id}'s customer role, not ${b.id}'s (both trust the runtime role)`, async () => {
                const own = a.customerRoleArns![0];
                const other = b.customerRoleArns![0];
                expect(await asJobOf(a, "sts:AssumeRole", own, { resourcePolicy: trustOf(own), resourceAccount: own.split(":")[4] })).to.equal("Allowed");
                expect(await asJobOf(a, "sts:AssumeRole", other, { resourcePolicy: trustOf(other), resourceAccount: other.split(":")[4] })).to.equal("ImplicitlyDenied");
            });

            it(`reads ${a.id}'s data source through its access point, not ${b.id}'s`, async () => {
                for (const [t, expected] of [[a, "Allowed"], [b, "ImplicitlyDenied"]] as const) {
                    const ap = t.dataSources![0];
                    const apPolicy = accessPointPolicy({ accessPointArn: ap, inputPrefix: "input/", outputPrefix: "output/", consumerRoleArns: [RUNTIME_ROLE] });
                    const account = ap.split(":")[4];
                    expect(await asJobOf(a, "s3:GetObject", `${ap}/object/input/trips.csv`, { resourcePolicy: apPolicy, resourceAccount: account }), `GetObject via ${t.id}'s access point`).to.equal(expected);
                }
            });
        });
    }

    it("without the execution policy the same runtime role reaches every tenant: the policy is what isolates them", async () => {
        const other = prefixesOf("acme2").staging;
        expect(await decide(RUNTIME_DOCUMENTS, { action: "s3:GetObject", resource: object(`${other}x.csv`), principal: RUNTIME_ROLE, resourceAccount: PLANE })).to.equal("Allowed");
    });

    describe("wildcard characters", () => {
        it("ids holding *, ?, ${…} or uppercase are refused, naming the tenant's field", () => {
            for (const id of ["a*", "acm?", "${aws:username}", "acme/x", "Acme", "", "-acme", "a".repeat(33)]) {
                expect(() => validateTenants([{ id }], "tenants"), JSON.stringify(id)).to.throw(/tenants\[0\]\.id: must be 1-32 lowercase letters/);
            }
            expect(() => prefixesOf("a*")).to.throw(/not a tenant id/);
        });

        it("an id with a wildcard would have reached other tenants (why they are refused)", async () => {
            const wild = policy({ Effect: "Allow", Action: "s3:GetObject", Resource: object("staging/tenants/a*/*") });
            expect(await decide(RUNTIME_DOCUMENTS, { action: "s3:GetObject", resource: object("staging/tenants/acme2/x.csv"), principal: RUNTIME_ROLE, resourceAccount: PLANE, sessionPolicy: wild }))
                .to.equal("Allowed");
        });

        it("keys of another tenant that hold * or ? stay out of reach (the id in the policy is literal)", async () => {
            // (Not "staging/tenants/acme*/x": the simulator reads a `*` in the request's resource as a
            // pattern, which S3 never does, so it cannot stand for a key holding one.)
            for (const key of ["staging/tenants/acme2/*", "staging/tenants/acm?/x", "staging/tenants/acme2?/x", "staging/tenants/acme/../acme2/x"]) {
                const expected = key.startsWith("staging/tenants/acme/") ? "Allowed" : "ImplicitlyDenied";
                expect(await asJobOf(TENANTS[0], "s3:GetObject", object(key)), key).to.equal(expected);
            }
        });
    });

    it("each tenant's policy is minified JSON well under StartJobRun's 2,048 characters", () => {
        for (const t of TENANTS) {
            const text = tenantPolicyText({ partition: "aws", bucketName: BUCKET, kmsKeyArn: KEY, tenant: t });
            expect(text).to.not.match(/\s/);
            expect(text.length).to.be.lessThan(EXECUTION_POLICY_LIMITS.maxChars);
        }
    });
});
