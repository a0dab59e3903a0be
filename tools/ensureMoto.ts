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
 * The moto version `python` can serve with (`moto.server` importable), and the interpreter's own
 * file (`sys.executable`, printed first), or undefined.
 */
function motoFound(python: string, runner: Runner): { version: string; executable?: string } | undefined {
    const r = runner(python, ["-c", "import moto, moto.server, sys; print(sys.executable); print(moto.__version__)"]);
    if (r.status !== 0) return undefined;
    const lines = r.output.trim().split("\n");
    return { version: lines.pop()!, executable: lines.pop()?.trim() };
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
}

/**
 * The Python the moto server runs with: the venv's when it has moto, else the Python on PATH when
 * it has a moto 5, else the venv's after installing the pinned moto into it. Throws
 * {@link MotoUnavailable} (one line) when Python 3 is missing or the install fails, after removing
 * the venv it was making.
 */
export function ensureMoto(opts: EnsureOptions = {}): string {
    const { runner = run, log = console.log, venv = VENV } = opts;
    const { python, ready } = venvPaths(venv);
    if (fs.existsSync(ready) && motoVersion(python, runner)) return python;
    const found = motoFound("python3", runner);
    const onPath = found?.version;
    // The interpreter python3 runs, by its own file when it names one that exists: a launcher on PATH
    // (pyenv's shim is a shell script) costs a few tenths of a second of CPU on every server start.
    if (onPath?.startsWith("5.")) return found?.executable && path.isAbsolute(found.executable) && fs.existsSync(found.executable) ? found.executable : "python3";
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
    if (!motoVersion(python, runner)) fail(`moto was installed into ${venv} but does not import`);
    return python;
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
