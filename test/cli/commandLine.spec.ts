import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CommandSpec } from "../../cli/args";
import { COMMANDS } from "../../cli/main";
import { inProcess } from "../helpers/cli";

const ROOT = path.resolve(__dirname, "../..");
const VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version;

/** Every command path with a run (`preview`, `fleet preview`, …) and its spec. */
function leaves(specs: CommandSpec[], prefix: string[] = []): [string[], CommandSpec][] {
    return specs.flatMap((s) => (s.subcommands ? leaves(s.subcommands, [...prefix, s.name]) : [[[...prefix, s.name], s] as [string[], CommandSpec]]));
}

describe("the command line (commander)", () => {
    for (const [words, spec] of leaves(COMMANDS)) {
        it(`dataplane ${words.join(" ")} --help: exit 0, every option with its description`, async () => {
            const r = await inProcess(...words, "--help");
            expect([r.status, r.stderr]).to.deep.equal([0, ""]);
            expect(r.stdout).to.match(new RegExp(`^Usage: dataplane ${words.join(" ")} \\[options\\]`));
            const flat = r.stdout.replace(/\s+/g, " ");
            for (const [flag, option] of Object.entries(spec.options ?? {})) {
                expect(flat, flag).to.contain(`--${flag}${option.value ? ` <${option.value}>` : ""}`);
                expect(flat, flag).to.contain(option.description.replace(/\s+/g, " "));
                // The range, the rule and the default come from the declaration, not from prose.
                if (option.range) expect(flat, flag).to.contain(`(${option.range.min}-${option.range.max})`);
                if (option.rule) expect(flat, flag).to.contain(`(must ${option.rule.must})`);
                const fallback = option.default ?? option.range?.default ?? option.rule?.default;
                if (fallback !== undefined) expect(flat, flag).to.contain(`defaults to ${fallback}`);
            }
            if (spec.details) expect(flat).to.contain(spec.details.split("\n")[0]);
        });
    }

    it("dataplane --help and dataplane help list every command, exit 0", async () => {
        for (const args of [["--help"], ["help"]]) {
            const r = await inProcess(...args);
            expect(r.status).to.equal(0);
            for (const c of COMMANDS) expect(r.stdout).to.match(new RegExp(`^ {2}${c.name} `, "m"));
        }
        expect((await inProcess("help", "launch")).stdout).to.match(/^Usage: dataplane launch \[options\]/);
    });

    it("--version and -V print the package's version", async () => {
        expect(await inProcess("--version")).to.deep.equal({ status: 0, stdout: VERSION, stderr: "" });
        expect((await inProcess("-V")).stdout).to.equal(VERSION);
    });

    it("no command: the help on standard error, exit 2", async () => {
        const r = await inProcess();
        expect(r.status).to.equal(2);
        expect(r.stdout).to.equal("");
        expect(r.stderr).to.match(/^Usage: dataplane \[options\] \[command\]/);
        expect((await inProcess("fleet")).status).to.equal(2);
    });

    const mistakes: [string, string[], string][] = [
        ["a mistyped subcommand", ["fleet", "previw"], "error: dataplane fleet: unknown command 'previw' (did you mean preview?) (see dataplane fleet --help)"],
        ["a mistyped check option", ["check", "x.json", "--polcy-config", "c.json"], "error: dataplane check: unknown option '--polcy-config' (did you mean --policy-config?) (see dataplane check --help)"],
        ["a mistyped launch option", ["launch", "--mesage", "m.json"], "error: dataplane launch: unknown option '--mesage' (did you mean --message?) (see dataplane launch --help)"],
        ["an option without its value", ["preview", "--config"], "error: dataplane preview: option '--config <Pulumi.<stack>.yaml>' argument missing (see dataplane preview --help)"],
        ["an option given twice", ["preview", "--config", "a", "--config", "b"], "error: dataplane preview: option '--config <Pulumi.<stack>.yaml>' argument 'b' is invalid. --config given twice (see dataplane preview --help)"],
        ["two files to check", ["check", "a.json", "b.json"], "error: dataplane check: too many arguments for 'check'. Expected 1 argument but got 2. (see dataplane check --help)"],
    ];
    for (const [what, args, line] of mistakes) {
        it(`${what}: exit 2, one line`, async () => {
            expect(await inProcess(...args)).to.deep.equal({ status: 2, stdout: "", stderr: line });
        });
    }

    it("as a process: --help exits 0 on standard output, a usage error exits 2 with one line and no stack trace", () => {
        const bin = path.join(ROOT, "bin", "dataplane.js");
        const help = spawnSync(process.execPath, [bin, "check", "--help"], { cwd: os.tmpdir(), encoding: "utf8" });
        expect([help.status, help.stderr]).to.deep.equal([0, ""]);
        expect(help.stdout).to.contain("--policy-config <file>");
        const bad = spawnSync(process.execPath, [bin, "lanch"], { cwd: os.tmpdir(), encoding: "utf8" });
        expect([bad.status, bad.stdout, bad.stderr]).to.deep.equal([2, "", "error: dataplane: unknown command 'lanch' (did you mean launch?) (see dataplane --help)\n"]);
    });
});
