/**
 * Makes sure the end-to-end tests (test/e2e) have a moto server to start, before `npm test` runs
 * mocha: Python 3 with `moto[server]` (the Python on PATH, or this package's own `.moto-venv/`).
 * When neither has it, it creates `.moto-venv/` and installs the pinned moto there (the system
 * Python is never changed); when that is impossible, it stops at once with the exact commands.
 * The manual command in docs/development.md installs into the same place, so the tests find it there too.
 *
 *   node --import tsx tools/ensureMoto.ts          (npm test and .ci/run call it first)
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** The moto release the tests are written against (FACTS: moto's behaviour differs between releases). */
export const MOTO_VERSION = "5.2.1";
export const MOTO_REQUIREMENT = `moto[server]==${MOTO_VERSION}`;

const ROOT = path.resolve(__dirname, "..");
/** The package's own virtual environment for moto (git-ignored). */
export const VENV = path.join(ROOT, ".moto-venv");
export const VENV_PYTHON = path.join(VENV, process.platform === "win32" ? "Scripts/python.exe" : "bin/python");
/** The console script `moto[server]` installs: its presence says moto's server is in the venv. */
const READY = path.join(VENV, process.platform === "win32" ? "Scripts/moto_server.exe" : "bin/moto_server");

/** What running a command gave: its exit status (null when it could not start) and its output. */
export interface Ran { status: number | null; output: string }
export type Runner = (command: string, args: string[]) => Ran;

const run: Runner = (command, args) => {
    const r = spawnSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return { status: r.error ? null : r.status, output: `${r.stdout ?? ""}${r.stderr ?? ""}` };
};

/** The moto version `python` can serve with (`moto.server` importable), or undefined. */
export function motoVersion(python: string, runner: Runner = run): string | undefined {
    const r = runner(python, ["-c", "import moto, moto.server; print(moto.__version__)"]);
    return r.status === 0 ? r.output.trim().split("\n").pop() : undefined;
}

/** The exact commands that install moto for the tests by hand. */
export function manualCommands(): string {
    return [
        `python3 -m venv ${path.relative(process.cwd(), VENV) || VENV} && ${path.relative(process.cwd(), VENV_PYTHON) || VENV_PYTHON} -m pip install '${MOTO_REQUIREMENT}'`,
        `(or, into the Python on PATH: python3 -m pip install '${MOTO_REQUIREMENT}')`,
    ].join("\n  ");
}

/**
 * The Python the moto server runs with: the package's venv when it has moto, else the Python on
 * PATH when it has a moto 5, else the venv after installing the pinned moto into it. Throws with
 * the exact commands when Python 3 is missing or the install fails.
 */
export function ensureMoto(runner: Runner = run, log: (line: string) => void = console.log): string {
    if (fs.existsSync(READY) && motoVersion(VENV_PYTHON, runner)) return VENV_PYTHON;
    const onPath = motoVersion("python3", runner);
    if (onPath?.startsWith("5.")) return "python3";
    const python = runner("python3", ["--version"]);
    if (python.status !== 0) {
        throw new Error(`the end-to-end tests need Python 3 (python3 on PATH) with moto; install Python 3, then:\n  ${manualCommands()}`);
    }
    log(`moto is not installed${onPath ? ` (found ${onPath}, need 5.x)` : ""}: installing ${MOTO_REQUIREMENT} into ${VENV} (once)`);
    const steps: [string, string[]][] = [["python3", ["-m", "venv", VENV]], [VENV_PYTHON, ["-m", "pip", "install", "--quiet", MOTO_REQUIREMENT]]];
    for (const [command, args] of steps) {
        const r = runner(command, args);
        if (r.status !== 0) {
            throw new Error(`could not install moto (${[command, ...args].join(" ")} failed: ${r.output.trim().split("\n").slice(-3).join(" / ")}); run:\n  ${manualCommands()}`);
        }
    }
    if (!motoVersion(VENV_PYTHON, runner)) throw new Error(`moto was installed into ${VENV} but does not import; run:\n  ${manualCommands()}`);
    return VENV_PYTHON;
}

/** The Python test/helpers/moto.ts starts the server with: the venv's once moto works there, else python3. */
export function motoPython(): string {
    return fs.existsSync(READY) ? VENV_PYTHON : "python3";
}

if (require.main === module) {
    try {
        const python = ensureMoto();
        console.log(`moto ${motoVersion(python)} (${python === "python3" ? "python3 on PATH" : path.relative(ROOT, python)}) for the end-to-end tests`);
    } catch (err) {
        console.error(`npm test: ${(err as Error).message}`);
        process.exitCode = 1;
    }
}
