/**
 * The pack on cross-account data through S3 access points, as the components register it: the
 * owner and consumer example stacks pass every rule; one change to either (an access point shared
 * with `*`, a delegation without its account condition, a key admitting `*`, a consumer grant
 * widened) fails the rule it should, through `analyzeResources` and through `dataplane check` on
 * preview JSON; the existing rules read these shapes right (a key policy's `kms:*` to its own
 * account and `Resource: "*"`, access point ARNs as named S3 resources); and an IAM simulator
 * shows that each failing shape really allows a request ours refuses.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { PolicyDocument, Statement, accessPointPolicy, s3ViaService } from "../../components/iam";
import { previewStack } from "../../engine/preview/preview";
import { RegisteredResource } from "../../engine/offline/run";
import { analyzeResources } from "../../engine/check/analyze";
import { policyConfigBeside } from "../../engine/check/analyze";
import { inProcess } from "../helpers/cli";
import { Decision, decide } from "../helpers/iamSimulate";
import { documentOf, one } from "../helpers/offline";
import { changed, violationsOf, withChange } from "../helpers/policy";
import { AP, CONSUMER, CONSUMER_ROLE, DATA_BUCKET, DATA_KEY, OTHER_AP, OTHER_KEY, OWNER, dataSource, held } from "./accessPointCases";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "../..");
const OWNER_STACK = path.join(ROOT, "stacks", "datasource", "Pulumi.owner-example.yaml");
const CONSUMER_STACK = path.join(ROOT, "stacks", "datasource", "Pulumi.consumer-example.yaml");

/** The mandatory rules a run breaks, with the resource each is about. */
const broken = async (resources: RegisteredResource[]) =>
    [...new Set((await analyzeResources(resources, { config: policyConfigBeside(OWNER_STACK) })).filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policyName} ${v.urn?.split("::").pop()}`))].sort();

/** A copy of `resources` whose resource `name` has its policy statement `sid` changed. */
function withStatement(resources: RegisteredResource[], name: string, sid: string, change: (s: Statement) => Statement): RegisteredResource[] {
    return withChange(resources, name, (p) => { p.policy = JSON.stringify(changed(JSON.parse(p.policy), sid, change)); });
}

const add = (extra: string) => (s: Statement): Statement => ({ ...s, Resource: [...[s.Resource].flat() as string[], extra] });

describe("access point shapes under the pack", () => {
    let owner: RegisteredResource[];
    let consumer: RegisteredResource[];
    before(async () => {
        owner = (await previewStack(OWNER_STACK)).resources;
        consumer = (await previewStack(CONSUMER_STACK)).resources;
    });

    describe("the owner example (stacks/datasource, side owner)", () => {
        it("passes every rule, with the pack config beside it trusting the consumer role", async () => {
            expect(await analyzeResources(owner, { config: policyConfigBeside(OWNER_STACK) })).to.deep.equal([]);
        });

        it("without that config, names the consumer's account as foreign (and nothing else)", async () => {
            const found = await analyzeResources(owner);
            expect([...new Set(found.map((v) => v.policyName))]).to.deep.equal(["foreign-accounts-trusted"]);
            expect(found.every((v) => v.message.includes("arn:aws:iam::444455556666:role/emr-dataplane-job-runtime (account 444455556666)"))).to.equal(true);
        });

        const variants: [string, () => RegisteredResource[], string][] = [
            ["the access point shared with \"*\"", () => withStatement(owner, "data-source-access-point", "ConsumerReadInputPrefix", (s) => ({ ...s, Principal: "*" })), "access-point-policy-named-roles data-source-access-point"],
            ["the access point shared with the consumer's whole account", () => withStatement(owner, "data-source-access-point", "ConsumerWriteOutputPrefix", (s) => ({ ...s, Principal: { AWS: CONSUMER } })), "access-point-policy-named-roles data-source-access-point|foreign-accounts-trusted data-source-access-point"],
            ["the delegation without its account condition", () => withStatement(owner, "data-source-policy", "DelegateAccessControlToOwnAccessPoints", ({ Condition: _c, ...s }) => s), "bucket-policy-delegation-scoped data-source-policy"],
            ["the delegation on another bucket", () => withStatement(owner, "data-source-policy", "DelegateAccessControlToOwnAccessPoints", (s) => ({ ...s, Resource: ["arn:aws:s3:::acme-hr-data", "arn:aws:s3:::acme-hr-data/*"] })), "bucket-policy-delegation-scoped data-source-policy"],
            ["the key admitting {AWS: \"*\"} (its conditions kept)", () => withStatement(owner, "data-source-key", "ConsumerRolesUseKeyThroughS3", (s) => ({ ...s, Principal: { AWS: "*" } })), "kms-key-policy-not-public data-source-key"],
        ];
        for (const [what, resources, rule] of variants) {
            it(`fails with ${what}: exactly ${rule.split(" ")[0]}`, async () => {
                expect(await broken(resources())).to.deep.equal(rule.split("|"));
            });
        }

        it("through dataplane check on its preview JSON: the example passes (exit 0), the access point shared with \"*\" fails (exit 1)", async () => {
            const preview = await inProcess("preview", "--config", OWNER_STACK, "--json");
            expect(preview.status).to.equal(0);
            const dir = tempDir("dataplane-access-point-");
            const good = path.join(dir, "owner.json");
            fs.writeFileSync(good, preview.stdout);
            const plan = JSON.parse(preview.stdout);
            const ap = plan.resources.find((r: { type: string }) => r.type === "aws:s3/accessPoint:AccessPoint");
            ap.inputs.policy = JSON.stringify(changed(JSON.parse(ap.inputs.policy), "ConsumerReadInputPrefix", (s) => ({ ...s, Principal: "*" })));
            const bad = path.join(dir, "owner-shared-with-everyone.json");
            fs.writeFileSync(bad, JSON.stringify(plan));

            const config = OWNER_STACK.replace(/\.yaml$/, ".policy.json");
            const passed = await inProcess("check", good, "--json", "--policy-config", config);
            expect([passed.status, JSON.parse(passed.stdout).violations]).to.deep.equal([0, []]);
            const failed = await inProcess("check", bad, "--json", "--policy-config", config);
            expect(failed.status).to.equal(1);
            expect(JSON.parse(failed.stdout).violations.map((v: { policyName: string; urn: string; message: string }) => [v.policyName, v.urn, v.message])).to.deep.equal([[
                "access-point-policy-named-roles", ap.urn,
                "policy: Statement[0] (Sid ConsumerReadInputPrefix): admits \"*\" (everyone); an access point policy must name the consumer roles by ARN (arn:aws:iam::<account>:role/<name>) and nothing else",
            ]]);
        });
    });

    describe("the consumer example (AccessPointGrant's RolePolicy)", () => {
        it("passes every rule: access point ARNs are named S3 resources for s3-grants-scoped and resource-actions-not-on-star", async () => {
            expect(documentOf(one(consumer, "aws:iam/rolePolicy:RolePolicy")).Statement.flatMap((s) => [s.Resource].flat())).to.include(`${AP}/object/input/*`);
            expect(await analyzeResources(consumer)).to.deep.equal([]);
        });

        const grant = "data-source-grant-policy";
        const widened: [string, string, (s: Statement) => Statement, string][] = [
            ["a second access point", "DataSourceReadInputPrefix", add(`${OTHER_AP}/object/input/*`), "access-point-grant-one-source"],
            ["every access point of the owner (accesspoint/*)", "DataSourceReadInputPrefix", (s) => ({ ...s, Resource: `arn:aws:s3:eu-west-1:${OWNER}:accesspoint/*` }), "s3-grants-scoped"],
            ["every access point's input prefix, anywhere", "DataSourceReadInputPrefix", (s) => ({ ...s, Resource: "arn:aws:s3:*:*:accesspoint/*/object/input/*" }), "s3-grants-scoped"],
            ["listing every access point", "DataSourceListThroughTheAccessPoint", (s) => ({ ...s, Resource: `arn:aws:s3:eu-west-1:${OWNER}:accesspoint/*` }), "s3-grants-scoped"],
            ["a second key", "DataSourceKeyThroughS3", add(OTHER_KEY), "access-point-grant-one-source"],
            ["every key of the owner (key/*)", "DataSourceKeyThroughS3", (s) => ({ ...s, Resource: `arn:aws:kms:eu-west-1:${OWNER}:key/*` }), "kms-grants-scoped"],
            ["every key (*)", "DataSourceKeyThroughS3", (s) => ({ ...s, Resource: "*" }), "kms-grants-scoped"],
        ];
        for (const [what, sid, change, rule] of widened) {
            it(`widened to ${what}: fails ${rule}, and only it`, async () => {
                expect(await broken(withStatement(consumer, grant, sid, change))).to.deep.equal([`${rule} ${grant}`]);
            });
        }
    });

    describe("what the existing rules make of the owner's key policy", () => {
        it("kms:* to the key's own account root passes iam-no-admin-grants and kms-key-admin-own-account; to the consumer's root it fails", async () => {
            expect(await violationsOf("iam-no-admin-grants", held.key(dataSource.keyPolicy()))).to.deep.equal([]);
            expect(await violationsOf("kms-key-admin-own-account", owner)).to.deep.equal([]);
            const foreign = withStatement(owner, "data-source-key", "AccountAdministersKeyThroughIam", (s) => ({ ...s, Principal: { AWS: `arn:aws:iam::${CONSUMER}:root` } }));
            expect((await violationsOf("kms-key-admin-own-account", foreign)).map((v) => v.message)).to.deep.equal([
                `policy: Statement[0] (Sid AccountAdministersKeyThroughIam) gives kms:* to arn:aws:iam::${CONSUMER}:root, not the key's own account ${OWNER}; give it to arn:aws:iam::${OWNER}:root only`,
            ]);
        });

        it("Resource \"*\" in a key policy is that key: no rule flags it there, while the same statement in an identity policy fails kms-grants-scoped", async () => {
            const keyPolicy = dataSource.keyPolicy();
            expect(keyPolicy.Statement.map((s) => s.Resource)).to.deep.equal(["*", "*"]);
            expect(await analyzeResources(held.key(keyPolicy), { config: policyConfigBeside(OWNER_STACK) })).to.deep.equal([]);
            const { Principal: _p, ...asIdentity } = keyPolicy.Statement[1];
            const found = await analyzeResources(held.grant({ Version: "2012-10-17", Statement: [asIdentity] }), { config: policyConfigBeside(OWNER_STACK) });
            expect(found.map((v) => v.policyName)).to.deep.equal(["kms-grants-scoped"]);
        });
    });

    /**
     * For each new rule, a request the failing shape allows and ours refuses: the owner's access
     * point, bucket or key policy (or the consumer's grant) decides it, the other side granting.
     */
    describe("each failing shape, asked of an IAM simulator", () => {
        const STRANGER = "arn:aws:iam::555566667777:role/stranger";
        const NEIGHBOUR = `arn:aws:iam::${CONSUMER}:role/someone-else`;
        const READ_INPUT = { action: "s3:GetObject", resource: `${AP}/object/input/trips.csv` };
        const VIA_S3 = { "kms:ViaService": s3ViaService("eu-west-1"), "kms:CallerAccount": CONSUMER };
        const readsAnyBucketObject: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] };
        const witnesses: { rule: string; ours: () => PolicyDocument; failing: () => PolicyDocument; hold: (d: PolicyDocument) => RegisteredResource[]; ask: (d: PolicyDocument) => Promise<Decision> }[] = [
            {
                rule: "access-point-policy-named-roles", hold: held.accessPoint, ours: () => dataSource.accessPointPolicy(),
                failing: () => changed(dataSource.accessPointPolicy(), "ConsumerReadInputPrefix", (s) => ({ ...s, Principal: "*" })),
                // A stranger's role that grants itself what our consumer's grant does.
                ask: (d) => decide([dataSource.grant()], { ...READ_INPUT, principal: STRANGER, resourcePolicy: d }),
            },
            {
                rule: "bucket-policy-delegation-scoped", hold: held.bucketPolicy, ours: () => dataSource.bucketPolicy(),
                failing: () => changed(dataSource.bucketPolicy(), "DelegateAccessControlToOwnAccessPoints", ({ Condition: _c, ...s }) => s),
                // Straight to the bucket, not through an access point.
                ask: (d) => decide([readsAnyBucketObject], { action: "s3:GetObject", resource: `arn:aws:s3:::${DATA_BUCKET}/input/trips.csv`, principal: STRANGER, resourceAccount: OWNER, resourcePolicy: d }),
            },
            {
                rule: "kms-key-policy-not-public", hold: held.key, ours: () => dataSource.keyPolicy(),
                failing: () => changed(dataSource.keyPolicy(), "ConsumerRolesUseKeyThroughS3", (s) => ({ ...s, Principal: { AWS: "*" } })),
                // Another role of the consumer's account, through S3: the conditions hold, the principal is not ours.
                ask: (d) => decide([dataSource.grant()], { action: "kms:Decrypt", resource: DATA_KEY, principal: NEIGHBOUR, context: VIA_S3, resourcePolicy: d }),
            },
            {
                rule: "access-point-grant-one-source", hold: held.grant, ours: () => dataSource.grant(),
                failing: () => changed(dataSource.grant(), "DataSourceReadInputPrefix", add(`${OTHER_AP}/object/input/*`)),
                // The owner's second access point admits the role too: only the grant decides.
                ask: (d) => decide([d], { action: "s3:GetObject", resource: `${OTHER_AP}/object/input/salaries.csv`, principal: CONSUMER_ROLE,
                    resourcePolicy: accessPointPolicy({ accessPointArn: OTHER_AP, consumerRoleArns: [CONSUMER_ROLE], inputPrefix: "input/", outputPrefix: "output/" }) }),
            },
        ];
        for (const w of witnesses) {
            it(`${w.rule}: the failing shape allows a request ours refuses; the pack flags only the failing one`, async () => {
                expect(await w.ask(w.failing())).to.equal("Allowed");
                expect(await w.ask(w.ours())).to.equal("ImplicitlyDenied");
                expect((await violationsOf(w.rule, w.hold(w.failing()))).length).to.equal(1);
                expect(await violationsOf(w.rule, w.hold(w.ours()))).to.deep.equal([]);
            });
        }
    });
});
