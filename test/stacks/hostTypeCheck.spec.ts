/**
 * The one-program type check of what the Pulumi CLI's host loaded (test/helpers/hostTypeCheck.ts),
 * on small programs: it reports what ts-node would, with the host's options, and keeps only clean
 * results, while no file of the checked program changes and no source is added or removed.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { checkedByTheBuild, hostTypeCheckStats, typeCheckAsHost } from "../helpers/hostTypeCheck";
import { tempDir } from "../helpers/tempDir";

/**
 * Pulumi's options for a project without a tsconfig.json (cmd/run), completed as ts-node does (not
 * strict), without TypeScript's own library (`noLib`; each program below has the few global types
 * the checker needs, in src/lib.ts): parsing the library is most of a small program's cost.
 */
const PULUMI_DEFAULTS: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    sourceMap: true, inlineSources: true, declaration: false, noEmit: false, types: [], noLib: true,
};
const LIB = `export {};\ndeclare global {\n${["Array<T> { length: number; [n: number]: T }", ...["Boolean", "CallableFunction", "Function", "IArguments",
    "NewableFunction", "Number", "Object", "RegExp", "String"].map((i) => `${i} {}`)].map((i) => `    interface ${i}\n`).join("")}}\n`;

/** A checkout-like folder (a tsconfig.json for the key's source list) with `files` under src/, and src/lib.ts. */
function checkout(files: Record<string, string>): string {
    const root = tempDir("dataplane-hostcheck-");
    fs.writeFileSync(path.join(root, "tsconfig.json"), JSON.stringify({ include: ["src/**/*.ts"] }));
    fs.mkdirSync(path.join(root, "src"));
    for (const [name, text] of Object.entries({ ...files, "lib.ts": LIB })) fs.writeFileSync(path.join(root, "src", name), text);
    return root;
}

/** The files of `root` the host loaded, its lib.ts first. */
const loaded = (root: string, ...names: string[]) => ["lib.ts", ...names].map((n) => path.join(root, "src", n));

const MAYBE = 'import { maybe } from "./maybe";\nexport const name: string = maybe();\n';
const MAYBE_MODULE = "export function maybe(): string | undefined {\n    return process.env.NAME;\n}\n";

describe("the type check of what the Pulumi CLI's host loaded (one program per project)", () => {
    it("reports a file's type error with the host's options, and passes the same file under options that allow it", () => {
        const root = checkout({ "index.ts": MAYBE, "maybe.ts": MAYBE_MODULE.replace("process.env.NAME", "(globalThis as any).name") });
        const files = loaded(root, "index.ts", "maybe.ts");
        const [strict, lax] = typeCheckAsHost([{ options: { ...PULUMI_DEFAULTS, strict: true, outDir: path.join(root, "$$ts-node$$") }, files },
            { options: { ...PULUMI_DEFAULTS, outDir: path.join(root, "$$ts-node$$") }, files }]);
        expect(strict).to.have.length(1);
        expect(strict[0]).to.match(/^src\/index\.ts\(2,14\): error TS2322: Type 'string \| undefined' is not assignable to type 'string'\./);
        expect(lax).to.deep.equal([]);
    });

    it("reports an error only in the files the host loaded, as ts-node checks each file it compiles", () => {
        const root = checkout({ "index.ts": 'export const n: number = 1;\n', "unused.ts": 'export const n: number = "1";\n' });
        const options = { ...PULUMI_DEFAULTS, outDir: path.join(root, "$$ts-node$$") };
        expect(typeCheckAsHost([{ options, files: loaded(root, "index.ts") }])).to.deep.equal([[]]);
        const [errors] = typeCheckAsHost([{ options, files: loaded(root, "index.ts", "unused.ts") }]);
        expect(errors).to.have.length(1);
        expect(errors[0]).to.contain("src/unused.ts(1,14): error TS2322");
    });

    it("keeps a clean result until a file of its program changes, and never keeps a failing one", () => {
        const root = checkout({ "index.ts": 'import { n } from "./types";\nexport const m: number = n;\n', "types.ts": "export const n = 1;\n" });
        const cache = { root, dir: path.join(root, "cache") };
        const check = () => typeCheckAsHost([{ options: { ...PULUMI_DEFAULTS, strict: true }, files: loaded(root, "index.ts") }], cache);
        expect(check()).to.deep.equal([[]]);
        expect(hostTypeCheckStats).to.deep.equal({ programs: 1, cached: false });
        expect(check()).to.deep.equal([[]]);
        expect(hostTypeCheckStats).to.deep.equal({ programs: 0, cached: true });
        // A file outside the loaded list (as a type-only import is: never loaded) still moves the key.
        fs.writeFileSync(path.join(root, "src/types.ts"), 'export const n = "1";\n');
        const [errors] = check();
        expect(errors.join("\n")).to.contain("error TS2322");
        expect(hostTypeCheckStats).to.deep.equal({ programs: 1, cached: false });
        check();
        expect(hostTypeCheckStats, "a failing result is checked again").to.deep.equal({ programs: 1, cached: false });
        fs.writeFileSync(path.join(root, "src/types.ts"), "export const n = 2;\n");
        expect(check()).to.deep.equal([[]]);
        expect(hostTypeCheckStats).to.deep.equal({ programs: 1, cached: false });
        expect(fs.readdirSync(cache.dir), "one entry, the latest").to.have.length(1);
    });

    it("keeps it while only a source outside the checked program changes; a source added or removed, or a changed setting, checks again", () => {
        const root = checkout({ "index.ts": 'import { n } from "./types";\nexport const m: number = n;\n', "types.ts": "export const n = 1;\n", "cli.ts": "export const c = 1;\n" });
        const cache = { root, dir: path.join(root, "cache") };
        const check = () => typeCheckAsHost([{ options: { ...PULUMI_DEFAULTS, strict: true }, files: loaded(root, "index.ts") }], cache);
        const stats = () => ({ ...hostTypeCheckStats });
        expect([check(), stats()]).to.deep.equal([[[]], { programs: 1, cached: false }]);
        // cli.ts is a source of the checkout, but not of the program: nothing to check again.
        fs.writeFileSync(path.join(root, "src/cli.ts"), 'export const c: number = "not a number";\n');
        expect([check(), stats()]).to.deep.equal([[[]], { programs: 0, cached: true }]);
        // A new source could change how an import resolves: checked again, then kept.
        fs.writeFileSync(path.join(root, "src/added.ts"), "export {};\n");
        expect([check(), stats()]).to.deep.equal([[[]], { programs: 1, cached: false }]);
        check();
        expect(stats()).to.deep.equal({ programs: 0, cached: true });
        fs.rmSync(path.join(root, "src/added.ts"));
        check();
        expect(stats(), "a source removed").to.deep.equal({ programs: 1, cached: false });
        // The settings (package.json, its lockfile, tsconfig.json) decide the installed declarations and the sources.
        fs.writeFileSync(path.join(root, "package.json"), '{ "name": "changed" }\n');
        check();
        expect(stats(), "package.json changed").to.deep.equal({ programs: 1, cached: false });
        // A file of the program (a root's import) changed: checked again, and a failure is reported.
        fs.writeFileSync(path.join(root, "src/types.ts"), 'export const n = "1";\n');
        expect(check()[0].join("\n")).to.contain("error TS2322");
    });

    it("checks projects with the same options in one program, unless a file adds something global", () => {
        const root = checkout({ "a.ts": 'import { n } from "./shared";\nexport const a: number = n;\n', "b.ts": 'import { n } from "./shared";\nexport const b: string = n;\n',
            "shared.ts": "export const n = 1;\n", "global.ts": "export {};\ndeclare global {\n    interface Number { twice(): number }\n}\n",
            "c.ts": "export const c: number = (1).twice();\n" });
        const at = (dir: string) => ({ ...PULUMI_DEFAULTS, outDir: path.join(root, dir, "$$ts-node$$") });
        const [a, b] = typeCheckAsHost([{ options: at("a"), files: loaded(root, "a.ts", "shared.ts") }, { options: at("b"), files: loaded(root, "b.ts", "shared.ts") }]);
        expect(hostTypeCheckStats.programs).to.equal(1);
        expect([a, b.length]).to.deep.equal([[], 1]);
        expect(b[0]).to.contain("b.ts(2,14): error TS2322: Type 'number' is not assignable to type 'string'.");
        // c.ts type-checks only beside global.ts: checked in one program, the augmentation would hide c's error.
        const [g, c] = typeCheckAsHost([{ options: at("g"), files: loaded(root, "global.ts", "c.ts") }, { options: at("c"), files: loaded(root, "c.ts") }]);
        expect(hostTypeCheckStats.programs).to.equal(3);
        expect(g).to.deep.equal([]);
        expect(c).to.have.length(1);
        expect(c[0]).to.match(/c\.ts\(1,30\): error TS2339: Property .twice. does not exist on type/);
        const [strict, lax] = typeCheckAsHost([{ options: { ...at("s"), strict: true }, files: loaded(root, "a.ts", "shared.ts") }, { options: at("l"), files: loaded(root, "a.ts", "shared.ts") }]);
        expect([strict, lax, hostTypeCheckStats.programs], "other checking options: a program each").to.deep.equal([[], [], 2]);
    });

    it("counts a compilation as checked by the build only with tsconfig.json's checking options, on its files, after a build", () => {
        const ROOT = path.resolve(__dirname, "../..");
        const file = path.join(ROOT, "tsconfig.json");
        const root = ts.parseJsonConfigFileContent(ts.readConfigFile(file, ts.sys.readFile).config, ts.sys, ROOT, undefined, file).options;
        // As ts-node completes the root project's options: its emit settings differ, nothing that checks does.
        const options = { ...root, sourceMap: true, inlineSources: true, declaration: false, noEmit: false, outDir: path.join(ROOT, "$$ts-node$$") };
        const files = [path.join(ROOT, "stacks/dataplane/index.ts"), path.join(ROOT, "engine/offline/run.ts")];
        expect(checkedByTheBuild(ROOT, { options, files }, () => true)).to.equal(true);
        expect(checkedByTheBuild(ROOT, { options, files }, () => false), "a build older than a source").to.equal(false);
        expect(checkedByTheBuild(ROOT, { options: { ...options, strict: false }, files }, () => true), "other checking options").to.equal(false);
        expect(checkedByTheBuild(ROOT, { options: { ...PULUMI_DEFAULTS, outDir: options.outDir }, files }, () => true), "Pulumi's defaults").to.equal(false);
        const outside = path.join(tempDir("dataplane-hostcheck-"), "index.ts");
        expect(checkedByTheBuild(ROOT, { options, files: [...files, outside] }, () => true), "a file outside tsconfig.json's program").to.equal(false);
    });
});
