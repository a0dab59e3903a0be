import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { inProcess, inProcessCompiled } from "../helpers/cli";
import { offlineThreads, withPlanes } from "../../cli/run/fleet";
import { elementText } from "../../cli/jsonReport";

const ROOT = path.resolve(__dirname, "../..");
const TEMPLATE = path.join(ROOT, "Pulumi.private-example.yaml");
const CSV = "customerId,accountId,region,vpcCidr\nacme,444455556666,eu-west-1,\nglobex,555566667777,us-east-1,10.90.0.0/16\n\"initech\",666677778888,eu-central-1,\n";

describe("dataplane fleet preview (offline)", () => {
    let dir: string;
    const file = (name: string, body: string) => {
        const f = path.join(dir, name);
        fs.writeFileSync(f, body);
        return f;
    };
    const fleet = (...args: string[]) => inProcess("fleet", "preview", "--template", TEMPLATE, ...args);
    // Runs that start worker threads use the compiled command (its threads load compiled modules);
    // the one-thread run of the next test but one keeps the sources' thread entry tested.
    const threaded = (...args: string[]) => inProcessCompiled("fleet", "preview", "--template", TEMPLATE, ...args);
    before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "dataplane-fleet-")); });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    describe("a CSV of three customers, one overriding vpcCidr", () => {
        let doc: any;
        let status: number;
        before(async () => {
            const r = await fleet("--customers", file("customers.csv", CSV), "--json", "--out", path.join(dir, "out"), "--show-secrets");
            status = r.status;
            doc = JSON.parse(r.stdout);
        });

        it("exits 0 and returns one plane per customer, in list order, each stack named after its customer", () => {
            expect(status).to.equal(0);
            expect(doc.planes.map((p: any) => [p.customerId, p.stack])).to.deep.equal([["acme", "acme"], ["globex", "globex"], ["initech", "initech"]]);
            expect(doc.summary).to.deep.equal({ planes: 3, failed: 0, violations: "no violations", idleCostMonthly: 112.5 });
        });

        it("gives each plane the message of its own account and region, checked by the pack (no violations)", () => {
            for (const [i, [account, region]] of [["444455556666", "eu-west-1"], ["555566667777", "us-east-1"], ["666677778888", "eu-central-1"]].entries()) {
                const m = doc.planes[i].outputs.controlPlaneMessage;
                expect(m.jobLaunchArn).to.equal(`arn:aws:iam::${account}:role/emr-dataplane-launch`);
                expect(m.region).to.equal(region);
                expect(m.externalId).to.match(/^[A-Za-z0-9]{40}$/);
                expect(doc.planes[i].violations).to.deep.equal([]);
            }
            const ids = doc.planes.map((p: any) => p.outputs.controlPlaneMessage.externalId);
            expect(new Set(ids).size).to.equal(3);
        });

        it("applies an extra column as that customer's config key (the VPC CIDR), the template's value for the others", () => {
            const vpc = (stack: string) => JSON.parse(fs.readFileSync(path.join(dir, "out", "planes", `${stack}.json`), "utf8"))
                .resources.find((r: any) => r.type === "aws:ec2/vpc:Vpc").inputs.cidrBlock;
            expect([vpc("acme"), vpc("globex"), vpc("initech")]).to.deep.equal(["10.80.0.0/16", "10.90.0.0/16", "10.80.0.0/16"]);
        });

        it("writes a control-plane world that the control-plane program previews over the whole fleet", async () => {
            const cp = path.join(dir, "out", "controlplane");
            const r = await inProcess("preview", "--config", path.join(cp, "Pulumi.fleet.yaml"), "--world", path.join(cp, "world.yaml"), "--json", "--show-secrets");
            expect(r.status, r.stderr).to.equal(0);
            const registry = JSON.parse(r.stdout).outputs.planes;
            expect(Object.keys(registry)).to.deep.equal(["organization/emr-dataplane/acme", "organization/emr-dataplane/globex", "organization/emr-dataplane/initech"]);
            expect(registry["organization/emr-dataplane/globex"]).to.deep.equal(doc.planes[1].outputs.controlPlaneMessage);
        });
    });

    it("--concurrency 2 (worker threads of this process, planes handed out as threads finish) gives the same planes, documents and world as one after another", async () => {
        const list = file("w.csv", CSV + "hooli,777788889999,us-west-2,\numbrella,888899990000,eu-west-1,10.70.0.0/16\n");
        const one = await fleet("--customers", list, "--json", "--show-secrets", "--out", path.join(dir, "w1"));
        const two = await threaded("--customers", list, "--json", "--show-secrets", "--out", path.join(dir, "w2"), "--concurrency", "2");
        // One worker thread (what a fleet of 100 planes or more runs in by default) against this thread.
        const inWorker = await fleet("--customers", list, "--json", "--show-secrets", "--out", path.join(dir, "w3"), "--concurrency", "1");
        expect([one.status, two.status, inWorker.status]).to.deep.equal([0, 0, 0]);
        const planes = (r: { stdout: string }) => JSON.parse(r.stdout).planes;
        expect(planes(two)).to.deep.equal(planes(one));
        expect(planes(inWorker)).to.deep.equal(planes(one));
        for (const f of ["planes/globex.json", "controlplane/world.yaml"]) {
            expect(fs.readFileSync(path.join(dir, "w3", f), "utf8"), f).to.equal(fs.readFileSync(path.join(dir, "w1", f), "utf8"));
        }
        expect(planes(two).map((p: any) => p.customerId)).to.deep.equal(["acme", "globex", "initech", "hooli", "umbrella"]);
        for (const f of ["planes/acme.json", "planes/hooli.json", "planes/umbrella.json", "controlplane/world.yaml", "controlplane/Pulumi.fleet.yaml"]) {
            expect(fs.readFileSync(path.join(dir, "w2", f), "utf8"), f).to.equal(fs.readFileSync(path.join(dir, "w1", f), "utf8"));
        }
        // Each thread previews several planes one after another in one runtime: none sees another's
        // resources, config or outputs — each document is the one the plane gets previewed alone.
        for (const [i, row] of CSV.split("\n").slice(1, 3).concat("umbrella,888899990000,eu-west-1,10.70.0.0/16").entries()) {
            const stack = row.split(",")[0].replace(/"/g, "");
            const alone = await fleet("--customers", file(`alone${i}.csv`, `customerId,accountId,region,vpcCidr\n${row}\n`), "--show-secrets", "--out", path.join(dir, `alone${i}`));
            expect(alone.status, alone.stderr).to.equal(0);
            expect(fs.readFileSync(path.join(dir, "w2", "planes", `${stack}.json`), "utf8"), stack).to.equal(fs.readFileSync(path.join(dir, `alone${i}`, "planes", `${stack}.json`), "utf8"));
        }
    });

    it("the compiled command's worker threads load their modules through the command's compile cache, with the same planes as without it", async function () {
        // Only where the command runs compiled code (dist/ up to date) is the cache used at all.
        if (Number(process.versions.node.split(".")[0]) >= 22) this.skip(); // Node's own cache then: no statistics
        const list = file("cached.csv", CSV);
        const cache = path.join(dir, "compile-cache");
        const env: NodeJS.ProcessEnv = { ...process.env, DATAPLANE_COMPILE_CACHE_DIR: cache, DATAPLANE_COMPILE_CACHE_STATS: "1" };
        delete env.DATAPLANE_COMPILE_CACHE;
        const run = () => spawnSync(process.execPath, [path.join(ROOT, "bin", "dataplane.js"), "fleet", "preview", "--template", TEMPLATE,
            "--customers", list, "--json", "--concurrency", "2"], { cwd: ROOT, encoding: "utf8", env });
        // Without the cache: the same fleet previewed in this process, from the sources, where the
        // command's caches are not installed (a process with DATAPLANE_COMPILE_CACHE=0 cost about 1.6 s of
        // CPU more; that switch is test/cli/compileCache.spec.ts's). It prints what the process prints, less the last newline.
        const without = await fleet("--customers", list, "--json");
        expect(without.status, without.stderr).to.equal(0);
        const compileCache = require.cache[path.join(ROOT, "bin", "compileCache.js")]?.exports as { stats?: { enabled?: boolean } } | undefined;
        expect(compileCache?.stats?.enabled ?? false, "a compile cache installed in this process").to.equal(false);
        const first = run();
        const second = run();
        for (const r of [first, second]) expect([r.status, r.stdout]).to.deep.equal([0, `${without.stdout}\n`]);
        const lines = [...second.stderr.matchAll(/compile cache: (.*)/g)].map((m) => JSON.parse(m[1]));
        if (lines.length === 0) return; // dist/ older than the sources: the command ran them, and no cache
        // The main thread and both worker threads: each read its modules' compiled code.
        expect(lines).to.have.length(3);
        for (const stats of lines) expect(stats).to.include({ enabled: true, misses: 0 }).and.to.have.property("hits").greaterThan(50);
    });

    it("--json's planes, written as each plane comes and printed one a plane at the end, read as JSON.stringify of the whole document writes it", () => {
        const planes = [{ customerId: "a", outputs: { m: { x: [1, "two", null], s: "\"planes\": []" } }, violations: [] }, { customerId: "b", error: "line\nbreak", v: [{}] }];
        for (const doc of [
            { template: "t.yaml", project: "p", summary: { planes: 2 }, planes, world: "w.yaml" },
            { template: '"planes": [] in a name', project: "p", summary: { planes: 2 }, planes },
            { template: "t.yaml", project: "p", summary: { planes: 0 }, planes: [] as unknown[] },
        ]) {
            const pieces = withPlanes(JSON.stringify({ ...doc, planes: [] }, null, 2), doc.planes.map(elementText));
            expect(pieces.join("\n")).to.equal(JSON.stringify(doc, null, 2));
            // Printed one a plane (and the text around them), never joined into one string.
            expect(pieces).to.have.length(doc.planes.length === 0 ? 1 : doc.planes.length + 2);
        }
    });

    it("runs a fleet of 100 planes or more in one worker thread per CPU (up to two) by default, a smaller one in this thread, and --concurrency N in N threads", () => {
        expect([offlineThreads(undefined, 1, 2), offlineThreads(undefined, 99, 8), offlineThreads(undefined, 100, 2), offlineThreads(undefined, 10_000, 2)]).to.deep.equal([0, 0, 2, 2]);
        // One per CPU, up to two by default (memory: each thread holds a 192 MiB young generation).
        expect([offlineThreads(undefined, 100, 1), offlineThreads(undefined, 100, 0), offlineThreads(undefined, 10_000, 16)]).to.deep.equal([1, 1, 2]);
        expect([offlineThreads(1, 3), offlineThreads(2, 3), offlineThreads(4, 10_000)]).to.deep.equal([1, 2, 4]);
    });

    it("reads the same list as YAML or JSON, and gives the same planes", async () => {
        const rows = [
            { customerId: "acme", accountId: "444455556666", region: "eu-west-1" },
            { customerId: "globex", accountId: "555566667777", region: "us-east-1", vpcCidr: "10.90.0.0/16" },
        ];
        const fromJson = JSON.parse((await fleet("--customers", file("c.json", JSON.stringify(rows)), "--json")).stdout);
        const fromYaml = JSON.parse((await fleet("--customers", file("c.yaml", "customers:\n" + rows.map((r) => `  - ${JSON.stringify(r)}`).join("\n")), "--json")).stdout);
        expect(fromJson.planes.map((p: any) => p.outputs)).to.deep.equal(fromYaml.planes.map((p: any) => p.outputs));
        expect(fromJson.planes.map((p: any) => p.customerId)).to.deep.equal(["acme", "globex"]);
    });

    it("keeps each customer's ExternalId across runs, when customers are added and unrelated columns change", async () => {
        const ids = async (csv: string) => Object.fromEntries(JSON.parse((await fleet("--customers", file("x.csv", csv), "--json", "--show-secrets")).stdout)
            .planes.map((p: any) => [p.customerId, p.outputs.controlPlaneMessage.externalId]));
        const before = await ids("customerId,accountId,region\nacme,444455556666,eu-west-1\nglobex,555566667777,us-east-1\n");
        const after = await ids("customerId,accountId,region,logRetentionDays\nnewco,777788889999,eu-west-1,\nacme,444455556666,eu-west-1,90\nglobex,555566667777,us-east-1,\n");
        expect(after.acme).to.equal(before.acme);
        expect(after.globex).to.equal(before.globex);
        expect(after.newco).to.not.be.oneOf([before.acme, before.globex]);
    });

    it("--slice i/n: one CI job's share (rows i, i+n, …), after validating the whole list", async () => {
        const list = file("s.csv", "customerId,accountId,region\na,444455556666,eu-west-1\nb,444455556667,eu-west-1\nc,444455556668,eu-west-1\nd,444455556669,eu-west-1\ne,444455556660,eu-west-1\n");
        const ids = async (slice: string) => JSON.parse((await fleet("--customers", list, "--json", "--slice", slice)).stdout).planes.map((p: any) => p.customerId);
        expect(await ids("0/2")).to.deep.equal(["a", "c", "e"]);
        expect(await ids("1/2")).to.deep.equal(["b", "d"]);
        const bad = file("sb.csv", "customerId,accountId,region\na,444455556666,eu-west-1\nb,1,eu-west-1\n");
        expect((await fleet("--customers", bad, "--slice", "0/2")).stderr).to.contain("row 2, column accountId");
        expect((await fleet("--customers", list, "--slice", "2/2")).stderr).to.equal('error: dataplane fleet: --slice must be i/n with 0 <= i < n (e.g. 0/4), got "2/2"');
    });

    it("text: a summary table with a total, and the idle cost", async () => {
        const r = await fleet("--customers", file("t.csv", CSV));
        expect(r.status).to.equal(0);
        const lines = r.stdout.split("\n");
        expect(lines).to.include("  customer  stack     resources  violations     idle cost/month");
        expect(lines).to.include("  globex    globex    38         no violations  US$37.50");
        expect(lines).to.include("  total     3 planes  114        no violations  US$112.50");
        expect(lines).to.include("Idle cost: 3 planes at US$37.50/month idle (NAT gateway US$32.85, Elastic IP (public IPv4) US$3.65, KMS key US$1.00)");
    });

    it("one failing customer never hides the others: exit 1, the others previewed, the failure named", async () => {
        // Valid config, but the adopted subnets share an AZ: only the run (through the provider) finds it.
        const csv = "customerId,accountId,region,vpcId,subnetIds\nacme,444455556666,eu-west-1,,\n" +
            "broken,555566667777,us-east-1,vpc-0aaaaaaaaaaaaaaa0,\"[\"\"subnet-0aaaaaaaaaaaaaaa1\"\",\"\"subnet-0aaaaaaaaaaaaaaa4\"\"]\"\nglobex,555566667777,us-east-1,,\n";
        const r = await fleet("--customers", file("f.csv", csv), "--json");
        expect(r.status).to.equal(1);
        const doc = JSON.parse(r.stdout);
        expect(doc.planes.map((p: any) => [p.customerId, Boolean(p.outputs.controlPlaneMessage)])).to.deep.equal([["acme", true], ["broken", false], ["globex", true]]);
        expect(doc.planes[1].error).to.contain("are all in us-east-1b");
        expect(r.stderr).to.match(/^error: customer broken \(row 2\): emr-dataplane:subnetIds: subnets subnet-0aaaaaaaaaaaaaaa1, subnet-0aaaaaaaaaaaaaaa4 are all in us-east-1b/);
    });

    describe("a bad list: exit 2, one line with the row, the column and the problem, nothing previewed", () => {
        const cases: [string, string, string][] = [
            ["a malformed account", "customerId,accountId,region\nacme,444455556666,eu-west-1\nglobex,5555,us-east-1\n", 'row 2, column accountId: must be a 12-digit AWS account id, got "5555"'],
            ["a customer id that cannot name a stack", "customerId,accountId,region\nAcme Corp,444455556666,eu-west-1\n", 'row 1, column customerId: must be 1-24 lowercase letters, digits and hyphens (it names the stack), got "Acme Corp"'],
            ["a region that is not one", "customerId,accountId,region\nacme,444455556666,eu-west\n", 'row 1, column region: must be an AWS region such as eu-west-1, got "eu-west"'],
            ["a repeated customer", "customerId,accountId,region\nacme,444455556666,eu-west-1\nacme,555566667777,us-east-1\n", "row 2, column customerId: acme is already row 1's (one stack per customer)"],
            ["a column that is no config key", "customerId,accountId,region,vpcCidrr\nacme,444455556666,eu-west-1,10.0.0.0/16\n", "column \"vpcCidrr\": is not a config key of project emr-dataplane (did you mean \"vpcCidr\"?)"],
            ["a value the project's own validation refuses", "customerId,accountId,region,vpcCidr\nacme,444455556666,eu-west-1,\nglobex,555566667777,us-east-1,10.0.0.0/33\n",
                'row 2, column vpcCidr: must be an IPv4 CIDR block such as "10.80.0.0/16", got "10.0.0.0/33"'],
            ["a key that does not apply to a private plane", "customerId,accountId,region,systemRoleName\nacme,444455556666,eu-west-1,ops\n", 'row 1, column systemRoleName: only applies to a shared plane, and planeKind is "private"'],
            ["a missing column", "customerId,region\nacme,eu-west-1\n", "column accountId is missing (required columns: customerId, accountId, region)"],
            ["a short row", "customerId,accountId,region\nacme,444455556666\n", "row 1: has 2 fields, the header has 3 (customerId,accountId,region)"],
            ["two bad rows: the first, and the count of the others", "customerId,accountId,region\na,1,eu-west-1\nb,2,eu-west-1\n", 'row 1, column accountId: must be a 12-digit AWS account id, got "1" (and 1 more row with problems)'],
        ];
        for (const [what, csv, problem] of cases) {
            it(what, async () => {
                const list = file("bad.csv", csv);
                const out = path.join(dir, "bad-out");
                const r = await fleet("--customers", list, "--out", out);
                expect([r.status, r.stdout]).to.deep.equal([2, ""]);
                expect(r.stderr.split("\n")).to.have.length(1);
                expect(r.stderr).to.contain(`error: ${list}: ${problem}`);
                expect(fs.existsSync(out), "nothing written").to.equal(false);
            });
        }

        it("threads started for a list that planning then refuses (a bad template, a list with columns that contradict) end: the same one line as in this thread", async () => {
            const list = file("started.csv", "customerId,accountId,region\na,444455556666,eu-west-1\nb,444455556667,eu-west-1\n");
            const notAStack = file("not-a-stack.yaml", "config: [1, 2]\n");
            const withTemplate = (run: typeof inProcess, ...args: string[]) => run("fleet", "preview", "--template", notAStack, "--customers", list, ...args);
            const [one, two] = [await withTemplate(inProcess), await withTemplate(inProcessCompiled, "--concurrency", "2")];
            expect([two.status, two.stdout]).to.deep.equal([2, ""]);
            expect(two.stderr.split("\n")).to.have.length(1);
            expect(two.stderr).to.equal(one.stderr);
            expect(two.stderr).to.contain("not-a-stack.yaml: is not a stack config file");
            const contradicting = file("contra.csv", "customerId,region,aws:region,accountId\na,eu-west-1,eu-west-2,444455556666\n");
            const [c1, c2] = [await fleet("--customers", contradicting), await threaded("--customers", contradicting, "--concurrency", "2")];
            expect([c2.status, c2.stderr]).to.deep.equal([2, c1.stderr]);
            expect(c2.stderr).to.contain("both set aws:region and disagree");
        });

        it("validated in worker threads (--concurrency 2, a share each): the same one line, whichever thread finds which row, nothing written", async () => {
            const rows = ["a,444455556666,eu-west-1,", "b,444455556667,eu-west-1,10.0.0.0/33", "c,1,eu-west-1,", "d,444455556669,eu-west-1,10.0.0.0/8x", "e,444455556660,eu-west-1,"];
            const list = file("badw.csv", `customerId,accountId,region,vpcCidr\n${rows.join("\n")}\n`);
            const out = path.join(dir, "badw-out");
            const [one, two] = [await fleet("--customers", list, "--out", out), await threaded("--customers", list, "--out", out, "--concurrency", "2")];
            expect([two.status, two.stdout]).to.deep.equal([2, ""]);
            expect(two.stderr).to.equal(`error: ${list}: row 2, column vpcCidr: must be an IPv4 CIDR block such as "10.80.0.0/16", got "10.0.0.0/33" (and 2 more rows with problems)`);
            expect(two.stderr).to.equal(one.stderr);
            expect(fs.existsSync(out), "nothing written").to.equal(false);
            // A problem the list's own checks find (row 2, in this thread) and a later row's config problem (found by a thread): merged by row.
            const late = file("badw2.csv", `customerId,accountId,region,vpcCidr\n${[rows[0], rows[2], rows[4], rows[1]].join("\n")}\n`);
            const r = await threaded("--customers", late, "--concurrency", "2");
            expect(r.stderr).to.equal(`error: ${late}: row 2, column accountId: must be a 12-digit AWS account id, got "1" (and 1 more row with problems)`);
        });

        it("an unreadable list, a YAML mapping that is no list, an empty CSV", async () => {
            expect((await fleet("--customers", path.join(dir, "none.csv"))).stderr).to.equal(`error: ${path.join(dir, "none.csv")}: cannot be read (ENOENT)`);
            const mapping = file("m.yaml", "acme: 1\n");
            expect((await fleet("--customers", mapping)).stderr).to.equal(`error: ${mapping}: must be a list of customers (or a mapping with customers: [...]), each a mapping of column to value`);
            const empty = file("e.csv", "");
            expect((await fleet("--customers", empty)).status).to.equal(2);
        });

        it("a template of a project with no stack per customer (the control plane's): refused, naming the projects a fleet templates", async () => {
            const template = path.join(ROOT, "stacks", "controlplane", "Pulumi.example.yaml");
            const r = await inProcess("fleet", "preview", "--template", template, "--customers", file("ok.csv", CSV));
            expect([r.status, r.stdout]).to.deep.equal([2, ""]);
            expect(r.stderr).to.equal(`error: ${template}: is a stack of project emr-controlplane; a fleet templates a project with one stack per customer ` +
                "(config keys customerId and accountId): emr-dataplane");
        });

        it("a bad --concurrency, a missing --customers", async () => {
            expect((await fleet("--customers", file("ok.csv", CSV), "--concurrency", "0")).stderr).to.equal('error: dataplane fleet: --concurrency must be a whole number from 1 to 64, got "0"');
            expect((await fleet()).stderr).to.equal("error: dataplane fleet preview: --customers is required (see dataplane fleet preview --help)");
        });
    });

    it("the shipped example list previews cleanly, and the example CI workflow only uses declared fleet options", async () => {
        const r = await fleet("--customers", path.join(ROOT, "examples", "fleet", "customers.csv"), "--json");
        expect(r.status, r.stderr).to.equal(0);
        expect(JSON.parse(r.stdout).planes.map((p: any) => p.customerId)).to.deep.equal(["acme", "globex", "initech"]);
        const workflow = fs.readFileSync(path.join(ROOT, "examples", "ci", "dataplane-fleet.yml"), "utf8");
        const { COMMANDS } = await import("../../cli/main");
        const fleetSpec = COMMANDS.find((c) => c.name === "fleet")!;
        const used = [...workflow.matchAll(/npx dataplane fleet (preview|up)([^\n]*(?:\n {10}--[^\n]*)*)/g)];
        expect(used.map((m) => m[1])).to.deep.equal(["preview", "up"]);
        for (const [, sub, rest] of used) {
            const declared = Object.keys(fleetSpec.subcommands!.find((c) => c.name === sub)!.options!);
            for (const [, flag] of rest.matchAll(/--([a-z-]+)/g)) expect(declared, `fleet ${sub} --${flag}`).to.include(flag);
        }
    });

    it("the real path without the Pulumi CLI: exit 2 with how to install it, after the list was validated", async () => {
        const saved = process.env.PATH;
        process.env.PATH = dir;
        try {
            const refused = await inProcess("fleet", "up", "--template", TEMPLATE, "--customers", file("ok.csv", CSV));
            expect(refused.status).to.equal(2);
            expect(refused.stderr).to.match(/^error: no deployer role for customers acme \(row 1\), globex \(row 2\), initech \(row 3\): give columns deployerRoleArn and deployerExternalId/);
            const onboarded = "customerId,accountId,region,deployerRoleArn,deployerExternalId,rolePermissionsBoundaryArn\n" +
                "acme,444455556666,eu-west-1,arn:aws:iam::444455556666:role/dataplane-deployer-acme,xid-acme-0123456789,arn:aws:iam::444455556666:policy/dataplane-boundary-acme\n";
            const r = await inProcess("fleet", "up", "--template", TEMPLATE, "--customers", file("onboarded.csv", onboarded));
            expect(r.stdout + r.stderr).not.to.contain("xid-acme");
            expect([r.status, r.stderr]).to.deep.equal([2, "error: dataplane fleet up: needs the Pulumi CLI on PATH (install it: curl -fsSL https://get.pulumi.com | sh); the offline dataplane fleet preview needs nothing"]);
            const bad = await inProcess("fleet", "preview", "--real", "--template", TEMPLATE, "--customers", file("bad2.csv", "customerId,accountId,region\nacme,1,eu-west-1\n"));
            expect(bad.stderr).to.contain("row 1, column accountId");
        } finally {
            process.env.PATH = saved;
        }
    });
});
