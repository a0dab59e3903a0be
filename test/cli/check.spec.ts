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
import { previewStack } from "../../engine/preview";
import { POLICIES } from "../../policies/policies";
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
            expect(lines[0]).to.equal(`Checked ${STACK_EXPORT} (pulumi stack export, 28 resources)`);
            expect(lines[1]).to.match(/^Policy pack emr-dataplane: \d+ mandatory, 1 advisory$/);
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
                const { status, doc } = await checkJson(exported);
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

    describe("bad input: exit 2 and one line saying why", () => {
        const cases: [string, () => string[], RegExp][] = [
            ["a file that is not JSON", () => ["check", tmpFile("stack.yaml", "config:\n  aws:region: eu-west-1\n")], /stack\.yaml: is not JSON \(.*\); give the output of `pulumi stack export`, `pulumi preview --json` or `dataplane preview --json`$/],
            ["JSON of another shape", () => ["check", tmpFile("other.json", JSON.stringify({ name: "x", items: [] }))], /other\.json: has none of the keys that identify one \(it has "name", "items"\)/],
            ["a stack export of another deployment version", () => ["check", tmpFile("old.json", JSON.stringify({ version: 2, deployment: { resources: [] } }))], /old\.json: is a stack export of deployment version 2; dataplane check reads version 3/],
            ["a JSON list", () => ["check", tmpFile("list.json", "[]")], /list\.json: is a JSON list/],
            ["a missing file", () => ["check", path.join(os.tmpdir(), "no-such-dataplane-file.json")], /no-such-dataplane-file\.json: cannot be read \(ENOENT\)/],
            ["no file", () => ["check"], /dataplane check: a file is required/],
            ["a policy config naming no rule", () => ["check", STACK_EXPORT, "--policy-config", tmpFile("c.json", JSON.stringify({ "no-such-rule": "advisory" }))], /c\.json: no rule named "no-such-rule"/],
            ["a policy config with a bad level", () => ["check", STACK_EXPORT, "--policy-config", tmpFile("c.json", JSON.stringify({ "no-public-ingress": "warn" }))], /no-public-ingress must be one of advisory, mandatory, remediate, disabled/],
        ];
        for (const [title, args, message] of cases) {
            it(title, async () => {
                const r = await inProcess(...args());
                expect(r.status).to.equal(2);
                expect(r.stdout).to.equal("");
                expect(r.stderr.split("\n")[0]).to.match(/^error: /);
                expect(r.stderr).to.match(message);
                expect(r.stderr).not.to.match(/\n\s+at /);
            });
        }
    });
});
