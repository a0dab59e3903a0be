/**
 * `dataplane check` on the three formats: it flags every bad shape of the bad-plane fixture in a
 * `pulumi stack export`, a `pulumi preview --json` and a `dataplane preview --json`, stays silent on
 * our example stacks, says which documents it could not read, and exits 2 on anything else.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { previewStack } from "../../engine/preview/preview";
import { POLICIES } from "../../policies/pack";
import { inProcess } from "../helpers/cli";
import { stackExport } from "../helpers/cliFormats";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "../..");
const FIXTURES = path.join(ROOT, "test", "fixtures", "bad-plane");
const BAD_STACK = path.join(FIXTURES, "Pulumi.bad.yaml");
const STACK_EXPORT = path.join(FIXTURES, "stack-export.json");
const PULUMI_PREVIEW = path.join(FIXTURES, "pulumi-preview.json");

/** Every mandatory rule: the bad plane breaks each of them. */
const MANDATORY = POLICIES.filter((p) => p.enforcementLevel === "mandatory").map((p) => p.name).sort();

function tmpFile(name: string, content: string): string {
    const file = path.join(tempDir("dataplane-check-"), name);
    fs.writeFileSync(file, content);
    return file;
}

function tmpBytes(name: string, content: Buffer): string {
    const file = path.join(tempDir("dataplane-check-"), name);
    fs.writeFileSync(file, content);
    return file;
}

interface CheckJson { format: string; resources: number; violations: { policyName: string; enforcementLevel: string; urn?: string; message: string }[] }

async function checkJson(file: string): Promise<{ status: number; doc: CheckJson }> {
    const r = await inProcess("check", file, "--json");
    expect(r.stderr).to.equal("");
    return { status: r.status, doc: JSON.parse(r.stdout) };
}

const rulesBroken = (doc: CheckJson) => [...new Set(doc.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policyName))].sort();

describe("dataplane check", () => {
    describe("flags every bad shape, in each of the three formats", () => {
        let offlineJson: string;
        before(async () => {
            const r = await inProcess("preview", "--config", BAD_STACK, "--json");
            expect(r.status, "dataplane preview of the bad plane exits 1").to.equal(1);
            offlineJson = tmpFile("bad-preview.json", r.stdout);
        });

        it("the bad plane breaks every mandatory rule of the pack (so the formats below are tested on all of them)", async () => {
            const r = await inProcess("preview", "--config", BAD_STACK, "--json", "--show-secrets");
            expect(rulesBroken(JSON.parse(r.stdout))).to.deep.equal(MANDATORY);
        });

        const formats: [string, () => string, string][] = [
            ["pulumi stack export", () => STACK_EXPORT, "pulumi stack export"],
            ["pulumi preview --json", () => PULUMI_PREVIEW, "pulumi preview --json"],
            ["dataplane preview --json", () => offlineJson, "dataplane preview --json"],
        ];
        for (const [title, file, format] of formats) {
            it(`${title}: exits 1, every mandatory rule broken, the secret trust reported as not checkable`, async () => {
                const { status, doc } = await checkJson(file());
                expect(status).to.equal(1);
                expect(doc.format).to.equal(format);
                expect(rulesBroken(doc)).to.deep.equal(MANDATORY);
                const unreadable = doc.violations.filter((v) => v.policyName === "iam-document-checkable");
                expect(unreadable.map((v) => [v.enforcementLevel, v.urn?.split("::").pop()])).to.deep.include(["advisory", "vendor-role"]);
                expect(unreadable.find((v) => v.urn?.endsWith("vendor-role"))!.message).to.match(/^assumeRolePolicy is a secret this file does not reveal/);
            });
        }

        it("pulumi preview --json: a document unknown until apply is reported as such; a resource being deleted is not checked", async () => {
            const { doc } = await checkJson(PULUMI_PREVIEW);
            const unknown = doc.violations.filter((v) => v.urn?.endsWith("audit-permissions"));
            expect(unknown.map((v) => [v.policyName, v.enforcementLevel])).to.deep.equal([["iam-document-checkable", "advisory"]]);
            expect(unknown[0].message).to.match(/policy is not known until apply .* dataplane check stack.json/);
            expect(doc.violations.filter((v) => v.urn?.endsWith("legacy-sg"))).to.deep.equal([]);
            expect(doc.violations.some((v) => v.urn?.endsWith("open-sg") && v.policyName === "no-public-ingress")).to.equal(true);
        });

        it("prints each violation as level, rule and URN, then the message", async () => {
            const r = await inProcess("check", STACK_EXPORT);
            expect(r.status).to.equal(1);
            const lines = r.stdout.split("\n");
            expect(lines[0]).to.equal(`Checked ${STACK_EXPORT} (pulumi stack export, 47 resources)`);
            expect(lines[1]).to.equal("Pack settings: the pack's defaults (a pulumi stack export file records none; --policy-config gives others)");
            expect(lines[2]).to.match(/^Policy pack emr-dataplane: \d+ mandatory, 1 advisory$/);
            const i = lines.indexOf("  [mandatory] no-public-ingress  urn:pulumi:bad::bad-plane::aws:ec2/securityGroup:SecurityGroup::open-sg");
            expect(i, r.stdout).to.be.greaterThan(0);
            expect(lines[i + 1]).to.equal("      ingress[0] admits all traffic from 0.0.0.0/0; remove it: EMR Serverless workers need no inbound traffic (allow the security group itself if workers must talk to each other)");
        });

        it("runs as the installed command too (bin/dataplane.js)", () => {
            const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "dataplane.js"), "check", STACK_EXPORT], { cwd: os.tmpdir(), encoding: "utf8" });
            expect(r.status, r.stderr).to.equal(1);
            expect(r.stdout).to.contain("[mandatory] kms-grants-scoped  urn:pulumi:bad::bad-plane::aws:iam/rolePolicy:RolePolicy::job-runtime-permissions");
        });

        it("--policy-config lowers levels as `pulumi preview --policy-pack-config` does: all advisory exits 0", async () => {
            const config = tmpFile("policy-config.json", JSON.stringify({ all: "advisory", "no-public-ingress": { enforcementLevel: "disabled" } }));
            const r = await inProcess("check", STACK_EXPORT, "--json", "--policy-config", config);
            expect(r.status).to.equal(0);
            const doc: CheckJson = JSON.parse(r.stdout);
            expect(doc.violations.length).to.be.greaterThan(10);
            expect(doc.violations.every((v) => v.enforcementLevel === "advisory")).to.equal(true);
            expect(doc.violations.some((v) => v.policyName === "no-public-ingress")).to.equal(false);
        });
    });

    describe("stays silent on our own stacks", () => {
        // The shared example adopts a bucket and keeps every part of it as it is (the default):
        // the pack cannot see those parts, and says so with advisories, nothing else.
        const expected: Record<string, string[]> = {
            private: [],
            shared: ["public access block", "default encryption", "TLS-only bucket policy", "versioning"]
                .map((part) => `adopted-bucket-hardening-unverified advisory: adopted bucket vendor-emr-logs-111122223333: the stack does not manage its ${part}`),
        };
        const summary = (violations: { policyName: string; enforcementLevel: string; message: string }[]) =>
            violations.map((v) => `${v.policyName} ${v.enforcementLevel}: ${v.message.split(", so the pack")[0]}`);
        for (const name of ["private", "shared"]) {
            it(`the ${name} example: dataplane preview exits 0 with ${name === "private" ? "no violations" : "only the adopted bucket's advisories"}; check on its stack export (--show-secrets) finds the same`, async () => {
                const stackFile = path.join(ROOT, `Pulumi.${name}-example.yaml`);
                const preview = await inProcess("preview", "--config", stackFile, "--json");
                expect(preview.status).to.equal(0);
                expect(summary(JSON.parse(preview.stdout).violations)).to.deep.equal(expected[name]);
                const text = await inProcess("preview", "--config", stackFile);
                expect(text.stdout).to.match(name === "private" ? /\nPolicy pack emr-dataplane: no violations$/ : /\nPolicy pack emr-dataplane: 4 advisory\n/);

                const exported = tmpFile("stack.json", JSON.stringify(stackExport((await previewStack(stackFile)).resources, "plaintext")));
                // The pack config beside the stack file (the private plane trusts the vendor's principal) applies to its export too.
                const beside = stackFile.replace(/\.yaml$/, ".policy.json");
                const r = await inProcess("check", exported, "--json", ...(fs.existsSync(beside) ? ["--policy-config", beside] : []));
                const { status, doc } = { status: r.status, doc: JSON.parse(r.stdout) as CheckJson };
                expect(status).to.equal(0);
                expect(summary(doc.violations)).to.deep.equal(expected[name]);
            });
        }

        it("the private example's ciphertext export and masked preview JSON: no mandatory violation, only its secret trust named as not checkable", async () => {
            const stackFile = path.join(ROOT, "Pulumi.private-example.yaml");
            const exported = tmpFile("stack.json", JSON.stringify(stackExport((await previewStack(stackFile)).resources, "ciphertext")));
            const masked = tmpFile("preview.json", (await inProcess("preview", "--config", stackFile, "--json")).stdout);
            for (const file of [exported, masked]) {
                const { status, doc } = await checkJson(file);
                expect(status, file).to.equal(0);
                expect(doc.violations.map((v) => [v.policyName, v.enforcementLevel, v.urn?.split("::").pop()])).to.deep.equal([["iam-document-checkable", "advisory", "launch-role"]]);
            }
        });
    });

    describe("one verdict per plan: a plan dataplane preview passed passes dataplane check of its own --json", () => {
        const PRIVATE = path.join(ROOT, "Pulumi.private-example.yaml");
        /** The private example's stack file in a folder of its own, without the pack config beside it: its settings come from its vendor principal. */
        const alone = () => {
            const file = path.join(tempDir("dataplane-verdict-"), "Pulumi.alone.yaml");
            fs.copyFileSync(PRIVATE, file);
            return file;
        };
        const previewed = async (stackFile: string) => {
            const r = await inProcess("preview", "--config", stackFile, "--json", "--show-secrets");
            expect(r.status, r.stderr).to.equal(0);
            return { file: tmpFile("plan.json", r.stdout), doc: JSON.parse(r.stdout) };
        };

        for (const [what, stackFile, from] of [
            ["the pack config beside the stack file", () => PRIVATE, "trustedPrincipals of foreign-accounts-trusted: from Pulumi.private-example.policy.json"],
            ["the stack config's vendor principal (no pack config beside it)", alone, "trustedPrincipals of foreign-accounts-trusted: arn:aws:iam::111122223333:role/role_trusted_user, from the stack config's emr-dataplane:vendorPrincipalArn (no Pulumi.alone.policy.json)"],
        ] as const) {
            it(`settings from ${what}: the preview records them and where they came from; check uses them and says so`, async () => {
                const plan = await previewed(stackFile());
                expect(plan.doc.packSettings.from).to.equal(from);
                expect(plan.doc.packSettings.config["foreign-accounts-trusted"].trustedPrincipals).to.deep.equal(["arn:aws:iam::111122223333:role/role_trusted_user"]);
                const r = await inProcess("check", plan.file, "--json");
                expect(r.status, r.stdout).to.equal(0);
                const doc = JSON.parse(r.stdout);
                expect(doc.packSettings).to.deep.equal({ config: plan.doc.packSettings.config, from: `as dataplane preview judged this plan: ${from}` });
                expect(doc.violations).to.deep.equal(plan.doc.violations);
                expect((await inProcess("check", plan.file)).stdout.split("\n")[1]).to.equal(`Pack settings: as dataplane preview judged this plan: ${from}`);
            });
        }

        it("the stricter neighbours: the same plan without its recorded settings, or with --policy-config over them, fails on the vendor's trust", async () => {
            const plan = await previewed(PRIVATE);
            const { packSettings: _dropped, ...bare } = plan.doc;
            const without = await inProcess("check", tmpFile("bare.json", JSON.stringify(bare)), "--json");
            expect(without.status).to.equal(1);
            expect(JSON.parse(without.stdout).packSettings.from).to.equal("the pack's defaults (the file records none; --policy-config gives others)");
            expect(JSON.parse(without.stdout).violations.map((v: { policyName: string }) => v.policyName)).to.include("foreign-accounts-trusted");
            const strict = tmpFile("strict.json", "{}");
            const over = await inProcess("check", plan.file, "--policy-config", strict);
            expect(over.status).to.equal(1);
            expect(over.stdout.split("\n")[1]).to.equal(`Pack settings: --policy-config ${strict}, instead of the settings the preview recorded (${plan.doc.packSettings.from})`);
        });

        it("recorded settings are checked as a policy config is: a bad one is bad input (exit 2) naming packSettings", async () => {
            const plan = await previewed(PRIVATE);
            const bad = await inProcess("check", tmpFile("bad.json", JSON.stringify({ ...plan.doc, packSettings: { config: { "no-such-rule": "advisory" }, from: "x" } })));
            expect([bad.status, bad.stdout]).to.deep.equal([2, ""]);
            expect(bad.stderr).to.match(/^error: .*bad\.json: packSettings\.config: no rule named "no-such-rule"/);
            const shape = await inProcess("check", tmpFile("shape.json", JSON.stringify({ ...plan.doc, packSettings: "mandatory" })));
            expect(shape.stderr).to.match(/shape\.json: packSettings is string "mandatory", not the \{config, from\} that dataplane preview records$/);
        });

        it("a fleet's plane documents (--out) record the settings each plane was judged with, and check of each passes", async () => {
            const dir = tempDir("dataplane-verdict-fleet-");
            const customers = tmpFile("customers.csv", "customerId,accountId,region\nacme,444455556666,eu-west-1\nglobex,777788889999,us-east-1\n");
            const r = await inProcess("fleet", "preview", "--template", PRIVATE, "--customers", customers, "--out", dir, "--show-secrets");
            expect(r.status, r.stderr).to.equal(0);
            for (const plane of fs.readdirSync(path.join(dir, "planes"))) {
                const doc = JSON.parse(fs.readFileSync(path.join(dir, "planes", plane), "utf8"));
                expect(doc.packSettings.from, plane).to.equal("trustedPrincipals of foreign-accounts-trusted: from the template's Pulumi.private-example.policy.json");
                expect((await inProcess("check", path.join(dir, "planes", plane))).status, plane).to.equal(0);
            }
        });
    });

    describe("bad input: exit 2 and one line saying why", () => {
        const cases: [string, () => string[], RegExp][] = [
            ["a file that is not JSON", () => ["check", tmpFile("stack.yaml", "config:\n  aws:region: eu-west-1\n")], /stack\.yaml: is not JSON \(.*\); give the output of `pulumi stack export`, `pulumi preview --json` or `dataplane preview --json`$/],
            ["JSON of another shape", () => ["check", tmpFile("other.json", JSON.stringify({ name: "x", items: [] }))], /other\.json: has none of the keys that identify one \(it has "name", "items"\)/],
            ["a stack export of another deployment version", () => ["check", tmpFile("old.json", JSON.stringify({ version: 2, deployment: { resources: [] } }))], /old\.json: version is 2: dataplane check reads stack exports of deployment version 3/],
            ["a JSON list", () => ["check", tmpFile("list.json", "[]")], /list\.json: is a JSON list/],
            ["a missing file", () => ["check", path.join(os.tmpdir(), "no-such-dataplane-file.json")], /no-such-dataplane-file\.json: cannot be read \(ENOENT\)/],
            ["no file", () => ["check"], /dataplane check: a file is required/],
            ["a policy config naming no rule", () => ["check", STACK_EXPORT, "--policy-config", tmpFile("c.json", JSON.stringify({ "no-such-rule": "advisory" }))], /c\.json: no rule named "no-such-rule"/],
            ["a policy config with a bad level", () => ["check", STACK_EXPORT, "--policy-config", tmpFile("c.json", JSON.stringify({ "no-public-ingress": "warn" }))], /no-public-ingress must be one of advisory, mandatory, remediate, disabled/],
        ];
        // Hostile files: each exits 2 with one line naming the path in the file where the problem is.
        const exportOf = (resources: unknown) => JSON.stringify({ version: 3, deployment: { resources } });
        const resourceWith = (inputs: unknown) => ({ urn: "urn:pulumi:s::p::aws:iam/rolePolicy:RolePolicy::x", custom: true, type: "aws:iam/rolePolicy:RolePolicy", inputs });
        cases.push(
            ["a null resource", () => ["check", tmpFile("s.json", exportOf([null]))], /s\.json: deployment\.resources\[0\] is null, not a resource object$/],
            ["a resource that is a number", () => ["check", tmpFile("s.json", exportOf([resourceWith({}), 7]))], /deployment\.resources\[1\] is number 7, not a resource object$/],
            ["a resource without a URN", () => ["check", tmpFile("s.json", exportOf([{ type: "aws:s3/bucket:Bucket" }]))], /deployment\.resources\[0\]\.urn is missing, not a Pulumi URN/],
            ["inputs that are a string", () => ["check", tmpFile("s.json", exportOf([{ ...resourceWith({}), inputs: "x" }]))], /deployment\.resources\[0\]\.inputs is string "x", not an object$/],
            ["resources that are not a list", () => ["check", tmpFile("s.json", JSON.stringify({ version: 3, deployment: { resources: { a: 1 } } }))], /deployment\.resources is an object, not a list of resources$/],
            ["a version with no deployment", () => ["check", tmpFile("s.json", JSON.stringify({ version: 3 }))], /s\.json: deployment is missing, not an object with resources$/],
            ["a deployment that is a string", () => ["check", tmpFile("s.json", JSON.stringify({ version: 3, deployment: "garbage" }))], /deployment is string "garbage", not an object/],
            ["preview steps that are not objects", () => ["check", tmpFile("p.json", JSON.stringify({ steps: [null] }))], /p\.json: steps\[0\] is null, not a preview step$/],
            ["a preview step whose newState is a list", () => ["check", tmpFile("p.json", JSON.stringify({ steps: [{ op: "create", urn: "urn:pulumi:a::b::c::d", newState: [] }] }))], /steps\[0\]\.newState is a list, not a resource object$/],
            ["nesting 5,000 levels deep", () => ["check", tmpFile("s.json", exportOf([resourceWith({ x: "DEEP" })]).replace('"DEEP"', "[".repeat(5000) + "]".repeat(5000)))], /deployment\.resources\[0\]\.inputs\.x\[0\].*: nested deeper than 100 levels$/],
            ["a key written twice in a resource's inputs (spaced colon, past escaped quotes)", () => ["check", tmpFile("s.json", exportOf([resourceWith({ policy: '{"Statement":[]}', tags: { a: "x\\\":" } })]).replace('"tags":{', '"tags":{"a" : "y",'))], /s\.json: line 1, column \d+: key "a" appears twice in one object \(first at line 1, column \d+\)/],
            ["a 40,000-character string", () => ["check", tmpFile("s.json", exportOf([resourceWith({ policy: "a".repeat(40_000) })]))], /deployment\.resources\[0\]\.inputs\.policy: a string of 40000 characters is longer than the 32768 this check reads$/],
            ["UTF-16 without a byte-order mark", () => ["check", tmpFile("s.json", "")], /./],
            ["bytes that are not UTF-8", () => ["check", tmpFile("s.json", "")], /./],
        );
        // (the last two get their bytes below: tmpFile writes text)
        cases[cases.length - 2][1] = () => ["check", tmpBytes("u16.json", Buffer.from(exportOf([]), "utf16le"))];
        cases[cases.length - 2][2] = /u16\.json: looks like UTF-16 without a byte-order mark; save it as UTF-8/;
        cases[cases.length - 1][1] = () => ["check", tmpBytes("latin1.json", Buffer.from(`{"version":3,"x":"\xe9"}`, "latin1"))];
        cases[cases.length - 1][2] = /latin1\.json: is not UTF-8 text \(byte 0x[0-9a-f]{2} at offset \d+\); save it as UTF-8$/;
        for (const [title, args, message] of cases) {
            it(title, async () => {
                const r = await inProcess(...args());
                expect(r.status).to.equal(2);
                expect(r.stdout).to.equal("");
                if (!title.startsWith("no file")) expect(r.stderr.split("\n"), "one line").to.have.length(1);
                expect(r.stderr.split("\n")[0]).to.match(/^error: /);
                expect(r.stderr).to.match(message);
                expect(r.stderr).not.to.match(/\n\s+at /);
            });
        }
    });

    describe("encodings, standard input, JSON errors and patterns that would backtrack", () => {
        const badSg = JSON.stringify({ version: 3, deployment: { resources: [{ urn: "urn:pulumi:s::p::aws:ec2/securityGroup:SecurityGroup::open", custom: true, type: "aws:ec2/securityGroup:SecurityGroup",
            inputs: { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] } }] } });
        const encodings: [string, Buffer][] = [
            ["UTF-8 with a byte-order mark", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(badSg)])],
            ["UTF-16LE with a byte-order mark (PowerShell's >)", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(badSg, "utf16le")])],
            ["UTF-16BE with a byte-order mark", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(badSg, "utf16le").swap16()])],
        ];
        for (const [title, bytes] of encodings) {
            it(`reads ${title} and finds the violation in it`, async () => {
                const { status, doc } = await checkJson(tmpBytes("s.json", bytes));
                expect(status).to.equal(1);
                expect(doc.violations.map((v) => v.policyName)).to.deep.equal(["no-public-ingress"]);
            });
        }

        it("`-` reads standard input", () => {
            const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "dataplane.js"), "check", "-"], { input: badSg, encoding: "utf8" });
            expect(r.status, r.stderr).to.equal(1);
            expect(r.stdout).to.match(/^Checked standard input \(pulumi stack export, 1 resources\)/);
            expect(r.stdout).to.contain("[mandatory] no-public-ingress");
            const bad = spawnSync(process.execPath, [path.join(ROOT, "bin", "dataplane.js"), "check", "-"], { input: "{", encoding: "utf8" });
            expect(bad.status).to.equal(2);
            expect(bad.stderr).to.match(/^error: standard input: is not JSON/);
        });

        it("--json reports bad input as JSON on standard output, exit 2", async () => {
            for (const args of [["check", tmpFile("s.json", "[1"), "--json"], ["check", "--json"], ["check", tmpFile("s.json", JSON.stringify({ version: 3, deployment: { resources: [null] } })), "--json"]]) {
                const r = await inProcess(...args);
                expect(r.status).to.equal(2);
                expect(r.stderr).to.equal("");
                const doc = JSON.parse(r.stdout);
                expect(doc.exitCode).to.equal(2);
                expect(doc.error.message).to.be.a("string").and.not.match(/\n/);
            }
        });

        it("a policy full of patterns that make a regular expression backtrack is judged (and its actions found not to exist)", async () => {
            const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:**************!", `s3:${"*a".repeat(200)}!`], Resource: `arn:aws:s3:::${"*".repeat(300)}!` }] });
            const file = tmpFile("s.json", JSON.stringify({ version: 3, deployment: { resources: [{ urn: "urn:pulumi:s::p::aws:iam/rolePolicy:RolePolicy::x", custom: true, type: "aws:iam/rolePolicy:RolePolicy", inputs: { role: "r", policy } }] } }));
            const { status, doc } = await checkJson(file);
            expect(status).to.equal(1);
            expect(doc.violations.filter((v) => v.policyName === "iam-actions-exist")).to.have.length(2);
        });
    });
});
