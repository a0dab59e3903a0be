/**
 * The vocabulary is the ground floor: its modules import one another and nothing else (no other
 * layer of the package, no package), so every layer — the policy pack's built folder included — can
 * load it. And the pack's entry, which starts a gRPC server, is imported by nothing.
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");

function specifiers(file: string): string[] {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^;]*?from\s+["']([^"']+)["']|require\(\s*["']([^"']+)["']\s*\)|import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

const tracked = (...patterns: string[]) => execFileSync("git", ["ls-files", ...patterns], { cwd: ROOT, encoding: "utf8" }).split("\n").filter((f) => f && fs.existsSync(path.join(ROOT, f)));

describe("the vocabulary is the ground floor", () => {
    it("imports nothing but its own modules", () => {
        const files = tracked("vocabulary/*.ts");
        expect(files).to.include.members(["vocabulary/arn.ts", "vocabulary/partitions.ts", "vocabulary/prices.ts", "vocabulary/names.ts", "vocabulary/patterns.ts", "vocabulary/editDistance.ts", "vocabulary/userError.ts"]);
        const outside = files.flatMap((f) => specifiers(f).filter((s) => !/^\.\/[\w.]+$/.test(s)).map((s) => `${f}: ${s}`));
        expect(outside).to.deep.equal([]);
    });

    it("policies/index.ts (the pack's entry: it starts a gRPC server) is imported by no module", () => {
        const importers = tracked("*.ts").filter((f) => specifiers(f).some((s) => s.startsWith(".") &&
            [path.join(ROOT, "policies"), path.join(ROOT, "policies", "index")].includes(path.resolve(ROOT, path.dirname(f), s).replace(/\.ts$/, ""))));
        expect(importers).to.deep.equal([]);
    });
});
