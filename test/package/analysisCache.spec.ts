/**
 * provider/analysisCache.ts: the analyzer's schema kept by the content of everything it reads, so
 * the build, the docs and the tests share one analysis — and any change to what it reads is a new
 * analysis, never a stale schema.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { NOT_READ, analysisInputs, analysisKey, currentAnalysisKey, readAnalysis, writeAnalysis } from "../../provider/analysisCache";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "../..");

describe("the component schema's analysis, kept by content (provider/analysisCache.ts)", () => {
    const inputs = analysisInputs(ROOT);

    it("is keyed by every source the analyzer's program reads, the JSON they import, the lockfile and the compiler settings; not the tests, tools or benchmarks", () => {
        const components = fs.readdirSync(path.join(ROOT, "components"), { recursive: true }).map(String)
            .filter((f) => f.endsWith(".ts")).map((f) => `components/${f.split(path.sep).join("/")}`);
        expect(components.length).to.be.greaterThan(10);
        expect(inputs).to.include.members([...components, "index.ts", "vocabulary/arn.ts", "provider/index.ts",
            "message/control-plane-message.schema.json", "package.json", "package-lock.json", "tsconfig.json"]);
        expect(NOT_READ).to.deep.equal(["test", "tools", "bench"]);
        expect(inputs.filter((f) => NOT_READ.some((d) => f.startsWith(`${d}/`)))).to.deep.equal([]);
        expect(inputs).to.deep.equal([...inputs].sort());
    });

    it("leaves out only files that cannot change the analysis: nothing under them declares a global or augments a module, and no package source imports them", () => {
        const git = spawnSync("git", ["grep", "-l", "-E", "^\\s*declare (global|module)\\b", "--", ...NOT_READ], { cwd: ROOT, encoding: "utf8" });
        expect(git.status, git.stderr).to.be.oneOf([0, 1]);
        expect(git.stdout.trim().split("\n").filter(Boolean)).to.deep.equal([]);
        const imports = spawnSync("git", ["grep", "-l", "-E", `from "(\\./|(\\.\\./)+)(${NOT_READ.join("|")})/`, "--", ...inputs.filter((f) => f.endsWith(".ts"))], { cwd: ROOT, encoding: "utf8" });
        expect(imports.status, imports.stderr).to.be.oneOf([0, 1]);
        expect(imports.stdout.trim().split("\n").filter(Boolean)).to.deep.equal([]);
    });

    it("a new key when any input's content or a tool's version changes; the same key for the same content", () => {
        const files = { "components/a.ts": "export interface AArgs { x: string }", "package-lock.json": "{\"v\":1}" };
        const key = (f: Record<string, string>, tools = "@pulumi/pulumi@3.248.0") => analysisKey(Object.keys(f).sort(), (n) => f[n as keyof typeof f], tools);
        const base = key(files);
        expect(key({ ...files })).to.equal(base);
        expect(key({ ...files, "components/a.ts": "export interface AArgs { x: number }" })).to.not.equal(base);
        expect(key({ ...files, "package-lock.json": "{\"v\":2}" })).to.not.equal(base);
        expect(key(files, "@pulumi/pulumi@3.249.0")).to.not.equal(base);
        // A file renamed with the same content is another input set.
        expect(key({ "components/b.ts": files["components/a.ts"], "package-lock.json": files["package-lock.json"] })).to.not.equal(base);
        expect(currentAnalysisKey(ROOT)).to.match(/^[0-9a-f]{32}$/);
    });

    it("keeps one entry: read back whole for its key, nothing for another, the older entry removed", () => {
        const root = tempDir("dataplane-analysis-");
        expect(readAnalysis(root, "aaaa")).to.equal(undefined);
        writeAnalysis(root, "aaaa", "{\"name\":\"one\"}");
        writeAnalysis(root, "bbbb", "{\"name\":\"two\"}");
        expect([readAnalysis(root, "aaaa"), readAnalysis(root, "bbbb")]).to.deep.equal([undefined, "{\"name\":\"two\"}"]);
        expect(fs.readdirSync(path.join(root, "node_modules", ".cache", "emr-serverless-dataplane"))).to.deep.equal(["component-schema-bbbb.json"]);
    });
});
