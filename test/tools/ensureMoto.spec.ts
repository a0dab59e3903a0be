import { expect } from "chai";
import { MOTO_REQUIREMENT, Ran, VENV, VENV_PYTHON, ensureMoto } from "../../tools/ensureMoto";

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

describe("npm test's moto step (tools/ensureMoto.ts)", () => {
    it("uses the Python on PATH when it serves moto 5, installing nothing", () => {
        const m = machine((command, args) => (command === "python3" && importsMoto(args) ? { status: 0, output: "5.2.1\n" } : { status: 1, output: "" }));
        expect(ensureMoto(m.runner, () => undefined)).to.equal("python3");
        expect(installs(m.calls)).to.deep.equal([]);
    });

    it("installs the pinned moto into the package's own venv when python3 has none, and uses it", () => {
        let installed = false;
        const m = machine((command, args) => {
            if (command === "python3" && args[0] === "--version") return { status: 0, output: "Python 3.11.7" };
            if (command === VENV_PYTHON && args.includes("install")) {
                installed = true;
                return { status: 0, output: "" };
            }
            if (command === VENV_PYTHON && importsMoto(args)) return installed ? { status: 0, output: "5.2.1" } : { status: 1, output: "" };
            if (command === "python3" && args[0] === "-m" && args[1] === "venv") return { status: 0, output: "" };
            return { status: 1, output: "ModuleNotFoundError: No module named 'moto'" };
        });
        const said: string[] = [];
        expect(ensureMoto(m.runner, (l) => said.push(l))).to.equal(VENV_PYTHON);
        expect(installs(m.calls)).to.deep.equal([`python3 -m venv ${VENV}`, `${VENV_PYTHON} -m pip install --quiet ${MOTO_REQUIREMENT}`]);
        expect(said.join("\n")).to.contain(`installing ${MOTO_REQUIREMENT}`);
    });

    it("stops at once with the exact commands when the install cannot reach a package index", () => {
        const m = machine((command, args) => {
            if (command === "python3" && args[0] === "--version") return { status: 0, output: "Python 3.11.7" };
            if (args.includes("install")) return { status: 1, output: "ERROR: No matching distribution found for moto[server]==5.2.1" };
            if (args[1] === "venv") return { status: 0, output: "" };
            return { status: 1, output: "" };
        });
        expect(() => ensureMoto(m.runner, () => undefined)).to.throw(/No matching distribution found[\s\S]*python3 -m venv \.moto-venv && \.moto-venv\/bin\/python -m pip install 'moto\[server\]==5\.2\.1'/);
    });

    it("stops at once, before any install, when there is no python3", () => {
        const m = machine(() => ({ status: null, output: "" }));
        expect(() => ensureMoto(m.runner, () => undefined)).to.throw(/need Python 3 \(python3 on PATH\) with moto[\s\S]*pip install 'moto\[server\]==5\.2\.1'/);
        expect(installs(m.calls)).to.deep.equal([]);
    });

    it("leaves a moto of another major release in the system Python alone, installing the pinned one into the venv", () => {
        const m = machine((command, args) => {
            if (command === "python3" && importsMoto(args)) return { status: 0, output: "4.1.4" };
            if (command === "python3" && args[0] === "--version") return { status: 0, output: "Python 3.11.7" };
            if (command === VENV_PYTHON && importsMoto(args)) return { status: 0, output: "5.2.1" };
            return { status: 0, output: "" };
        });
        const said: string[] = [];
        expect(ensureMoto(m.runner, (l) => said.push(l))).to.equal(VENV_PYTHON);
        expect(said.join("\n")).to.contain("found 4.1.4, need 5.x");
        expect(installs(m.calls).every((c) => c.startsWith(VENV_PYTHON) || c.startsWith("python3 -m venv"))).to.equal(true);
        expect(m.calls.filter((c) => c.startsWith("python3 -m pip"))).to.deep.equal([]);
    });
});
