/**
 * `npm run build` (tools/build.ts) is also CI's type-check: its tsc program is tsconfig.json's, so
 * it checks every file `npm run typecheck` does, once; what it compiles besides the package is not
 * left in dist/ (nor shipped).
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import ts from "typescript";
import { NOT_SHIPPED } from "../../tools/build";

const ROOT = path.resolve(__dirname, "../..");

function program(config: string): { files: string[]; options: ts.CompilerOptions } {
    const file = path.join(ROOT, config);
    const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(file, ts.sys.readFile).config, ts.sys, ROOT, undefined, file);
    expect(parsed.errors, config).to.deep.equal([]);
    return { files: parsed.fileNames.map((f) => path.relative(ROOT, f)).sort(), options: parsed.options };
}

describe("the build (tools/build.ts), which is also CI's type-check", () => {
    const check = program("tsconfig.json");
    const build = program("tsconfig.build.json");

    it("compiles every file the type-check does, under the same checking options", () => {
        expect(build.files).to.deep.equal(check.files);
        expect(build.files).to.include.members(["index.ts", "cli/main.ts", "test/tools/build.spec.ts", "tools/build.ts", "bench/index.ts"]);
        const checking = (o: ts.CompilerOptions) => Object.fromEntries(Object.entries(o).filter(([k]) => !["noEmit", "outDir", "rootDir", "sourceMap", "declaration", "incremental", "tsBuildInfoFile", "configFilePath"].includes(k)));
        expect(checking(build.options)).to.deep.equal(checking(check.options));
        expect([build.options.noEmit, build.options.outDir && path.relative(ROOT, build.options.outDir)]).to.deep.equal([false, "dist"]);
    });

    it("leaves no test, tool or benchmark in dist/: the package is only its own folders", () => {
        const top = new Set(build.files.map((f) => f.split("/")[0]).filter((f) => !f.endsWith(".ts")));
        expect(NOT_SHIPPED.every((d) => top.has(d))).to.equal(true);
        expect(fs.existsSync(path.join(ROOT, "dist", "cli", "main.js")), "dist/ is built (npm run build)").to.equal(true);
        for (const d of NOT_SHIPPED) expect(fs.existsSync(path.join(ROOT, "dist", d)), `dist/${d}`).to.equal(false);
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { files: string[] };
        expect(pkg.files.filter((f) => NOT_SHIPPED.some((d) => f.startsWith(`${d}/`) || f.startsWith(`dist/${d}`)))).to.deep.equal([]);
    });
});
