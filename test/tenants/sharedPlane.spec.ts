/**
 * The shared example's tenants under the offline engine: what the plane registers for them, what the
 * message carries, and every bad tenant declaration refused by key before anything is registered.
 */
import { expect } from "chai";
import * as path from "path";
import { DATA_PLANE_PROJECT_FILE, StackPreview, previewStack, previewStackConfig } from "../../engine/preview/preview";
import { registeredBeforeFailure, revealOrMask } from "../../engine/offline/run";
import { loadStackConfig } from "../../engine/preview/stackConfig";
import { messageProblems, parseMessage } from "../../message";
import { prefixesOf } from "../../components/iam/tenant";
import { documentOf, one, ofType } from "../helpers/offline";
import { EXECUTION_POLICY_LIMITS } from "../../vocabulary/tenants";
import * as fs from "fs";
import * as yaml from "js-yaml";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "../..");
const SHARED = path.join(ROOT, "Pulumi.shared-example.yaml");
const TENANTS = "emr-dataplane:tenants";

async function failure(config: Record<string, string>) {
    const base = loadStackConfig(SHARED, DATA_PLANE_PROJECT_FILE);
    try {
        const merged: Record<string, string> = { ...base.config, ...config };
        for (const [k, value] of Object.entries(merged)) if (value === undefined) delete merged[k];
        await previewStackConfig({ ...base, config: merged });
    } catch (err) {
        return { message: (err as Error).message, registered: registeredBeforeFailure(err) ?? [] };
    }
    throw new Error("expected the preview to fail");
}

describe("tenants of the shared example plane", () => {
    let p: StackPreview;
    before(async () => {
        p = await previewStack(SHARED);
    });

    it("lists both tenants in the message, each with a minified inline policy naming only its own prefixes", () => {
        const m = parseMessage(revealOrMask(p.outputs.controlPlaneMessage));
        expect(m.tenants!.map((t) => t.id)).to.deep.equal(["acme", "acme2"]);
        for (const t of m.tenants!) {
            const text = t.executionIamPolicy.policy!;
            expect(text.length).to.be.at.most(EXECUTION_POLICY_LIMITS.maxChars);
            expect(text).to.equal(JSON.stringify(JSON.parse(text)));
            expect(text).to.contain(`staging/tenants/${t.id}/*`);
            const other = t.id === "acme" ? "acme2" : "acme";
            expect(text).not.to.contain(`tenants/${other}/`);
        }
    });

    it("creates each tenant's output folder marker (an empty output/tenants/<id>/ object), so Spark's mkdirs stops inside the tenant's prefix", () => {
        const markers = ofType(p.resources, "aws:s3/bucketObjectv2:BucketObjectv2");
        expect(markers.map((r) => [r.inputs.bucket, r.inputs.key, r.inputs.content])).to.deep.equal([
            ["vendor-emr-logs-111122223333", "output/tenants/acme/", ""],
            ["vendor-emr-logs-111122223333", "output/tenants/acme2/", ""],
        ]);
    });

    it("an adopted bucket encrypted with its own KMS key: each tenant's policy uses that key through S3, for its own prefixes only", async () => {
        const key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        const base = loadStackConfig(SHARED, DATA_PLANE_PROJECT_FILE);
        const q = await previewStackConfig(base, { bucketSettings: { "vendor-emr-logs-111122223333": { encryption: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key, bucketKeyEnabled: true } } } });
        const m = parseMessage(revealOrMask(q.outputs.controlPlaneMessage));
        for (const t of m.tenants!) {
            const doc = JSON.parse(t.executionIamPolicy.policy!);
            const grant = doc.Statement.find((s: any) => JSON.stringify(s.Resource).includes(key));
            expect(grant, t.id).to.deep.equal({
                Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [key],
                Condition: {
                    StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
                    StringLike: { "kms:EncryptionContext:aws:s3:arn": ["arn:aws:s3:::vendor-emr-logs-111122223333", ...Object.values(prefixesOf(t.id)).map((x) => `arn:aws:s3:::vendor-emr-logs-111122223333/${x}*`)] },
                },
            });
        }
        // Without an adopted key (the example's world), no tenant policy names a key.
        for (const t of parseMessage(revealOrMask(p.outputs.controlPlaneMessage)).tenants!) expect(t.executionIamPolicy.policy).not.to.contain("kms:");
    });

    it("lets the runtime role assume each tenant's customer role and reach each tenant's access point", () => {
        const permissions = documentOf(one(p.resources, "aws:iam/rolePolicy:RolePolicy", "job-runtime-permissions"));
        const assume = permissions.Statement.find((s: any) => s.Sid === "AssumeCustomerDataAccessRoles");
        // The example's pattern (assumableRoleArns) covers both tenants' roles: none is added twice.
        expect(assume!.Resource).to.deep.equal(["arn:aws:iam::*:role/emr-dataplane-data-access*"]);
        const sources = documentOf(one(p.resources, "aws:iam/rolePolicy:RolePolicy", "tenants-data-sources"));
        expect(JSON.stringify(sources)).to.contain("accesspoint/acme-trips");
        expect(ofType(p.resources, "aws:iam/policy:Policy").filter((r) => r.name.startsWith("tenants-"))).to.have.length(0);
    });

    it("adds a tenant's customer role to the runtime role when no assumable role pattern covers it", async () => {
        const base = loadStackConfig(SHARED, DATA_PLANE_PROJECT_FILE);
        const role = "arn:aws:iam::777788889999:role/globex-analytics";
        const q = await previewStackConfig({ ...base, config: { ...base.config, [TENANTS]: JSON.stringify([{ id: "globex", customerRoleArns: [role] }]) } });
        const permissions = documentOf(one(q.resources, "aws:iam/rolePolicy:RolePolicy", "job-runtime-permissions"));
        const assume = permissions.Statement.find((s: any) => s.Sid === "AssumeCustomerDataAccessRoles");
        expect(assume!.Resource).to.deep.equal(["arn:aws:iam::*:role/emr-dataplane-data-access*", role]);
    });

    it("creates a managed policy for a tenant whose policy is too long to send inline, and sends its ARN", async () => {
        const base = loadStackConfig(SHARED, DATA_PLANE_PROJECT_FILE);
        const roles = Array.from({ length: 24 }, (_, i) => `arn:aws:iam::4444555566${String(i).padStart(2, "0")}:role/emr-dataplane-data-access-big-tenant-role-${i}`);
        const big = await previewStackConfig({ ...base, config: { ...base.config, [TENANTS]: JSON.stringify([{ id: "big", customerRoleArns: roles }]) } });
        const policyResource = one(big.resources, "aws:iam/policy:Policy", "tenants-big");
        expect(policyResource.inputs.name).to.equal("emr-dataplane-tenant-big");
        expect(String(policyResource.inputs.policy).length).to.be.greaterThan(EXECUTION_POLICY_LIMITS.maxChars);
        const m = parseMessage(revealOrMask(big.outputs.controlPlaneMessage));
        expect(m.tenants![0].executionIamPolicy).to.deep.equal({ policyArns: [policyResource.outputs.arn] });
    });

    it("fails the preview, naming the tenant, when its policy fits neither inline nor in a managed policy", async () => {
        const roles = Array.from({ length: 90 }, (_, i) => `arn:aws:iam::4444555566${String(i).padStart(2, "0")}:role/emr-dataplane-data-access-huge-tenant-role-${i}`);
        const f = await failure({ [TENANTS]: JSON.stringify([{ id: "acme" }, { id: "huge", customerRoleArns: roles }]) });
        expect(f.message).to.match(/tenants\[1\]: tenant huge's execution policy is \d+ characters/);
        expect(f.registered.filter((r) => r.type.startsWith("aws:"))).to.deep.equal([]);
    });

    for (const [name, tenants, pattern] of [
        ["a wildcard id", [{ id: "acme*" }], /emr-dataplane:tenants\[0\]\.id: must be 1-32 lowercase/],
        ["a policy-variable id", [{ id: "${aws:username}" }], /emr-dataplane:tenants\[0\]\.id: must be 1-32 lowercase/],
        ["a repeated id", [{ id: "acme" }, { id: "acme" }], /emr-dataplane:tenants\[1\]\.id: repeats tenant "acme"/],
        ["a role pattern", [{ id: "acme", customerRoleArns: ["arn:aws:iam::*:role/data*"] }], /emr-dataplane:tenants\[0\]\.customerRoleArns\[0\]: must be an IAM role ARN/],
        ["a role of two tenants", [{ id: "a", customerRoleArns: ["arn:aws:iam::444455556666:role/r"] }, { id: "b", customerRoleArns: ["arn:aws:iam::444455556666:role/r"] }], /tenants\[1\]\.customerRoleArns\[0\]: .* is already tenant a's/],
        ["a bucket ARN as data source", [{ id: "acme", dataSources: ["arn:aws:s3:::acme-data"] }], /tenants\[0\]\.dataSources\[0\]: must be an S3 access point ARN/],
        ["an unknown field", [{ id: "acme", prefix: "x/" }], /tenants\[0\]\.prefix: is not a tenant field/],
        ["a string instead of a mapping", ["acme"], /emr-dataplane:tenants\[0\]: must be a mapping/],
    ] as const) {
        it(`refuses ${name} before registering anything`, async () => {
            const f = await failure({ [TENANTS]: JSON.stringify(tenants) });
            expect(f.message).to.match(pattern);
            expect(f.registered.filter((r) => r.type.startsWith("aws:"))).to.deep.equal([]);
        });
    }

    describe("a tenant list file (tenantsFile)", () => {
        const dir = tempDir("tenants-file-");
        const write = (name: string, text: string) => {
            const file = path.join(dir, name);
            fs.writeFileSync(file, text);
            return file;
        };

        it("declares the same tenants as the stack config (YAML list, or a mapping with tenants; JSON too)", async () => {
            const base = loadStackConfig(SHARED, DATA_PLANE_PROJECT_FILE);
            const { [TENANTS]: inline, ...rest } = base.config;
            const list = JSON.parse(inline);
            for (const file of [write("tenants.yaml", yaml.dump(list)), write("tenants-map.yaml", yaml.dump({ tenants: list })), write("tenants.json", JSON.stringify(list))]) {
                const q = await previewStackConfig({ ...base, config: { ...rest, "emr-dataplane:tenantsFile": file } });
                expect(parseMessage(revealOrMask(q.outputs.controlPlaneMessage)).tenants, file).to.deep.equal(parseMessage(revealOrMask(p.outputs.controlPlaneMessage)).tenants);
            }
        });

        it("refuses a bad file by key and file before registering anything: a bad id, not a list, unreadable, both keys set", async () => {
            const bad = write("bad.yaml", "- id: acme\n- id: 'acme*'\n");
            const f1 = await failure({ [TENANTS]: undefined as never, "emr-dataplane:tenantsFile": bad });
            expect(f1.message).to.match(/^emr-dataplane:tenantsFile .*bad\.yaml\[1\]\.id: must be 1-32 lowercase/);
            const notList = write("not-list.yaml", "acme: {}\n");
            expect((await failure({ [TENANTS]: undefined as never, "emr-dataplane:tenantsFile": notList })).message).to.match(/tenantsFile .*not-list\.yaml tenants: must list at least one tenant/);
            expect((await failure({ [TENANTS]: undefined as never, "emr-dataplane:tenantsFile": path.join(dir, "missing.yaml") })).message).to.match(/^emr-dataplane:tenantsFile: .*missing\.yaml/);
            const both = await failure({ "emr-dataplane:tenantsFile": bad });
            expect(both.message).to.match(/^emr-dataplane:tenantsFile: declares tenants, and so does emr-dataplane:tenants: set one of the two/);
            for (const f of [f1, both]) expect(f.registered.filter((r) => r.type.startsWith("aws:"))).to.deep.equal([]);
        });
    });

    it("prefixes end in '/', so one id being the start of another shares nothing", () => {
        for (const kind of ["staging", "output", "logs"] as const) {
            expect(prefixesOf("acme2")[kind].startsWith(prefixesOf("acme")[kind])).to.equal(false);
        }
        expect(messageProblems({ ...parseMessage(revealOrMask(p.outputs.controlPlaneMessage)), tenants: [{ id: "a*", executionIamPolicy: { policy: "{}" } }] }))
            .to.deep.equal(['tenants[0].id: "a*" is not a valid tenant id']);
    });
});
