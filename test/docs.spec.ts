import { expect } from "chai";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { CONFIG_KEYS } from "../stacks/dataplane/configSchema";
import { projectFile, renderReadme } from "../tools/generateDocs";

const ROOT = path.resolve(__dirname, "..");

describe("generated documentation", () => {
    it("Pulumi.yaml declares every config key with its type, as configSchema.ts says (npm run docs)", () => {
        const text = fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8");
        expect(text).to.equal(projectFile());
        const project = yaml.load(text) as { main: string; config: Record<string, { type: string }> };
        expect(Object.keys(project.config)).to.deep.equal(CONFIG_KEYS.map((k) => k.key));
        expect(Object.values(project.config).map((c) => c.type)).to.deep.equal(CONFIG_KEYS.map((k) => k.type));
        expect(fs.existsSync(path.join(ROOT, project.main))).to.equal(true);
    });

    it("README.md's generated blocks are current (npm run docs)", async () => {
        const text = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        expect(await renderReadme(text)).to.equal(text);
    });

    it("the example stacks only use declared keys", () => {
        for (const file of ["Pulumi.shared-example.yaml", "Pulumi.private-example.yaml"]) {
            const doc = yaml.load(fs.readFileSync(path.join(ROOT, file), "utf8")) as { config: Record<string, unknown> };
            const ours = Object.keys(doc.config).filter((k) => k.startsWith("emr-dataplane:")).map((k) => k.slice("emr-dataplane:".length));
            expect(ours.filter((k) => !CONFIG_KEYS.some((c) => c.key === k)), file).to.deep.equal([]);
        }
    });
});
