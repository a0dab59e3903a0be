/**
 * What the documents *do*, asked of a real IAM request simulator (@cloud-copilot/iam-simulate,
 * AGPL-3.0, a dev dependency only): for each example stack, the runtime role reads and writes its
 * bucket's logs/ and staging/ and nothing else, the launch principal passes exactly the runtime role
 * and only to EMR Serverless, and the private plane's trust admits the vendor only with the right
 * ExternalId. Then the pack's verdicts: for each rule, a request that the failing document allows
 * and our document does not — so what the pack flags is a real over-grant, not a string it dislikes.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { expect } from "chai";
import * as path from "path";
import { LAUNCHER_TAGS, PolicyDocument, SERVICE, Statement } from "../../components/iam";
import { tagContext } from "../../launcher/iamRequests";
import { DATA_PLANE_PROJECT_FILE, previewStack, previewStackConfig } from "../../engine/preview/preview";
import { loadStackConfig } from "../../engine/preview/stackConfig";
import { RegisteredResource, revealOrMask } from "../../engine/offline/run";
import { BUCKET, KEY_ARN, RUNTIME_ROLE_ARN, SCOPE, VENDOR_ROLE, changed, doc, happy, holding, violationsOf } from "../helpers/policy";
import { one } from "../helpers/offline";

const ROOT = path.resolve(__dirname, "../..");

type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

interface Ask {
    principal: string;
    action: string;
    resource: string;
    context?: Record<string, string | string[]>;
    identity?: PolicyDocument;
    resourcePolicy?: PolicyDocument;
    /** The account owning the resource; defaults to the ARN's, else the principal's (S3 ARNs name none). */
    resourceAccount?: string;
}

/** The simulator's decision for one request; a request it cannot evaluate fails the test. */
async function decide(ask: Ask): Promise<Decision> {
    const account = ask.resourceAccount ?? /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(ask.resource)?.[1] ?? /::(\d{12}):/.exec(ask.principal)?.[1] ?? SCOPE.accountId;
    const result = await runSimulation({
        identityPolicies: ask.identity ? [{ name: "identity", policy: ask.identity as never }] : [],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: ask.resourcePolicy as never,
        request: { principal: ask.principal, action: ask.action, resource: { resource: ask.resource, accountId: account }, contextVariables: ask.context ?? {} },
    }, {});
    if (result.resultType === "error") throw new Error(`the simulator refused ${ask.action} on ${ask.resource}: ${JSON.stringify(result.errors)}`);
    return result.overallResult as Decision;
}

function documentIn(resources: RegisteredResource[], type: string, name: string, key: string): PolicyDocument {
    const value = revealOrMask(one(resources, type, name).inputs[key]);
    return JSON.parse(value as string);
}

function arnOf(resources: RegisteredResource[], name: string): string {
    return one(resources, "aws:iam/role:Role", name).outputs.arn as string;
}

interface Plane {
    resources: RegisteredResource[];
    bucket: string;
    runtimeRole: string;
    runtimePolicy: PolicyDocument;
    launchPrincipal: string;
    launchPolicy: PolicyDocument;
    account: string;
    region: string;
    /** The plane's own application; undefined in launcher mode. */
    applicationId?: string;
}

async function plane(file: string, launch: (r: RegisteredResource[]) => { principal: string; policy: PolicyDocument }, config: Record<string, string> = {}): Promise<Plane> {
    const base = loadStackConfig(path.join(ROOT, file), DATA_PLANE_PROJECT_FILE);
    const preview = await previewStackConfig({ ...base, config: { ...base.config, ...config } });
    const message = revealOrMask(preview.outputs.controlPlaneMessage) as Record<string, string>;
    const { principal, policy } = launch(preview.resources);
    return {
        resources: preview.resources,
        bucket: message.resourceBucket,
        runtimeRole: message.jobRuntimeRoleArn,
        runtimePolicy: documentIn(preview.resources, "aws:iam/rolePolicy:RolePolicy", "job-runtime-permissions", "policy"),
        launchPrincipal: principal,
        launchPolicy: policy,
        account: preview.world.accountId,
        region: preview.world.region,
        applicationId: message.applicationId,
    };
}

const planes: Record<string, Plane> = {};

describe("the example stacks' documents, asked of an IAM simulator", () => {
    before(async () => {
        planes.private = await plane("Pulumi.private-example.yaml", (r) => ({
            principal: arnOf(r, "launch-role"),
            policy: documentIn(r, "aws:iam/rolePolicy:RolePolicy", "launch-permissions", "policy"),
        }));
        planes.shared = await plane("Pulumi.shared-example.yaml", (r) => ({
            principal: "arn:aws:iam::111122223333:role/role_trusted_user",
            policy: documentIn(r, "aws:iam/policy:Policy", "launch-policy", "policy"),
        }));
        planes["private, launcher mode"] = await plane("Pulumi.private-example.yaml", (r) => ({
            principal: arnOf(r, "launch-role"),
            policy: documentIn(r, "aws:iam/rolePolicy:RolePolicy", "launch-permissions", "policy"),
        }), { "emr-dataplane:applicationMode": "launcher" });
    });

    for (const name of ["private", "shared", "private, launcher mode"]) {
        describe(`the ${name} example`, () => {
            it("the runtime role can read and write its bucket's logs/ and staging/", async () => {
                const p = planes[name];
                for (const key of ["logs/applications/00f1/driver.log", "staging/jobs/etl.py"]) {
                    for (const action of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]) {
                        expect(await decide({ principal: p.runtimeRole, action, resource: `arn:aws:s3:::${p.bucket}/${key}`, identity: p.runtimePolicy }), `${action} ${key}`).to.equal("Allowed");
                    }
                }
                expect(await decide({ principal: p.runtimeRole, action: "s3:ListBucket", resource: `arn:aws:s3:::${p.bucket}`, identity: p.runtimePolicy, context: { "s3:prefix": "logs/applications/" } })).to.equal("Allowed");
            });

            it("the runtime role cannot touch another bucket, nor its own bucket outside logs/ and staging/", async () => {
                const p = planes[name];
                const asks: [string, string, Record<string, string>?][] = [
                    ["s3:GetObject", `arn:aws:s3:::someone-elses-bucket/logs/x.log`],
                    ["s3:PutObject", `arn:aws:s3:::someone-elses-bucket/staging/x.py`],
                    ["s3:ListBucket", `arn:aws:s3:::someone-elses-bucket`, { "s3:prefix": "logs/" }],
                    ["s3:PutObject", `arn:aws:s3:::${p.bucket}/other/x`],
                    ["s3:DeleteBucket", `arn:aws:s3:::${p.bucket}`],
                    ["s3:PutBucketPolicy", `arn:aws:s3:::${p.bucket}`],
                ];
                for (const [action, resource, context] of asks) {
                    expect(await decide({ principal: p.runtimeRole, action, resource, identity: p.runtimePolicy, context }), `${action} ${resource}`).to.equal("ImplicitlyDenied");
                }
            });

            it("the launch principal can pass exactly the runtime role, and only to EMR Serverless", async () => {
                const p = planes[name];
                const pass = (resource: string, service?: string) => decide({
                    principal: p.launchPrincipal, action: "iam:PassRole", resource, identity: p.launchPolicy,
                    context: service ? { "iam:PassedToService": service } : {},
                });
                expect(await pass(p.runtimeRole, SERVICE.emrServerless)).to.equal("Allowed");
                expect(await pass(p.runtimeRole, "ec2.amazonaws.com")).to.equal("ImplicitlyDenied");
                expect(await pass(p.runtimeRole, "glue.amazonaws.com")).to.equal("ImplicitlyDenied");
                expect(await pass(p.runtimeRole)).to.equal("ImplicitlyDenied");
                expect(await pass(`arn:aws:iam::${p.account}:role/admin`, SERVICE.emrServerless)).to.equal("ImplicitlyDenied");
                expect(await pass(`${p.runtimeRole}-2`, SERVICE.emrServerless)).to.equal("ImplicitlyDenied");
            });

            it("the launch principal starts job runs on the plane's application (launcher mode: this account's), only with the launcher's tags", async () => {
                const p = planes[name];
                const app = (account: string, id = p.applicationId ?? "00f1abcd") => `arn:aws:emr-serverless:${p.region}:${account}:/applications/${id}`;
                const start = (resource: string, context: Record<string, string | string[]>) =>
                    decide({ principal: p.launchPrincipal, action: "emr-serverless:StartJobRun", resource, identity: p.launchPolicy, context });
                const ours = tagContext(LAUNCHER_TAGS);
                expect(await start(app(p.account), ours)).to.equal("Allowed");
                expect(await start(app("999988887777"), ours)).to.equal("ImplicitlyDenied");
                expect(await start(app(p.account), {}), "untagged").to.equal("ImplicitlyDenied");
                expect(await start(app(p.account), { ...ours, "aws:RequestTag/team": "x", "aws:TagKeys": [...Object.keys(LAUNCHER_TAGS), "team"] }), "an extra tag").to.equal("ImplicitlyDenied");
                // Paired with the plane's application, any other application of the account is refused too.
                expect(await start(app(p.account, "00another00app01"), ours), "another application").to.equal(p.applicationId ? "ImplicitlyDenied" : "Allowed");
            });

            it("paired with the plane's application, creates, changes, deletes and tags no application; in launcher mode, creates tagged ones", async () => {
                const p = planes[name];
                const ours = tagContext(LAUNCHER_TAGS);
                const ask = (action: string, resource: string, context: Record<string, string | string[]>) =>
                    decide({ principal: p.launchPrincipal, action, resource, identity: p.launchPolicy, context, resourceAccount: p.account });
                const app = `arn:aws:emr-serverless:${p.region}:${p.account}:/applications/${p.applicationId ?? "00f1abcd"}`;
                const owned = p.applicationId !== undefined;
                expect(await ask("emr-serverless:CreateApplication", "*", ours)).to.equal(owned ? "ImplicitlyDenied" : "Allowed");
                expect(await ask("emr-serverless:CreateApplication", "*", {})).to.equal("ImplicitlyDenied");
                expect(await ask("emr-serverless:TagResource", app, ours)).to.equal(owned ? "ImplicitlyDenied" : "Allowed");
                expect(await ask("emr-serverless:TagResource", `${app}/jobruns/00f2`, ours)).to.equal("Allowed");
                const [key] = Object.keys(LAUNCHER_TAGS);
                expect(await ask("emr-serverless:TagResource", `${app}/jobruns/00f2`, { [`aws:RequestTag/${key}`]: "other", "aws:TagKeys": [key] })).to.equal("ImplicitlyDenied");
                expect(await ask("emr-serverless:UntagResource", app, { "aws:TagKeys": [key] })).to.equal("ImplicitlyDenied");
                for (const action of ["UpdateApplication", "DeleteApplication"]) expect(await ask(`emr-serverless:${action}`, app, {}), action).to.equal("ImplicitlyDenied");
            });

            it("EMR Serverless may assume the runtime role for this account's applications only", async () => {
                const p = planes[name];
                const trust = documentIn(p.resources, "aws:iam/role:Role", "job-runtime-role", "assumeRolePolicy");
                const assume = (account: string) => decide({
                    principal: SERVICE.emrServerless, action: "sts:AssumeRole", resource: p.runtimeRole, resourcePolicy: trust,
                    context: { "aws:SourceAccount": account, "aws:SourceArn": `arn:aws:emr-serverless:${p.region}:${account}:/applications/00f1abcd` },
                });
                expect(await assume(p.account)).to.equal("Allowed");
                expect(await assume("999988887777")).to.equal("ImplicitlyDenied");
            });
        });
    }

    describe("the private plane's cross-account trust", () => {
        let trust: PolicyDocument;
        let externalId: string;
        let launchRole: string;
        let vendorSide: PolicyDocument;
        before(async () => {
            const p = planes.private;
            trust = documentIn(p.resources, "aws:iam/role:Role", "launch-role", "assumeRolePolicy");
            externalId = (revealOrMask((await previewStack(path.join(ROOT, "Pulumi.private-example.yaml"))).outputs.controlPlaneMessage) as Record<string, string>).externalId;
            launchRole = p.launchPrincipal;
            // The vendor half of the trust, as the shared example grants it to its system role.
            vendorSide = documentIn(planes.shared.resources, "aws:iam/policy:Policy", "launch-assume-private-planes", "policy");
        });
        const assume = (principal: string, context: Record<string, string>) =>
            decide({ principal, action: "sts:AssumeRole", resource: launchRole, identity: vendorSide, resourcePolicy: trust, context });

        it("admits the vendor's system role with the plane's ExternalId", async () => {
            expect(externalId).to.match(/^[A-Za-z0-9]{40}$/);
            expect(await assume(VENDOR_ROLE, { "sts:ExternalId": externalId })).to.equal("Allowed");
        });

        it("refuses it with another ExternalId, or none", async () => {
            expect(await assume(VENDOR_ROLE, { "sts:ExternalId": `${externalId.slice(1)}x` })).to.equal("ImplicitlyDenied");
            expect(await assume(VENDOR_ROLE, {})).to.equal("ImplicitlyDenied");
        });

        it("refuses any other principal, even with the right ExternalId", async () => {
            expect(await assume("arn:aws:iam::111122223333:role/someone_else", { "sts:ExternalId": externalId })).to.equal("ImplicitlyDenied");
            expect(await assume("arn:aws:iam::999988887777:role/role_trusted_user", { "sts:ExternalId": externalId })).to.equal("ImplicitlyDenied");
        });
    });
});

/** For each rule: a failing document, a request it allows, and our document that refuses that request. */
interface Witness {
    rule: string;
    bad: PolicyDocument;
    good: PolicyDocument;
    kind: "identity" | "trust";
    ask: Omit<Ask, "identity" | "resourcePolicy">;
    /** For trust witnesses: the identity side of a cross-account request. */
    identity?: PolicyDocument;
    /** For identity witnesses on KMS: the key's policy (KMS requires one to allow even same-account use). */
    resourcePolicy?: PolicyDocument;
}

const LAUNCH_ROLE = "arn:aws:iam::444455556666:role/emr-dataplane-launch";
const allow = (Action: string | string[], Resource: string | string[]): Statement => ({ Effect: "Allow", Action, Resource });

const WITNESSES: Witness[] = [
    { rule: "iam-no-admin-grants", kind: "identity", bad: doc(allow("s3:*", [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`])), good: happy.runtimePermissions(), ask: { principal: RUNTIME_ROLE_ARN, action: "s3:DeleteBucket", resource: `arn:aws:s3:::${BUCKET}` } },
    { rule: "iam-no-admin-grants", kind: "identity", bad: doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }), good: happy.runtimePermissions(), ask: { principal: RUNTIME_ROLE_ARN, action: "ec2:TerminateInstances", resource: "arn:aws:ec2:eu-west-1:444455556666:instance/i-0123456789abcdef0" } },
    { rule: "iam-passrole-scoped", kind: "identity", bad: doc(allow("iam:Pass*", "*")), good: happy.launchPermissions(), ask: { principal: LAUNCH_ROLE, action: "iam:PassRole", resource: "arn:aws:iam::444455556666:role/admin", context: { "iam:PassedToService": "ec2.amazonaws.com" } } },
    { rule: "s3-grants-scoped", kind: "identity", bad: doc(allow("s3:Get*", "*")), good: happy.runtimePermissions(), ask: { principal: RUNTIME_ROLE_ARN, action: "s3:GetObject", resource: "arn:aws:s3:::payroll-exports/2026/01.csv" } },
    { rule: "kms-grants-scoped", kind: "identity", resourcePolicy: happy.keyPolicy(), bad: changed(happy.runtimePermissions(), "ResourceBucketKey", (s) => ({ ...s, Resource: "arn:aws:kms:*:*:key/*" })), good: happy.runtimePermissions(), ask: { principal: RUNTIME_ROLE_ARN, action: "kms:Decrypt", resource: KEY_ARN.replace(/key\/.*/, "key/0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6") } },
    { rule: "sts-assume-role-scoped", kind: "identity", bad: changed(happy.runtimePermissions(), "AssumeCustomerDataAccessRoles", (s) => ({ ...s, Resource: "*" })), good: happy.runtimePermissions(), ask: { principal: RUNTIME_ROLE_ARN, action: "sts:AssumeRole", resource: "arn:aws:iam::444455556666:role/OrganizationAccountAccessRole" } },
    { rule: "eni-only-via-emr-serverless", kind: "identity", bad: changed(happy.launchPermissions(), "NetworkInterfacesViaEmrServerless", (s) => ({ ...s, Condition: undefined })), good: happy.launchPermissions(), ask: { principal: LAUNCH_ROLE, action: "ec2:CreateNetworkInterface", resource: "arn:aws:ec2:eu-west-1:444455556666:network-interface/*" } },
    { rule: "resource-actions-not-on-star", kind: "identity", bad: doc(allow(["emr-serverless:StartJobRun"], "*")), good: happy.launchPermissions(), ask: { principal: LAUNCH_ROLE, action: "emr-serverless:StartJobRun", resource: "arn:aws:emr-serverless:us-east-1:444455556666:/applications/00f1abcd" } },
    { rule: "runtime-role-trust", kind: "trust", bad: doc({ Effect: "Allow", Principal: { Service: SERVICE.emrServerless }, Action: "sts:AssumeRole" }), good: happy.runtimeTrust(), ask: { principal: SERVICE.emrServerless, action: "sts:AssumeRole", resource: RUNTIME_ROLE_ARN, context: { "aws:SourceAccount": "999988887777", "aws:SourceArn": "arn:aws:emr-serverless:eu-west-1:999988887777:/applications/00f1abcd" } } },
    { rule: "cross-account-trust-external-id", kind: "trust", bad: changed(happy.launchTrust(), "ControlPlaneWithExternalId", (s) => ({ ...s, Condition: undefined })), good: happy.launchTrust(), identity: doc(allow("sts:AssumeRole", LAUNCH_ROLE)), ask: { principal: VENDOR_ROLE, action: "sts:AssumeRole", resource: LAUNCH_ROLE } },
];

describe("the pack's verdicts, witnessed by the IAM simulator", () => {
    for (const w of WITNESSES) {
        it(`${w.rule}: the failing document allows ${w.ask.action} on ${w.ask.resource}; ours does not; the pack flags only the first`, async () => {
            const asked = (d: PolicyDocument) => decide(w.kind === "identity" ? { ...w.ask, identity: d, resourcePolicy: w.resourcePolicy } : { ...w.ask, resourcePolicy: d, identity: w.identity });
            expect(await asked(w.bad), "the failing document").to.equal("Allowed");
            expect(await asked(w.good), "our document").to.equal("ImplicitlyDenied");
            const holder = w.kind === "identity" ? holding.rolePolicy : holding.role;
            expect((await violationsOf(w.rule, holder(w.bad))).length, "violations of the failing document").to.be.greaterThan(0);
            expect(await violationsOf(w.rule, holder(w.good)), "violations of ours").to.deep.equal([]);
        });
    }
});
