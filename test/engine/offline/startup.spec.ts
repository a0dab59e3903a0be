import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { GENERATED_VALIDATOR, messageValidatorSource } from "../../../tools/messageValidator";

const ROOT = path.resolve(__dirname, "../../..");

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { compiledIsFresh } = require("../../../bin/freshness") as { compiledIsFresh(): boolean };

/**
 * Runs a script in a fresh Node process, as the `dataplane` command runs: plain Node on the
 * compiled package (dist/, current: npm test builds it first), no TypeScript loader — tsx's hook
 * would double the cost of loading the SDKs in each of these processes.
 */
function fresh(script: string): any {
    const r = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

describe("start-up: what a preview does not load", () => {
    before(() => {
        expect(compiledIsFresh(), "dist/ is older than the sources: npm run build (npm test does it first)").to.equal(true);
    });

    it("with engine/offline/lazyClosure first, @pulumi/pulumi loads without the TypeScript compiler or arborist; serializeFunction still works, loading them then", () => {
        const out = fresh(`
            require("./dist/engine/offline/lazyClosure.js");
            const loaded = (m) => Object.keys(require.cache).some((f) => f.includes("/node_modules/" + m + "/"));
            const pulumi = require("@pulumi/pulumi");
            const before = { typescript: loaded("typescript"), arborist: loaded("@npmcli/arborist") };
            pulumi.runtime.serializeFunction(() => 6 * 7).then((s) => {
                console.log(JSON.stringify({ before, after: { typescript: loaded("typescript"), arborist: loaded("@npmcli/arborist") }, text: s.text }));
            });`);
        expect(out.before).to.deep.equal({ typescript: false, arborist: false });
        expect(out.after.typescript).to.equal(true);
        expect(out.text).to.contain("6 * 7");
    });

    it("without it, @pulumi/pulumi loads both (what the stand-ins save)", () => {
        const out = fresh(`
            const loaded = (m) => Object.keys(require.cache).some((f) => f.includes("/node_modules/" + m + "/"));
            require("@pulumi/pulumi");
            console.log(JSON.stringify({ typescript: loaded("typescript"), arborist: loaded("@npmcli/arborist") }));`);
        expect(out).to.deep.equal({ typescript: true, arborist: true });
    });

    it("with it, @pulumi/aws's service namespaces, the Automation API, gRPC and OpenTelemetry load on first use only; what is used is the real module", () => {
        const out = fresh(`
            const { STOOD_IN } = require("./dist/engine/offline/lazyNamespaces.js");
            require("./dist/engine/offline/lazyClosure.js");
            const loaded = (part) => Object.keys(require.cache).some((f) => f.includes(part));
            const aws = require("@pulumi/aws");
            const pulumi = require("@pulumi/pulumi");
            const before = { ec2: loaded("/@pulumi/aws/ec2/index.js"), grpc: loaded("/node_modules/@grpc/grpc-js/"), otel: loaded("/node_modules/@opentelemetry/api/"),
                automation: loaded("/@pulumi/pulumi/automation/index.js"), standIns: STOOD_IN.size };
            const sameVpc = aws.ec2.Vpc === require("@pulumi/aws/ec2").Vpc;
            const bucketListed = Object.keys(aws.s3).includes("BucketV2") || Object.keys(aws.s3).includes("Bucket");
            const workspace = typeof pulumi.automation.LocalWorkspace;
            console.log(JSON.stringify({ before, sameVpc, bucketListed, workspace, after: { ec2: loaded("/@pulumi/aws/ec2/index.js"), automation: loaded("/@pulumi/pulumi/automation/index.js") },
                iamLoaded: [...STOOD_IN].some(([f, l]) => f.endsWith("/@pulumi/aws/iam/index.js") && l) }));`);
        expect(out.before).to.deep.equal({ ec2: false, grpc: false, otel: false, automation: false, standIns: out.before.standIns });
        expect(out.before.standIns).to.be.greaterThan(200);
        expect(out).to.include({ sameVpc: true, bucketListed: true, workspace: "function", iamLoaded: false });
        expect(out.after).to.deep.equal({ ec2: true, automation: true });
    });

    it("the message validator is compiled ahead of time from the schema, and current (npm run docs); Ajv is not loaded to validate", () => {
        expect(fs.readFileSync(GENERATED_VALIDATOR, "utf8")).to.equal(messageValidatorSource());
        const out = fresh(`
            const { messageProblems } = require("./dist/message/index.js");
            const problems = messageProblems({ resourceBucket: "Bad_Bucket" });
            console.log(JSON.stringify({ ajv: Object.keys(require.cache).some((f) => f.includes("/node_modules/ajv/")), problems }));`);
        expect(out.ajv).to.equal(false);
        expect(out.problems).to.include('resourceBucket: "Bad_Bucket" is not a valid S3 bucket name');
    });

    it("dataplane check reads its JSON without loading js-yaml or the launcher's message reader; a YAML file read afterwards loads js-yaml then", () => {
        const out = fresh(`
            const loaded = (m) => Object.keys(require.cache).some((f) => f.includes(m));
            const { main } = require("./dist/cli/main.js");
            const lines = [];
            main(["check", ${JSON.stringify(path.join(ROOT, "test", "fixtures", "bad-plane", "stack-export.json"))}, "--json"], (l) => lines.push(l), () => undefined).then((code) => {
                const before = { yaml: loaded("/node_modules/js-yaml/"), messageFile: loaded("/dist/launcher/messageFile.js"), tenantPaths: loaded("/dist/launcher/tenantPaths.js") };
                const { readYaml } = require("./dist/files/read.js");
                const doc = readYaml(${JSON.stringify(path.join(ROOT, "Pulumi.private-example.yaml"))});
                console.log(JSON.stringify({ code, before, yamlAfter: loaded("/node_modules/js-yaml/"), project: typeof doc, printed: lines.length }));
            });`);
        expect(out.before).to.deep.equal({ yaml: false, messageFile: false, tenantPaths: false });
        // The bad plane fails mandatory rules: the check ran to its verdict, printed as one JSON document.
        expect(out).to.include({ code: 1, printed: 1, yamlAfter: true, project: "object" });
    });
});
