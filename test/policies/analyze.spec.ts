/**
 * The engine-free analyzer (engine/check/analyze.ts) over @pulumi/policy's own RPC functions, and the
 * reader of the files `dataplane check` takes (engine/check/stackFiles.ts).
 */
import { expect } from "chai";
import { SECRET_SIG, SECRET_SIG_KEY } from "../../engine/offline/run";
import { analyzeResources } from "../../engine/check/analyze";
import { POLICIES, PolicyConfigError, withEnforcement } from "../../policies/pack";
import { resourcesFromDocument } from "../../engine/check/stackFiles";
import { UNKNOWN_SENTINELS } from "../../policies/model/values";
import { StackRule, isStackRule, stackRule, typesOf } from "../../policies/model/rule";
import { StackModel, stackModelOf } from "../../policies/model/stackModel";
import type { PolicyResource } from "@pulumi/policy";
import { BUCKET, VENDOR_ROLE, doc, holding, resource, stack } from "../helpers/policy";

const OPEN_INGRESS = { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] };
const names = (vs: { policyName: string }[]) => vs.map((v) => v.policyName);

describe("analyzeResources (the pack without the Pulumi CLI)", () => {
    it("resource rules see inputs and stack rules see outputs, as the engine hands them", async () => {
        const pab = { bucket: BUCKET, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
        const resources = stack(
            resource("aws:s3/bucket:Bucket", "bucket", { bucket: BUCKET }),
            // The plan says all four flags; the provider's state says otherwise.
            resource("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "pab", pab, { outputs: { restrictPublicBuckets: false } }),
        );
        const found = await analyzeResources(resources, { policies: POLICIES.filter((p) => ["s3-public-access-block-complete", "resource-bucket-hardened"].includes(p.name)) });
        expect(found.filter((v) => v.policyName === "s3-public-access-block-complete")).to.deep.equal([]);
        expect(found.map((v) => v.message)).to.include(`bucket ${BUCKET}: public access block is wrong: public access block leaves restrictPublicBuckets off; set all four of blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets to true`);
    });

    it("checks managed custom resources only: not reads, components or providers", async () => {
        const read = { ...resource("aws:ec2/securityGroup:SecurityGroup", "existing", OPEN_INGRESS), op: "read" as const };
        const component = resource("aws:ec2/securityGroup:SecurityGroup", "component", OPEN_INGRESS, { custom: false });
        const provider = resource("pulumi:providers:aws", "default", { ingress: OPEN_INGRESS.ingress });
        const managed = resource("aws:ec2/securityGroup:SecurityGroup", "managed", OPEN_INGRESS);
        const found = await analyzeResources(stack(read, component, provider, managed));
        expect(found.map((v) => v.urn?.split("::").pop())).to.deep.equal(["managed"]);
    });

    it("reports the message without repeating the rule's description, and the description beside it", async () => {
        const [v] = await analyzeResources(stack(resource("aws:ec2/securityGroup:SecurityGroup", "sg", OPEN_INGRESS)));
        expect(v.message).to.match(/^ingress\[0\] admits all traffic from 0\.0\.0\.0\/0/);
        expect(v.description).to.equal(POLICIES.find((p) => p.name === "no-public-ingress")!.description);
        expect(v.urn).to.equal("urn:pulumi:test::policy-test::aws:ec2/securityGroup:SecurityGroup::sg");
    });

    it("applies a policy-pack config: `all`, a rule's own level, disabled", async () => {
        const resources = [...holding.rolePolicy(doc({ Effect: "Allow", Action: "*", Resource: "*" })), resource("aws:ec2/securityGroup:SecurityGroup", "sg", OPEN_INGRESS)];
        const found = await analyzeResources(resources, { config: { all: "advisory", "iam-passrole-scoped": "mandatory", "no-public-ingress": { enforcementLevel: "disabled" } } });
        expect(names(found)).not.to.include("no-public-ingress");
        expect(found.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policyName)).to.deep.equal(["iam-passrole-scoped", "iam-passrole-scoped"]);
        expect(names(found)).to.include.members(["iam-no-admin-grants", "s3-grants-scoped", "kms-grants-scoped"]);
    });

    it("skips values unknown until apply instead of failing them (a preview of new resources)", async () => {
        const unknown = UNKNOWN_SENTINELS;
        const bucket = resource("aws:s3/bucket:Bucket", "bucket", { bucket: unknown.string });
        const part = (type: string, name: string, props: Record<string, unknown>) => resource(type, name, { bucket: unknown.string, ...props }, { dependencies: [bucket.urn] });
        const resources = stack(
            bucket,
            part("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "pab", { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: unknown.bool }),
            part("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "sse", { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: unknown.string } }] }),
            part("aws:s3/bucketVersioning:BucketVersioning", "versioning", { versioningConfiguration: { status: "Enabled" } }),
            part("aws:s3/bucketPolicy:BucketPolicy", "tls", { policy: unknown.string }),
            resource("aws:ec2/securityGroup:SecurityGroup", "sg", { vpcId: unknown.string, ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [unknown.string] }] }),
            resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "rule", { securityGroupId: unknown.string, cidrIpv4: unknown.string, ipProtocol: "tcp" }),
        );
        const found = await analyzeResources(resources);
        expect(found.map((v) => [v.policyName, v.enforcementLevel, v.urn?.split("::").pop()])).to.deep.equal([["iam-document-checkable", "advisory", "tls"]]);
    });

    it("a rule's resource types are worked out once, frozen, and the same for its copy at another level", () => {
        const documentRule = POLICIES.find((p) => "kinds" in p)!;
        const first = typesOf(documentRule);
        expect(first).to.not.be.empty;
        expect(typesOf(documentRule)).to.equal(first);
        expect(Object.isFrozen(first)).to.equal(true);
        const advisory = withEnforcement(POLICIES, { [documentRule.name]: "advisory" }).find((p) => p.name === documentRule.name)!;
        expect(advisory).to.not.equal(documentRule);
        expect(typesOf(advisory)).to.deep.equal(first);
        expect(POLICIES.filter(isStackRule).every((p) => typesOf(p).length === 0)).to.equal(true);
    });

    it("hands the pack's stack rules one model made from the records, and @pulumi/policy's resource objects (with that model) only to a rule that asks", async () => {
        const parent = resource("emr-dataplane:index:RuntimeRole", "runtime", {}, { custom: false });
        const role = resource("aws:iam/role:Role", "runtime-role", { name: "runtime-role" }, { outputs: { arn: "arn:aws:iam::444455556666:role/runtime-role" } });
        const policy = { ...resource("aws:iam/rolePolicy:RolePolicy", "runtime-policy", { role: "runtime-role" }), parent: parent.urn, dependencies: [role.urn, "urn:pulumi:test::policy-test::aws:iam/role:Role::elsewhere"] };
        const resources = stack(parent, role, policy);
        const seen: StackModel[] = [];
        const byModel = stackRule({ name: "sees-the-model", description: "d", remediation: "r", check: (model) => (seen.push(model), []) });
        let listed: PolicyResource[] | undefined;
        const byList: StackRule = {
            name: "reads-the-resources", description: "d", enforcementLevel: "mandatory",
            validateStack: (args, report) => {
                listed = args.resources;
                if (stackModelOf(args.resources) !== seen[0]) report("another model");
            },
        } as StackRule;
        // Only the rule that reads the model: no resource objects are made, and the model is as stackModelOf makes it.
        expect(await analyzeResources(resources, { policies: [byModel] })).to.deep.equal([]);
        const model = seen[0];
        expect(model).to.be.an.instanceOf(StackModel);
        // Parents and dependencies within the stack only, as @pulumi/policy hands them.
        expect(model.resources.map((r) => [r.name, r.parent?.name ?? null, r.dependencies])).to.deep.equal([
            ["policy-test-test", null, []], ["runtime", "policy-test-test", []], ["runtime-role", "policy-test-test", []], ["runtime-policy", "runtime", [role.urn]],
        ]);
        expect(model.childrenOf(model.byUrn.get(parent.urn)!).map((r) => r.name)).to.deep.equal(["runtime-policy"]);
        // Both rules in one analysis: the one that reads resources gets them, parents and in-stack dependencies as objects, and the same model.
        seen.length = 0;
        expect(await analyzeResources(resources, { policies: [byModel, byList] })).to.deep.equal([]);
        expect(listed!.map((r) => [r.name, r.parent?.name ?? null, r.dependencies.map((d) => d.name)])).to.deep.equal(
            model.resources.map((r) => [r.name, r.parent?.name ?? null, r.dependencies.map((d) => d.split("::").pop())]));
        expect(listed!.find((r) => r.name === "runtime-role")!.props).to.deep.equal({ name: "runtime-role", arn: "arn:aws:iam::444455556666:role/runtime-role" });
    });

    it("refuses a config naming a rule that does not exist, or a level that does not", () => {
        expect(() => withEnforcement(POLICIES, { "no-public-ingres": "advisory" }, "c.json")).to.throw(PolicyConfigError, /c\.json: no rule named "no-public-ingres"/);
        expect(() => withEnforcement(POLICIES, { all: "warn" as never }, "c.json")).to.throw(PolicyConfigError, /c\.json: all must be one of/);
    });
});

describe("reading the files dataplane check takes", () => {
    const role = (assumeRolePolicy: unknown) => ({
        urn: "urn:pulumi:prod::plane::aws:iam/role:Role::launch", custom: true, id: "launch", type: "aws:iam/role:Role",
        inputs: { assumeRolePolicy }, outputs: { arn: "arn:aws:iam::444455556666:role/launch", assumeRolePolicy },
    });
    const noExternalId = JSON.stringify(doc({ Effect: "Allow", Principal: { AWS: VENDOR_ROLE }, Action: "sts:AssumeRole" }));
    const exportOf = (...resources: object[]) => ({ version: 3, deployment: { manifest: {}, resources } });

    it("a --show-secrets export's plaintext secret is read and checked", async () => {
        const secret = { [SECRET_SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(noExternalId) };
        const { resources } = resourcesFromDocument(exportOf(role(secret)), "stack.json");
        expect(names(await analyzeResources(resources))).to.deep.equal(["cross-account-trust-external-id", "foreign-accounts-trusted"]);
    });

    it("says when a file's properties are plain JSON (no secret, reference or output value anywhere), and the verdicts are the same either way", async () => {
        const plain = resourcesFromDocument(exportOf(role(noExternalId)), "stack.json");
        expect(plain.plainJson).to.equal(true);
        const secret = { [SECRET_SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(noExternalId) };
        const revealed = resourcesFromDocument(exportOf(role(noExternalId), { ...role(secret), urn: role(secret).urn.replace("launch", "other") }), "stack.json");
        expect(revealed.plainJson).to.equal(false);
        // A signature outside any resource (a stack output) makes the file not plain, too.
        const elsewhere = resourcesFromDocument({ ...exportOf(role(noExternalId)), note: { [SECRET_SIG_KEY]: SECRET_SIG, ciphertext: "x" } }, "stack.json");
        expect(elsewhere.plainJson).to.equal(false);
        const judged = async (opts: { plainJson?: boolean }) => (await analyzeResources(plain.resources, opts)).map((v) => [v.policyName, v.message]);
        expect(await judged({ plainJson: true })).to.deep.equal(await judged({}));
        expect(names(await analyzeResources(plain.resources, { plainJson: true }))).to.deep.equal(["cross-account-trust-external-id", "foreign-accounts-trusted"]);
    });

    it("ciphertext is not checkable, and said so", async () => {
        const secret = { [SECRET_SIG_KEY]: SECRET_SIG, ciphertext: "v1:abc:def" };
        const { resources } = resourcesFromDocument(exportOf(role(secret)), "stack.json");
        const found = await analyzeResources(resources);
        expect(found.map((v) => [v.policyName, v.enforcementLevel])).to.deep.equal([["iam-document-checkable", "advisory"]]);
    });

    it("names come from URNs, parents and dependencies are kept, external resources are reads", () => {
        const { format, resources } = resourcesFromDocument(exportOf(
            { urn: "urn:pulumi:prod::plane::pulumi:pulumi:Stack::plane-prod", custom: false, type: "pulumi:pulumi:Stack" },
            { ...role(noExternalId), parent: "urn:pulumi:prod::plane::pulumi:pulumi:Stack::plane-prod", dependencies: ["urn:x"] },
            { urn: "urn:pulumi:prod::plane::aws:ec2/vpc:Vpc::existing", custom: true, id: "vpc-1", type: "aws:ec2/vpc:Vpc", external: true },
        ), "stack.json");
        expect(format).to.equal("pulumi stack export");
        expect(resources.map((r) => [r.name, r.custom, r.op, r.parent ?? null, r.dependencies])).to.deep.equal([
            ["plane-prod", false, "register", null, []],
            ["launch", true, "register", "urn:pulumi:prod::plane::pulumi:pulumi:Stack::plane-prod", ["urn:x"]],
            ["existing", true, "read", null, []],
        ]);
    });

    it("a preview keeps the last new state of each resource and drops what is being deleted", () => {
        const state = (name: string, extra: object = {}) => ({ urn: `urn:pulumi:prod::plane::aws:ec2/securityGroup:SecurityGroup::${name}`, custom: true, type: "aws:ec2/securityGroup:SecurityGroup", ...extra });
        const { format, resources } = resourcesFromDocument({
            steps: [
                { op: "create-replacement", urn: state("sg").urn, newState: state("sg", { inputs: { description: "new" } }) },
                { op: "replace", urn: state("sg").urn, oldState: state("sg"), newState: state("sg", { inputs: { description: "new" } }) },
                { op: "delete-replaced", urn: state("sg").urn, oldState: state("sg", { inputs: { description: "old" } }) },
                { op: "delete", urn: state("gone").urn, oldState: state("gone") },
            ],
            diagnostics: [], changeSummary: { replace: 1, delete: 1 },
        }, "preview.json");
        expect(format).to.equal("pulumi preview --json");
        expect(resources.map((r) => [r.name, r.inputs.description])).to.deep.equal([["sg", "new"]]);
    });
});
