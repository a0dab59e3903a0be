/**
 * Makes sure the end-to-end tests (test/e2e) have a moto server to start: Python 3 with
 * `moto[server]` (this package's own `.moto-venv/`, or the Python on PATH). When neither has it, it
 * creates `.moto-venv/` and installs the pinned moto there (the system Python is never changed);
 * when that fails, it removes what it made — no half-made `.moto-venv/` is left behind — and says
 * in one line what is missing and the exact command to install it by hand.
 *
 * `npm test` runs every test; the first end-to-end suite calls this (test/helpers/moto.ts) and, on a
 * machine without moto, fails with that one line while every other test runs. By hand:
 *
 *   node --import tsx tools/ensureMoto.ts
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { writeCacheFile } from "../policies/model/cacheFolder";

/** The moto release the tests are written against (FACTS: moto's behaviour differs between releases). */
export const MOTO_VERSION = "5.2.1";
export const MOTO_REQUIREMENT = `moto[server]==${MOTO_VERSION}`;

const ROOT = path.resolve(__dirname, "..");
/** The package's own virtual environment for moto (git-ignored); `DATAPLANE_MOTO_VENV` names another (a test's scratch folder). */
export const VENV = process.env.DATAPLANE_MOTO_VENV || path.join(ROOT, ".moto-venv");

/** A virtual environment's Python, and the console script `moto[server]` installs (its presence says moto's server is there). */
export function venvPaths(venv: string): { python: string; ready: string } {
    const bin = process.platform === "win32" ? "Scripts" : "bin";
    return { python: path.join(venv, bin, process.platform === "win32" ? "python.exe" : "python"), ready: path.join(venv, bin, process.platform === "win32" ? "moto_server.exe" : "moto_server") };
}
export const VENV_PYTHON = venvPaths(VENV).python;

/** What running a command gave: its exit status (null when it could not start) and its output. */
export interface Ran { status: number | null; output: string }
export type Runner = (command: string, args: string[]) => Ran;

const run: Runner = (command, args) => {
    const r = spawnSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return { status: r.error ? null : r.status, output: `${r.stdout ?? ""}${r.stderr ?? ""}` };
};

/** Why the end-to-end tests cannot have moto here, in one line, ending with the command that fixes it. */
export class MotoUnavailable extends Error {
    constructor(problem: string, venv: string) {
        super(`${problem}; install it by hand: ${manualCommand(venv)}`);
        this.name = "MotoUnavailable";
    }
}

/**
 * The moto version `python` can serve with (`moto.server` importable), the interpreter's own
 * file (`sys.executable`) and moto's package folder, or undefined. Printed one a line, the
 * version last.
 */
function motoFound(python: string, runner: Runner): Found | undefined {
    const r = runner(python, ["-c", "import moto, moto.server, os, sys; print(os.path.dirname(moto.__file__)); print(sys.executable); print(moto.__version__)"]);
    if (r.status !== 0) return undefined;
    const lines = r.output.trim().split("\n");
    return { version: lines.pop()!, executable: lines.pop()?.trim(), motoPackage: lines.pop()?.trim() };
}

interface Found { version: string; executable?: string; motoPackage?: string }

/**
 * What a remembered answer rests on: the interpreter's file, moto's package (its `__init__.py`)
 * and the folder it is installed in (installing or removing any package there changes its time),
 * by modification time; whether the venv is ready; the venv and PATH asked about.
 */
function groundsOf(python: string, motoPackage: string, venv: string): { files: Record<string, number>; venvReady: boolean; venv: string; path: string } {
    const files: Record<string, number> = {};
    for (const file of [python, path.join(motoPackage, "__init__.py"), path.dirname(motoPackage)]) files[file] = fs.statSync(file).mtimeMs;
    return { files, venvReady: fs.existsSync(venvPaths(venv).ready), venv, path: process.env.PATH ?? "" };
}

/**
 * The Python an earlier {@link ensureMoto} with `remember` found, when nothing it rests on changed
 * since (see {@link groundsOf}); else undefined. Costs a few file stats instead of starting Python
 * and importing moto (about a second of CPU).
 */
export function rememberedMoto(file: string, venv: string = VENV): string | undefined {
    try {
        const kept = JSON.parse(fs.readFileSync(file, "utf8")) as { python: string; motoPackage: string; grounds: unknown };
        return JSON.stringify(groundsOf(kept.python, kept.motoPackage, venv)) === JSON.stringify(kept.grounds) ? kept.python : undefined;
    } catch {
        return undefined; // none kept, or something it rests on is gone
    }
}

/** Keeps what {@link ensureMoto} found in `file` when it can name its grounds (an interpreter by its path); returns `python`. */
function remember(file: string | undefined, python: string, found: Found, venv: string): string {
    if (file && found.motoPackage && path.isAbsolute(python) && path.isAbsolute(found.motoPackage)) {
        try {
            writeCacheFile(file, JSON.stringify({ python, motoPackage: found.motoPackage, grounds: groundsOf(python, found.motoPackage, venv) }));
        } catch {
            // a read-only folder: the next run asks Python again
        }
    }
    return python;
}

/** The moto version `python` can serve with (`moto.server` importable), or undefined. */
export function motoVersion(python: string, runner: Runner = run): string | undefined {
    return motoFound(python, runner)?.version;
}

/** The exact command that installs moto for the tests by hand (into the package's venv). */
export function manualCommand(venv: string = VENV): string {
    const shown = (p: string) => path.relative(process.cwd(), p) || p;
    return `python3 -m venv ${shown(venv)} && ${shown(venvPaths(venv).python)} -m pip install '${MOTO_REQUIREMENT}'`;
}

export interface EnsureOptions {
    runner?: Runner;
    log?: (line: string) => void;
    /** The virtual environment to use or make (tests give a scratch folder). Defaults to `.moto-venv/` here. */
    venv?: string;
    /**
     * A file to keep the answer in (npm test's runs: node_modules/.cache/), read back by
     * {@link rememberedMoto} while nothing it rests on changed.
     */
    remember?: string;
}

/**
 * The Python the moto server runs with: the venv's when it has moto, else the Python on PATH when
 * it has a moto 5, else the venv's after installing the pinned moto into it (or, with `remember`,
 * what that found last time, while nothing it rests on changed). Throws
 * {@link MotoUnavailable} (one line) when Python 3 is missing or the install fails, after removing
 * the venv it was making.
 */
export function ensureMoto(opts: EnsureOptions = {}): string {
    const { runner = run, log = console.log, venv = VENV } = opts;
    const kept = opts.remember && rememberedMoto(opts.remember, venv);
    if (kept) return kept;
    const { python, ready } = venvPaths(venv);
    const inVenv = fs.existsSync(ready) ? motoFound(python, runner) : undefined;
    if (inVenv) return remember(opts.remember, python, inVenv, venv);
    const found = motoFound("python3", runner);
    const onPath = found?.version;
    // The interpreter python3 runs, by its own file when it names one that exists: a launcher on PATH
    // (pyenv's shim is a shell script) costs a few tenths of a second of CPU on every server start.
    if (onPath?.startsWith("5.")) return remember(opts.remember, found?.executable && path.isAbsolute(found.executable) && fs.existsSync(found.executable) ? found.executable : "python3", found!, venv);
    if (runner("python3", ["--version"]).status !== 0) {
        throw new MotoUnavailable("the end-to-end tests need moto, and there is no Python 3 here (python3 on PATH) to run it", venv);
    }
    log(`moto is not installed${onPath ? ` (found ${onPath}, need 5.x)` : ""}: installing ${MOTO_REQUIREMENT} into ${venv} (once)`);
    // A venv left half-made by an interrupted run is made again from nothing.
    fs.rmSync(venv, { recursive: true, force: true });
    const fail = (problem: string): never => {
        fs.rmSync(venv, { recursive: true, force: true });
        throw new MotoUnavailable(`the end-to-end tests need moto, and installing it failed (${problem})`, venv);
    };
    for (const [command, args] of [["python3", ["-m", "venv", venv]], [python, ["-m", "pip", "install", "--quiet", MOTO_REQUIREMENT]]] as [string, string[]][]) {
        const r = runner(command, args);
        if (r.status !== 0) fail(`${[command, ...args].join(" ")}: ${r.output.trim().split("\n").slice(-2).join(" / ") || `exit ${r.status}`}`);
    }
    const installed = motoFound(python, runner);
    if (!installed) fail(`moto was installed into ${venv} but does not import`);
    return remember(opts.remember, python, installed!, venv);
}

if (require.main === module) {
    try {
        const python = ensureMoto();
        console.log(`moto ${motoVersion(python)} (${python.startsWith(ROOT + path.sep) ? path.relative(ROOT, python) : `${python}, python3 on PATH`}) for the end-to-end tests`);
    } catch (err) {
        console.error(`error: ${(err as Error).message}`);
        process.exitCode = 1;
    }
}
