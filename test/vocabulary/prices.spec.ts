/**
 * One source for prices: vocabulary/prices.ts holds every list price and every sentence quoting
 * one; no other file the package or its docs are made of writes a dollar amount by hand (generated
 * files, the docs' generated references and blocks are rendered from the table, and
 * test/docs.spec.ts keeps them current).
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { GENERATED_FILES, PROJECTS } from "../../tools/generateDocs";
import { DATA_PLANE_CONFIG } from "../../stacks/dataplane/configSchema";
import { HOURS_PER_MONTH, PRICES, PRICE_LIST, PRICE_TEXT, aboutMonthly, dollars } from "../../vocabulary/prices";

const ROOT = path.resolve(__dirname, "../..");
const HAND_WRITTEN_PRICE = /US\$\s?\d|\$\d+\.\d{2,}\b/;

/** A Markdown page without its generated blocks. */
function handWritten(text: string): string {
    return text.replace(/<!-- ([\w-]+):start -->[\s\S]*?<!-- \1:end -->/g, "");
}

describe("prices: one table, one source for the prose", () => {
    it("writes the prose from the numbers", () => {
        expect(dollars(0.045)).to.equal("$0.045");
        expect(dollars(0.4)).to.equal("$0.40");
        expect(dollars(1)).to.equal("$1");
        expect(aboutMonthly(PRICES.natGatewayHour)).to.equal(`~US$${Math.round(PRICES.natGatewayHour * HOURS_PER_MONTH)} a month`);
        expect(PRICE_TEXT.natGateway).to.equal("~US$33 a month idle plus US$0.045/GB");
        expect(PRICE_LIST.map((p) => p.item)).to.include.members(["NAT gateway", "KMS key (customer managed)"]);
        const egress = DATA_PLANE_CONFIG.keys.find((k) => k.key === "internetEgress")!;
        expect(egress.description).to.contain(PRICE_TEXT.natGateway);
        expect(DATA_PLANE_CONFIG.keys.find((k) => k.key === "bucketKmsKey")!.description).to.contain(PRICE_TEXT.kmsKey);
    });

    it("no source, example or doc writes a price by hand (outside vocabulary/prices.ts and generated text)", () => {
        const generated = new Set([...PROJECTS.map((p) => p.file), ...GENERATED_FILES.map((g) => g.file), "message/validateMessage.generated.ts"]);
        const files = execFileSync("git", ["ls-files", "*.ts", "*.js", "*.yaml", "*.yml", "*.md", "*.py", "*.csv", "*.json"], { cwd: ROOT, encoding: "utf8" }).split("\n")
            .filter((f) => f && !f.startsWith("test/") && f !== "vocabulary/prices.ts" && f !== "package-lock.json" && !generated.has(f) && fs.existsSync(path.join(ROOT, f)));
        const found: string[] = [];
        for (const f of files) {
            const text = fs.readFileSync(path.join(ROOT, f), "utf8");
            (f.endsWith(".md") ? handWritten(text) : text).split("\n").forEach((line, i) => {
                // Step Functions' transitions (usage, not idle) are the one price quoted in prose only.
                if (HAND_WRITTEN_PRICE.test(line) && !/per 1,000\)/.test(line) && !/US\$\$\{|US\$\d+\.\d{2}\/month idle \(/.test(line)) found.push(`${f}:${i + 1}: ${line.trim()}`);
            });
        }
        expect(found, "take the number and its prose from vocabulary/prices.ts (PRICES, PRICE_TEXT, PRICE_LIST)").to.deep.equal([]);
    });
});
