import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const BIN = path.resolve(__dirname, "../../bin");

/**
 * bin/dataplane.js in a checkout runs dist/ only when it is newer than every source; DATAPLANE_DIST_FRESH=1
 * (what the benchmarks set after building) runs dist/ without looking, as an installed package does.
 * A made-up checkout: the real bin/, a dist/ whose command says it ran, and a source newer than its stamp.
 */
describe("bin/dataplane.js: which code a checkout runs", () => {
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "dataplane-fresh-"));
        fs.cpSync(BIN, path.join(dir, "bin"), { recursive: true });
        fs.mkdirSync(path.join(dir, "dist", "cli"), { recursive: true });
        fs.writeFileSync(path.join(dir, "dist", "cli", "main.js"), "exports.main = async () => { console.log('ran dist/'); return 0; };\n");
        fs.writeFileSync(path.join(dir, "dist", ".built"), "built");
        fs.mkdirSync(path.join(dir, "cli"));
        fs.writeFileSync(path.join(dir, "cli", "main.ts"), "// a source");
        fs.writeFileSync(path.join(dir, "index.ts"), "// a source");
        const past = new Date(Date.now() - 60_000);
        fs.utimesSync(path.join(dir, "dist", ".built"), past, past);
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const run = (env: Record<string, string>) => spawnSync(process.execPath, [path.join(dir, "bin", "dataplane.js"), "--version"], {
        encoding: "utf8", env: { ...process.env, DATAPLANE_COMPILE_CACHE: "0", DATAPLANE_FROM_SOURCE: "", DATAPLANE_DIST_FRESH: "", ...env },
    });

    it("a source newer than dist/: the sources (here no tsx to run them: exit 2, saying to build)", () => {
        const r = run({});
        expect(r.status).to.equal(2);
        expect(r.stderr).to.contain("dist/ is missing or older than the sources");
        expect(r.stdout).to.not.contain("ran dist/");
    });

    it("DATAPLANE_DIST_FRESH=1: dist/, without comparing it with the sources", () => {
        const r = run({ DATAPLANE_DIST_FRESH: "1" });
        expect(r.stderr).to.equal("");
        expect(r.stdout.trim()).to.equal("ran dist/");
        expect(r.status).to.equal(0);
    });

    it("DATAPLANE_DIST_FRESH=1 with no finished build (no stamp): still the sources", () => {
        fs.renameSync(path.join(dir, "dist", ".built"), path.join(dir, "dist", ".built-aside"));
        try {
            const r = run({ DATAPLANE_DIST_FRESH: "1" });
            expect(r.status).to.equal(2);
            expect(r.stdout).to.not.contain("ran dist/");
        } finally {
            fs.renameSync(path.join(dir, "dist", ".built-aside"), path.join(dir, "dist", ".built"));
        }
    });
});
