/**
 * The package's one rule for where a cache lives (policies/model/cacheFolder.ts), for each way the
 * package's code sits on disk, and that the caches using it agree with it.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { ANALYSIS_CACHE, COMPILE_CACHE, POLICIES_CACHE, cacheFolder, writeCacheFile } from "../../policies/model/cacheFolder";
import { analysisCacheDir } from "../../provider/analysisCache";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "../..");

/** Makes the folders (relative to `base`), returns the first's path. */
function folders(base: string, ...relative: string[]): string {
    for (const r of relative) fs.mkdirSync(path.join(base, r), { recursive: true });
    return path.join(base, relative[0]);
}

describe("where the package's caches live (policies/model/cacheFolder.ts)", () => {
    it("a checkout: its own node_modules, from any of its folders (the policy pack's built folder too)", () => {
        const dir = tempDir("cache-checkout-");
        folders(dir, "node_modules", "dist/policies/model", "dist/policy-pack/policies/model", "bin");
        for (const from of ["dist/policies/model", "dist/policy-pack/policies/model", "bin", "."]) {
            expect(cacheFolder("x", path.join(dir, from)), from).to.equal(path.join(dir, "node_modules", ".cache", "x"));
        }
    });

    it("installed in an application: the node_modules folder holding the package (scoped or not), unless the package has its own", () => {
        const app = tempDir("cache-installed-");
        const plain = folders(app, "node_modules/emr-serverless-dataplane/dist/policies/model");
        const scoped = folders(app, "node_modules/@acme/dataplane/bin");
        expect(cacheFolder("x", plain)).to.equal(path.join(app, "node_modules", ".cache", "x"));
        expect(cacheFolder("x", scoped)).to.equal(path.join(app, "node_modules", ".cache", "x"));
        // Dependencies of its own (versions the application's do not satisfy): beside them.
        folders(app, "node_modules/emr-serverless-dataplane/node_modules");
        expect(cacheFolder("x", plain)).to.equal(path.join(app, "node_modules", "emr-serverless-dataplane", "node_modules", ".cache", "x"));
    });

    it("a folder with no node_modules of its own goes on up, as Node's module resolution does (and gives undefined above everything)", () => {
        const dir = tempDir("cache-none-");
        const deep = folders(dir, "a/b/c");
        expect(cacheFolder("x", deep)).to.equal(cacheFolder("x", path.dirname(dir)));
        expect(cacheFolder("x", path.parse(dir).root)).to.equal(fs.existsSync(path.join(path.parse(dir).root, "node_modules")) ? path.join(path.parse(dir).root, "node_modules", ".cache", "x") : undefined);
    });

    it("this checkout's caches follow the rule: the component analysis, the compile cache, the policies' data", () => {
        expect(analysisCacheDir(ROOT)).to.equal(path.join(ROOT, "node_modules", ".cache", ANALYSIS_CACHE));
        expect(cacheFolder(COMPILE_CACHE, path.join(ROOT, "bin"))).to.equal(path.join(ROOT, "node_modules", ".cache", COMPILE_CACHE));
        expect(cacheFolder(POLICIES_CACHE, path.join(ROOT, "policies", "model"))).to.equal(path.join(ROOT, "node_modules", ".cache", POLICIES_CACHE));
        expect(new Set([ANALYSIS_CACHE, COMPILE_CACHE, POLICIES_CACHE]).size).to.equal(3);
    });

    it("writes a cache file whole into a folder it creates, replacing the old one and leaving nothing aside", () => {
        const dir = tempDir("cache-write");
        const file = path.join(dir, "a", "b", "entry.json");
        writeCacheFile(file, "old");
        writeCacheFile(file, Buffer.from("new"));
        expect(fs.readFileSync(file, "utf8")).to.equal("new");
        expect(fs.readdirSync(path.dirname(file))).to.deep.equal(["entry.json"]);
        // A place that cannot be written is the caller's to survive: the error is thrown, nothing is half written.
        fs.writeFileSync(path.join(dir, "plain"), "");
        expect(() => writeCacheFile(path.join(dir, "plain", "entry.json"), "x")).to.throw();
    });
});
