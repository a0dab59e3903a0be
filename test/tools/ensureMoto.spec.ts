/**
 * npm test on a machine without moto: tools/ensureMoto.ts finds moto, or installs the pinned one
 * into the package's own venv, or says in one line why it cannot and the command that would — and
 * never leaves a half-made venv behind. Tried with fake machines (a runner answering as a machine
 * would) and with real processes on a PATH without moto; then the end-to-end suites' gate
 * (test/helpers/moto.ts): one failure with that line, the other suites pending.
 */
import { expect } from "chai";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { MOTO_REQUIREMENT, MotoUnavailable, Ran, ensureMoto, rememberedMoto, venvPaths } from "../../tools/ensureMoto";
import { MOTO_OF_THIS_RUN, motoAnswered, python3, requireMoto, resetMotoAvailability, shareMotoWithWorkers } from "../helpers/moto";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "../..");

/** A fake machine: which commands answer what; records every call. */
function machine(answers: (command: string, args: string[]) => Ran) {
    const calls: string[] = [];
    const runner = (command: string, args: string[]) => {
        calls.push([command, ...args].join(" "));
        return answers(command, args);
    };
    return { calls, runner };
}

const importsMoto = (args: string[]) => args[0] === "-c" && args[1].includes("import moto");
const installs = (calls: string[]) => calls.filter((c) => c.includes(" -m venv ") || c.includes(" pip install "));
const quiet = () => undefined;

/** Runs `test` with none of this run's moto variables set (as outside a run), and sets them back after. */
async function withRunEnvironment(test: () => void | Promise<void>): Promise<void> {
    const saved = Object.values(MOTO_OF_THIS_RUN).map((name) => [name, process.env[name]] as const);
    for (const [name] of saved) delete process.env[name];
    try {
        await test();
    } finally {
        for (const [name, value] of saved) {
            if (value === undefined) delete process.env[name];
            else process.env[name] = value;
        }
    }
}

/** A hook's context as mocha gives it: skip(), and timeout() that answers `ms` and records what it is set to. */
function hookContext(ms: number) {
    const set: number[] = [];
    return { set, skip: () => { throw new Error("skipped"); }, timeout: (to?: number) => (to === undefined ? ms : void set.push(to)) };
}

describe("npm test's moto step (tools/ensureMoto.ts)", () => {
    let venv: string;
    let python: string;
    beforeEach(() => {
        venv = path.join(tempDir("dataplane-moto-"), ".moto-venv");
        python = venvPaths(venv).python;
    });

    it("uses the Python on PATH when it serves moto 5, installing nothing", () => {
        const m = machine((command, args) => (command === "python3" && importsMoto(args) ? { status: 0, output: "5.2.1\n" } : { status: 1, output: "" }));
        expect(ensureMoto({ runner: m.runner, log: quiet, venv })).to.equal("python3");
        expect(installs(m.calls)).to.deep.equal([]);
    });

    it("runs that Python by the interpreter file it reports (sys.executable) when the file exists, else as python3", () => {
        const reporting = (executable: string) => machine((command, args) => (command === "python3" && importsMoto(args) ? { status: 0, output: `${executable}\n5.2.1\n` } : { status: 1, output: "" }));
        // An existing file stands in for the interpreter behind a launcher such as pyenv's shim.
        expect(ensureMoto({ runner: reporting(process.execPath).runner, log: quiet, venv })).to.equal(process.execPath);
        expect(ensureMoto({ runner: reporting(path.join(venv, "no-such-python")).runner, log: quiet, venv })).to.equal("python3");
        expect(ensureMoto({ runner: reporting("python3.11").runner, log: quiet, venv }), "not a path").to.equal("python3");
    });

    it("remembers what it found (npm test's runs): the next check starts no Python, until the interpreter, moto, its install folder, PATH or the venv changes", () => {
        const dir = tempDir("dataplane-remember-");
        const executable = path.join(dir, "bin", "python3.11");
        const sitePackages = path.join(dir, "lib", "site-packages");
        const motoPackage = path.join(sitePackages, "moto");
        fs.mkdirSync(path.dirname(executable), { recursive: true });
        fs.writeFileSync(executable, "");
        fs.mkdirSync(motoPackage, { recursive: true });
        fs.writeFileSync(path.join(motoPackage, "__init__.py"), "");
        const kept = path.join(dir, "cache", "moto.json");
        const m = machine((command, args) => (command === "python3" && importsMoto(args) ? { status: 0, output: `${motoPackage}\n${executable}\n5.2.1\n` } : { status: 1, output: "" }));
        const asked = () => m.calls.filter((c) => c.includes("import moto")).length;
        const check = () => ensureMoto({ runner: m.runner, log: quiet, venv, remember: kept });
        expect([check(), check(), asked()]).to.deep.equal([executable, executable, 1]);
        expect(rememberedMoto(kept, venv)).to.equal(executable);
        const later = new Date(Date.now() + 60_000);
        for (const [change, file] of [["an install or removal beside moto", sitePackages], ["another moto", path.join(motoPackage, "__init__.py")], ["another interpreter", executable]]) {
            const before = asked();
            fs.utimesSync(file, later, later);
            expect(rememberedMoto(kept, venv), change).to.equal(undefined);
            expect([check(), check(), asked() - before], change).to.deep.equal([executable, executable, 1]);
        }
        const savedPath = process.env.PATH;
        try {
            process.env.PATH = `${dir}${path.delimiter}${savedPath}`;
            expect(rememberedMoto(kept, venv), "another PATH").to.equal(undefined);
        } finally {
            process.env.PATH = savedPath;
        }
        expect(rememberedMoto(kept, venv), "PATH as it was").to.equal(executable);
        fs.mkdirSync(path.dirname(venvPaths(venv).ready), { recursive: true });
        fs.writeFileSync(venvPaths(venv).ready, "");
        expect(rememberedMoto(kept, venv), "the venv made since").to.equal(undefined);
        // A Python named only by PATH (no interpreter file to stat) is not remembered.
        const unnamed = path.join(dir, "cache", "unnamed.json");
        const bare = machine((command, args) => (command === "python3" && importsMoto(args) ? { status: 0, output: "5.2.1\n" } : { status: 1, output: "" }));
        expect(ensureMoto({ runner: bare.runner, log: quiet, venv: path.join(dir, "other-venv"), remember: unnamed })).to.equal("python3");
        expect(fs.existsSync(unnamed)).to.equal(false);
    });

    it("installs the pinned moto into the package's own venv when python3 has none, and uses it", () => {
        let installed = false;
        const m = machine((command, args) => {
            if (command === "python3" && args[0] === "--version") return { status: 0, output: "Python 3.11.7" };
            if (command === python && args.includes("install")) {
                installed = true;
                return { status: 0, output: "" };
            }
            if (command === python && importsMoto(args)) return installed ? { status: 0, output: "5.2.1" } : { status: 1, output: "" };
            if (command === "python3" && args[0] === "-m" && args[1] === "venv") return { status: 0, output: "" };
            return { status: 1, output: "ModuleNotFoundError: No module named 'moto'" };
        });
        const said: string[] = [];
        expect(ensureMoto({ runner: m.runner, log: (l) => said.push(l), venv })).to.equal(python);
        expect(installs(m.calls)).to.deep.equal([`python3 -m venv ${venv}`, `${python} -m pip install --quiet ${MOTO_REQUIREMENT}`]);
        expect(said.join("\n")).to.contain(`installing ${MOTO_REQUIREMENT}`);
    });

    it("an install that cannot reach a package index: one line with the exact command, and the half-made venv removed", () => {
        const m = machine((command, args) => {
            if (command === "python3" && args[0] === "--version") return { status: 0, output: "Python 3.11.7" };
            if (args[1] === "venv") {
                fs.mkdirSync(path.dirname(python), { recursive: true });
                fs.writeFileSync(python, "");
                return { status: 0, output: "" };
            }
            if (args.includes("install")) return { status: 1, output: "ERROR: Could not find a version\nERROR: No matching distribution found for moto[server]==5.2.1" };
            return { status: 1, output: "" };
        });
        let thrown: Error | undefined;
        try {
            ensureMoto({ runner: m.runner, log: quiet, venv });
        } catch (err) {
            thrown = err as Error;
        }
        expect(thrown).to.be.instanceOf(MotoUnavailable);
        expect(thrown!.message.split("\n"), "one line").to.have.length(1);
        expect(thrown!.message).to.match(/installing it failed \(.*No matching distribution found.*\); install it by hand: python3 -m venv .*\.moto-venv && .*python -m pip install 'moto\[server\]==5\.2\.1'$/);
        expect(fs.existsSync(venv), "no half-made venv").to.equal(false);
    });

    it("no python3: one line, before any install", () => {
        const m = machine(() => ({ status: null, output: "" }));
        expect(() => ensureMoto({ runner: m.runner, log: quiet, venv })).to.throw(MotoUnavailable, /there is no Python 3 here \(python3 on PATH\) to run it; install it by hand: python3 -m venv /);
        expect(installs(m.calls)).to.deep.equal([]);
        expect(fs.existsSync(venv)).to.equal(false);
    });

    it("leaves a moto of another major release in the system Python alone, installing the pinned one into the venv", () => {
        const m = machine((command, args) => {
            if (command === "python3" && importsMoto(args)) return { status: 0, output: "4.1.4" };
            if (command === "python3" && args[0] === "--version") return { status: 0, output: "Python 3.11.7" };
            if (command === python && importsMoto(args)) return { status: 0, output: "5.2.1" };
            return { status: 0, output: "" };
        });
        const said: string[] = [];
        expect(ensureMoto({ runner: m.runner, log: (l) => said.push(l), venv })).to.equal(python);
        expect(said.join("\n")).to.contain("found 4.1.4, need 5.x");
        expect(m.calls.filter((c) => c.startsWith("python3 -m pip"))).to.deep.equal([]);
    });

    describe("as a process, on a PATH without moto", () => {
        /** Runs ensureMoto in a child whose PATH is only `bin` (node is called by its full path). */
        // tsx's CommonJS hook alone: the script only require()s (a third of --import tsx's start-up CPU).
        const ensureIn = (bin: string) => spawnSync(process.execPath, ["--require", "tsx/cjs", "-e",
            `try { require(${JSON.stringify(path.join(ROOT, "tools", "ensureMoto.ts"))}).ensureMoto({ venv: ${JSON.stringify(venv)}, log: () => undefined }); console.log("found"); }
             catch (err) { console.log(err.name + ": " + err.message); }`], { cwd: ROOT, encoding: "utf8", env: { ...process.env, PATH: bin } });

        it("no python3 at all: the one line, nothing made", () => {
            const r = ensureIn(tempDir("dataplane-path-"));
            expect(r.stdout.trim()).to.match(/^MotoUnavailable: the end-to-end tests need moto, and there is no Python 3 here/);
            expect(fs.existsSync(venv)).to.equal(false);
        });

        it("a python3 whose venv is made but whose pip fails: the one line, and the venv it made is gone", function () {
            if (process.platform === "win32") this.skip();
            const bin = tempDir("dataplane-path-");
            // A python3 that has no moto, makes a venv whose own python's pip fails (no package index here).
            fs.writeFileSync(path.join(bin, "python3"), [
                "#!/bin/sh",
                "PATH=/usr/bin:/bin  # its own tools; the PATH it was found on holds only itself",
                'if [ "$1" = "--version" ]; then echo "Python 3.11.7"; exit 0; fi',
                'if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then mkdir -p "$3/bin"; printf \'#!/bin/sh\\necho "ERROR: No matching distribution found for moto" >&2; exit 1\\n\' > "$3/bin/python"; chmod +x "$3/bin/python"; exit 0; fi',
                'echo "No module named moto" >&2; exit 1',
                "",
            ].join("\n"), { mode: 0o755 });
            const r = ensureIn(bin);
            expect(r.stdout.trim()).to.match(/^MotoUnavailable: the end-to-end tests need moto, and installing it failed \(.*No matching distribution found for moto\); install it by hand: /);
            expect(r.stdout.trim().split("\n")).to.have.length(1);
            expect(fs.existsSync(venv), "the half-made venv was removed").to.equal(false);
        });
    });

    // npm test's mocha runs its files in parallel workers (.mocharc.cjs); one file alone runs without the config, serially.
    for (const mode of [
        { name: "in parallel workers, as npm test runs", args: ["--parallel", "--jobs", "2", "--require", "test/helpers/runFixtures.ts"] },
        { name: "serially, as one file alone runs", args: [] },
    ]) {
        it(`npm test's mocha on a machine without moto, ${mode.name}: every other test runs and passes, the end-to-end part fails once, in one line`, function () {
            this.timeout(180_000);
            const bin = tempDir("dataplane-path-");
            // Two suites that take moto as test/e2e/'s do (through Moto.shared, the same gate), without
            // loading what the real ones test (the SDKs and the engine: seconds per worker), and one that needs none.
            const specs = ["test/fixtures/motoGate/first.fixture.ts", "test/fixtures/motoGate/second.fixture.ts", "test/tempDir.spec.ts"];
            // Not this run's moto: the child finds its own (none).
            const env: NodeJS.ProcessEnv = { ...process.env, PATH: bin, DATAPLANE_MOTO_VENV: venv };
            for (const name of Object.values(MOTO_OF_THIS_RUN)) delete env[name];
            const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "mocha", "bin", "mocha.js"), "--no-config", "--node-option", "import=tsx", "--timeout", "60000", "--reporter", "dot", ...mode.args, ...specs],
                { cwd: ROOT, encoding: "utf8", env });
            expect(r.status, r.stdout + r.stderr).to.equal(1);
            expect(r.stdout).to.match(/\b\d+ passing\b/);
            expect(r.stdout).to.match(/\b1 failing\b/);
            expect(r.stdout).to.match(/\b[1-9]\d* pending\b/);
            const failure = r.stdout.slice(r.stdout.indexOf("1) "));
            expect(failure).to.contain("Error: the end-to-end tests need moto, and there is no Python 3 here (python3 on PATH) to run it; install it by hand: python3 -m venv ");
            expect(failure, "no stack trace").to.not.match(/\n\s+at /);
            expect(fs.existsSync(venv)).to.equal(false);
        });
    }

    describe("the end-to-end suites' gate (test/helpers/moto.ts)", () => {
        // What the end-to-end suites of this run found is forgotten before and after each of these.
        beforeEach(resetMotoAvailability);
        afterEach(resetMotoAvailability);
        const missing = () => { throw new MotoUnavailable("the end-to-end tests need moto, and there is no Python 3 here (python3 on PATH) to run it", ".moto-venv"); };

        it("without moto: the first suite fails with the one line (no stack), the next ones are skipped, and ensureMoto runs once", () => {
            let asked = 0;
            const ensure = () => { asked++; return missing(); };
            let skipped = 0;
            const suite = { skip: () => { skipped++; throw new Error("skipped"); } };
            let first: Error | undefined;
            try {
                requireMoto(suite, ensure);
            } catch (err) {
                first = err as Error;
            }
            expect(first!.message).to.match(/^the end-to-end tests need moto, .*; install it by hand: python3 -m venv \.moto-venv && /);
            expect(first!.stack).to.equal(`Error: ${first!.message}`);
            expect(() => requireMoto(suite, ensure)).to.throw("skipped");
            expect([asked, skipped]).to.deep.equal([1, 1]);
        });

        it("with moto: every suite gets its Python, asked once", () => {
            let asked = 0;
            const ensure = () => { asked++; return "/opt/python3"; };
            expect([requireMoto(undefined, ensure), requireMoto(undefined, ensure)]).to.deep.equal(["/opt/python3", "/opt/python3"]);
            expect(asked).to.equal(1);
        });

        it("scripts' Python: the interpreter this run found moto with, else python3 on PATH", () => withRunEnvironment(() => {
            process.env[MOTO_OF_THIS_RUN.python] = "/opt/python/bin/python3.11";
            expect(python3()).to.equal("/opt/python/bin/python3.11");
            delete process.env[MOTO_OF_THIS_RUN.python];
            expect(python3()).to.equal("python3");
        }));

        it("the run's answer comes from its global setup once found (in a thread, while the workers start): a suite that needs moto first waits, its hook's timeout paused, then gets that Python", () => withRunEnvironment(async () => {
            let answer!: (found: { python: string }) => void;
            const written = shareMotoWithWorkers(tempDir("dataplane-run-"), () => new Promise((resolve) => (answer = resolve)));
            const hook = hookContext(60_000);
            let waited = false;
            const waiting = motoAnswered(hook).then(() => (waited = true));
            await new Promise((r) => setTimeout(r, 60));
            expect([waited, hook.set], "still waiting, with no timeout").to.deep.equal([false, [0]]);
            answer({ python: "/opt/python3" });
            await written;
            await waiting;
            expect(hook.set, "the timeout set back").to.deep.equal([0, 60_000]);
            expect([requireMoto(hook), python3()]).to.deep.equal(["/opt/python3", "/opt/python3"]);
        }));

        it("a synchronous caller waits for the answer too (here another process writes it late), and a missing moto is the one line", () => withRunEnvironment(() => {
            const answerFile = path.join(tempDir("dataplane-run-"), "moto.json");
            process.env[MOTO_OF_THIS_RUN.answer] = answerFile;
            const problem = "the end-to-end tests need moto, and there is no Python 3 here (python3 on PATH) to run it; install it by hand: python3 -m venv .moto-venv";
            // Written aside and renamed, as the run's global setup writes it: a reader sees no file or the whole.
            const write = `const fs = require("fs"); fs.writeFileSync(${JSON.stringify(`${answerFile}.tmp`)}, ${JSON.stringify(JSON.stringify({ problem }))}); fs.renameSync(${JSON.stringify(`${answerFile}.tmp`)}, ${JSON.stringify(answerFile)});`;
            spawn(process.execPath, ["-e", `setTimeout(() => { ${write} }, 150)`], { stdio: "ignore" });
            const hook = hookContext(2_000);
            let thrown: Error | undefined;
            try {
                requireMoto(hook);
            } catch (err) {
                thrown = err as Error;
            }
            expect([thrown?.message, thrown?.stack, hook.set]).to.deep.equal([problem, `Error: ${problem}`, [0, 2_000]]);
        }));

        it("a failure while finding moto (not a missing moto) reaches the suites as what it is", () => withRunEnvironment(async () => {
            await shareMotoWithWorkers(tempDir("dataplane-run-"), () => Promise.reject(new TypeError("a bug")));
            expect(() => requireMoto()).to.throw(/^finding moto in the run's global setup failed: TypeError: a bug/);
        }));

        it("anything else going wrong is not hidden as 'moto is missing'", () => {
            expect(() => requireMoto(undefined, () => { throw new TypeError("a bug"); })).to.throw(TypeError, "a bug");
        });
    });
});
