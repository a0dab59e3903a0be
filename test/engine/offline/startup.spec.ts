import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { GENERATED_VALIDATOR, messageValidatorSource } from "../../../tools/messageValidator";

const ROOT = path.resolve(__dirname, "../../..");

/** Runs a script in a fresh Node process (TypeScript through tsx) and returns its JSON output. */
function fresh(script: string): any {
    const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: ROOT, encoding: "utf8" });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

describe("start-up: what a preview does not load", () => {
    it("with engine/offline/lazyClosure first, @pulumi/pulumi loads without the TypeScript compiler or arborist; serializeFunction still works, loading them then", () => {
        const out = fresh(`
            require("./engine/offline/lazyClosure.ts");
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

    it("the message validator is compiled ahead of time from the schema, and current (npm run docs); Ajv is not loaded to validate", () => {
        expect(fs.readFileSync(GENERATED_VALIDATOR, "utf8")).to.equal(messageValidatorSource());
        const out = fresh(`
            const { messageProblems } = require("./message/index.ts");
            const problems = messageProblems({ resourceBucket: "Bad_Bucket" });
            console.log(JSON.stringify({ ajv: Object.keys(require.cache).some((f) => f.includes("/node_modules/ajv/")), problems }));`);
        expect(out.ajv).to.equal(false);
        expect(out.problems).to.include('resourceBucket: "Bad_Bucket" is not a valid S3 bucket name');
    });
});
