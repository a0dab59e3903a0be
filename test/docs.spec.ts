import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { defaultOf } from "../stacks/configTable";
import { PROJECTS, projectFile, renderReadme } from "../tools/generateDocs";

const ROOT = path.resolve(__dirname, "..");

describe("generated documentation", () => {
    for (const project of PROJECTS) {
        it(`${project.file} declares every key of ${project.table.project}'s table with its type, and a main that exists (npm run docs)`, () => {
            const text = fs.readFileSync(path.join(ROOT, project.file), "utf8");
            expect(text).to.equal(projectFile(project));
            const doc = yaml.load(text) as { name: string; main: string; config: Record<string, { type: string; items?: { type: string } }> };
            expect(doc.name).to.equal(project.table.project);
            expect(Object.keys(doc.config)).to.deep.equal(project.table.keys.map((k) => k.key));
            expect(Object.values(doc.config).map((c) => c.type)).to.deep.equal(project.table.keys.map((k) => k.type));
            for (const c of Object.values(doc.config)) if (c.type === "array") expect(c.items).to.deep.equal({ type: "string" });
            expect(fs.existsSync(path.join(ROOT, path.dirname(project.file), doc.main))).to.equal(true);
        });

        it(`${project.table.project}: every example stack beside ${project.file} uses only declared keys`, () => {
            const dir = path.join(ROOT, path.dirname(project.file));
            const stacks = fs.readdirSync(dir).filter((f) => /^Pulumi\..+\.yaml$/.test(f));
            expect(stacks.length).to.be.greaterThan(0);
            for (const file of stacks) {
                const doc = yaml.load(fs.readFileSync(path.join(dir, file), "utf8")) as { config: Record<string, unknown> };
                const prefix = `${project.table.project}:`;
                const ours = Object.keys(doc.config).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
                expect(ours.filter((k) => !project.table.keys.some((c) => c.key === k)), file).to.deep.equal([]);
            }
        });
    }

    it("states the components' own defaults: the data plane's log retention is ResourceBucket's, not a copy", () => {
        const dataPlane = PROJECTS[0].table;
        const row = dataPlane.keys.find((k) => k.key === "logRetentionDays")!;
        expect(row.default).to.equal(undefined);
        expect(defaultOf(dataPlane, row)).to.equal(30);
        expect(defaultOf(dataPlane, dataPlane.keys.find((k) => k.key === "systemRoleName")!)).to.equal(undefined);
    });

    it("README.md's generated blocks are current (npm run docs)", async () => {
        const text = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        expect(await renderReadme(text)).to.equal(text);
    });

    it("gives a one-file test command that runs one file (mocha's config would add every spec)", () => {
        const text = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const command = /^npx mocha (.+) test\/e2e\/launch\.spec\.ts$/m.exec(text);
        expect(command, "README's one-file command").to.not.equal(null);
        const args = [...command![1].split(" "), "--dry-run", "--reporter", "json", "test/tempDir.spec.ts"];
        const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules/mocha/bin/mocha.js"), ...args], { cwd: ROOT, encoding: "utf8" });
        expect(r.status, r.stderr).to.equal(0);
        const files = new Set((JSON.parse(r.stdout).tests as { file: string }[]).map((t) => path.relative(ROOT, t.file)));
        expect([...files]).to.deep.equal(["test/tempDir.spec.ts"]);
    });

    it("cites no document that is not in the repository", () => {
        const text = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        expect(text).not.to.match(/\bSPEC\b/);
        for (const [, link] of text.matchAll(/\]\(([^)#]+)(?:#[^)]*)?\)/g)) {
            if (/^[a-z]+:/.test(link)) continue;
            expect(fs.existsSync(path.join(ROOT, link)), link).to.equal(true);
        }
    });
});
