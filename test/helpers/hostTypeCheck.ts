/**
 * The type check the Pulumi CLI's Node.js host does, done once per project in one program.
 *
 * In type-checking mode the host's ts-node (the SDK's vendored 7.0.1) adds each file it loads to a
 * language service and asks for that file's emit and diagnostics, so every file builds a new
 * program and a new checker over all of `@pulumi/aws`'s declarations: 15-25 s of CPU per project,
 * about 70 s for the four. Its cache (in the OS temp folder, keyed by each file's text alone) then
 * skips the check on later runs, even when a file's imports changed. So the test runs the hosts
 * transpile-only (`PULUMI_NODEJS_TRANSPILE_ONLY=true`, the CLI's own switch), and they report the
 * files their ts-node compiled and the compiler options it used (test/helpers/pulumiHost.js); this
 * module reports for those files the diagnostics ts-node would have raised — the options' and the
 * global ones, then each file's syntactic and semantic ones, less the codes ts-node ignores — from
 * one program for the projects with the same options (see typeCheckAsHost), parsing each file once.
 *
 * A clean result is kept (node_modules/.cache/, like the build's other derived files) under a key
 * of TypeScript's version, the options, the files loaded, the names of every source file of the
 * checkout (provider/analysisCache.ts' analysisInputs) and the text of its tsconfig.json,
 * package.json and lockfile; the entry records the text's hash of every file of the programs
 * checked outside node_modules. It holds while each of those files is unchanged: a program is its
 * files, found from the same roots through the same folders (no source added or removed) and the
 * same installed packages, so it would check the same. A change to a source no host's program
 * includes (the command line, the pack, the tools) checks nothing again; any other checks again.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { isDeepStrictEqual } from "util";
import { analysisInputs } from "../../provider/analysisCache";
import { writeCacheFile } from "../../policies/model/cacheFolder";

/** What one host's ts-node compiled: the files (absolute) and the compiler options it compiled them with. */
export interface HostCompilation { options: ts.CompilerOptions; files: string[] }

/** Diagnostics ts-node 7.0.1 never reports (its `register`: 6059 rootDir, 18002/18003 empty inputs). */
export const TS_NODE_IGNORED = [6059, 18002, 18003];

/** Options that name one project's folders only; the rest decide how files are parsed, bound and checked. */
const PER_PROJECT = new Set(["outDir", "configFilePath"]);
const optionsKey = (o: ts.CompilerOptions) => JSON.stringify(Object.entries(o).filter(([k]) => !PER_PROJECT.has(k)).sort());

/** Statistics of the last call, for tests. */
export const hostTypeCheckStats = { programs: 0, cached: false };

/**
 * The diagnostics, formatted as ts-node formats them, of each compilation ([] when it type-checks).
 * Compilations with the same options are checked in one program over all their files when each
 * file that not all of them load is a module that adds nothing global (then no file can change
 * what another project's file means, and a file shared by projects is checked once); else one
 * program each.
 */
export function typeCheckAsHost(compilations: HostCompilation[], cache?: { root: string; dir: string }): string[][] {
    hostTypeCheckStats.programs = 0;
    hostTypeCheckStats.cached = false;
    const key = cache && checkKey(cache.root, compilations);
    const entry = cache && path.join(cache.dir, `host-typecheck-${key}`);
    if (entry && stillClean(entry)) {
        hostTypeCheckStats.cached = true;
        return compilations.map(() => []);
    }
    const programs: ts.Program[] = [];
    const parsed = new Map<string, ts.SourceFile>();
    const groups = new Map<string, HostCompilation[]>();
    for (const c of compilations) groups.set(optionsKey(c.options), [...(groups.get(optionsKey(c.options)) ?? []), c]);
    const results = new Map<HostCompilation, string[]>();
    for (const group of groups.values()) {
        const union = { options: group[0].options, files: [...new Set(group.flatMap((c) => c.files))] };
        const program = group.length > 1 ? programOf(union, parsed) : undefined;
        // Only a file some of the projects do not load could change what another's file means.
        const shared = program && union.files.filter((f) => !group.every((c) => c.files.includes(f))).every((f) => addsNothingGlobal(program.getSourceFile(f)));
        if (program && shared) programs.push(program);
        for (const c of group) {
            const own = shared ? program! : programOf(c, parsed);
            if (own !== program) programs.push(own);
            results.set(c, diagnosticsOf(c, own));
        }
    }
    const all = compilations.map((c) => results.get(c)!);
    if (entry && all.every((r) => r.length === 0)) keep(cache!.dir, entry, filesOf(programs));
    return all;
}

const textHash = (text: string | Buffer) => crypto.createHash("sha256").update(text).digest("hex");

/** Every file of `programs` outside node_modules (the lockfile stands for those), with its text's hash. */
function filesOf(programs: ts.Program[]): Record<string, string> {
    const files: Record<string, string> = {};
    for (const program of programs) {
        for (const f of program.getSourceFiles()) {
            if (!f.fileName.split(/[\\/]/).includes("node_modules")) files[path.resolve(f.fileName)] = textHash(f.text);
        }
    }
    return files;
}

/** Whether a kept entry's files all still have the text they were checked with. */
function stillClean(entry: string): boolean {
    let files: Record<string, string>;
    try {
        files = JSON.parse(fs.readFileSync(entry, "utf8")) as Record<string, string>;
    } catch {
        return false;
    }
    return Object.entries(files).every(([f, hash]) => fs.existsSync(f) && textHash(fs.readFileSync(f, "utf8")) === hash);
}

/** A module (it imports or exports) without `declare global`. */
function addsNothingGlobal(file: ts.SourceFile | undefined): boolean {
    return file !== undefined && ts.isExternalModule(file) && !file.statements.some((s) => ts.isModuleDeclaration(s) && (s.flags & ts.NodeFlags.GlobalAugmentation) !== 0);
}

/** A program over `c`'s files; files are parsed once for all programs with the same options. */
function programOf(c: HostCompilation, parsed: Map<string, ts.SourceFile>): ts.Program {
    const group = optionsKey(c.options);
    const host = ts.createCompilerHost(c.options, true);
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreate) => {
        const k = `${group}\0${fileName}\0${JSON.stringify(languageVersionOrOptions)}`;
        let file = parsed.get(k);
        if (!file) {
            file = read(fileName, languageVersionOrOptions, onError, shouldCreate);
            if (file) parsed.set(k, file);
        }
        return file;
    };
    hostTypeCheckStats.programs++;
    return ts.createProgram(c.files, c.options, host);
}

/** What ts-node reports for `c`'s files: the options' and global diagnostics, then each file's syntactic and semantic ones. */
function diagnosticsOf(c: HostCompilation, program: ts.Program): string[] {
    const diagnostics = [
        ...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(),
        ...c.files.flatMap((f) => {
            const file = program.getSourceFile(f);
            return file ? [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)] : [];
        }),
    ].filter((d) => !TS_NODE_IGNORED.includes(d.code));
    const cwd = path.dirname(c.options.outDir ?? c.files[0]);
    return diagnostics.map((d) => ts.formatDiagnostics([d], {
        getCurrentDirectory: () => cwd, getCanonicalFileName: (f) => f, getNewLine: () => "\n",
    }).trim());
}

/** Options that decide what is emitted, not what type-checks: ts-node's own defaults, Pulumi's source maps, the build's outputs. */
const EMIT_ONLY = new Set(["noEmit", "outDir", "rootDir", "sourceMap", "inlineSourceMap", "inlineSources", "declaration", "incremental", "tsBuildInfoFile", "configFilePath"]);
const checking = (o: ts.CompilerOptions) => Object.fromEntries(Object.entries(o).filter(([k]) => !EMIT_ONLY.has(k)));

/**
 * Whether the build's one tsc pass (tools/build.ts; its program is tsconfig.json's, as
 * test/tools/build.spec.ts checks) already type-checked a compilation: the same checking options as
 * `root`'s tsconfig.json, every file in its program, and the build newer than every source and
 * than tsconfig.json (`fresh`: bin/freshness.js, what `npm test`'s pretest asks before building).
 * The root project's host uses tsconfig.json, so `npm test` need not check it twice.
 */
export function checkedByTheBuild(root: string, c: HostCompilation, fresh: () => boolean = buildIsFresh(root)): boolean {
    const file = path.join(root, "tsconfig.json");
    const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(file, ts.sys.readFile).config, ts.sys, root, undefined, file);
    if (!isDeepStrictEqual(checking(parsed.options), checking(c.options))) return false;
    const program = new Set(parsed.fileNames.map((f) => path.resolve(f)));
    return c.files.every((f) => program.has(path.resolve(f))) && fresh();
}

function buildIsFresh(root: string): () => boolean {
    return () => {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const { compiledIsFresh } = require(path.join(root, "bin", "freshness")) as { compiledIsFresh(): boolean };
        const stamp = path.join(root, "dist", ".built");
        return compiledIsFresh() && fs.statSync(path.join(root, "tsconfig.json")).mtimeMs <= fs.statSync(stamp).mtimeMs;
    };
}

/** What decides a check's programs besides their files' text: read by the key (the packages' versions: the lockfile). */
const SETTINGS = ["tsconfig.json", "package.json", "package-lock.json"];

/**
 * The key of a check of `compilations` in the checkout `root`: TypeScript's version, each
 * compilation's options and files, the names of the checkout's sources, the text of its settings.
 */
export function checkKey(root: string, compilations: HostCompilation[]): string {
    const hash = crypto.createHash("sha256").update(`typescript@${ts.version}\0`);
    for (const c of compilations) {
        hash.update(JSON.stringify(Object.entries(c.options).sort())).update("\0");
        for (const f of c.files) hash.update(f).update("\0");
    }
    for (const f of analysisInputs(root)) hash.update(f).update("\0");
    for (const f of SETTINGS.map((s) => path.join(root, s)).filter((f) => fs.existsSync(f))) hash.update(f).update("\0").update(fs.readFileSync(f)).update("\0");
    return hash.digest("hex").slice(0, 32);
}

/** Marks a clean check with its programs' files (written aside, then renamed); older marks are removed. */
function keep(dir: string, entry: string, files: Record<string, string>): void {
    writeCacheFile(entry, JSON.stringify(files));
    for (const old of fs.readdirSync(dir)) {
        if (/^host-typecheck-[0-9a-f]+$/.test(old) && path.join(dir, old) !== entry) fs.rmSync(path.join(dir, old), { force: true });
    }
}
