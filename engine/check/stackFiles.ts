/**
 * The three files `dataplane check` reads, turned into the resource list the pack runs on:
 *
 * - `pulumi stack export`: `{"version": 3, "deployment": {"resources": [ResourceV3…]}}`;
 * - `pulumi preview --json`: `{"steps": [{"op", "urn", "newState"?: ResourceV3, "oldState"?}], …}`;
 * - `dataplane preview --json`: `{"project", "stack", "resources": [{urn, type, inputs, outputs, …}], …}`.
 *
 * Secrets become plain values where the file reveals them (`--show-secrets` plaintext) and
 * `"[secret]"` where it does not (ciphertext), so the pack can say which documents it could not read.
 *
 * Every file is read by the package's one reader (files/read.ts: its encoding — UTF-8, with or
 * without a byte-order mark, or UTF-16 with one — and size) and checked before it is used: its
 * nesting and string lengths ({@link LIMITS}), keys written twice, and the type of every field the
 * reader uses; anything else is a {@link StackFileError} naming the path in the file.
 */
import { FileLimits, WRITTEN_FILE_LIMITS, jsonStructureMessage, readText, shownFile } from "../../files/read";
import { jsonKeyCount } from "../../files/json";
import { RegisteredResource, SECRET_SIG, SECRET_SIG_KEY } from "../recorded";
import { MASKED_SECRET, UNKNOWN_SENTINELS, oneLine } from "../../policies/pack";
import { mapItems, mapValues } from "./copyOnChange";
import { UserError } from "../../vocabulary/userError";
import { keyPath } from "../../vocabulary/printable";
import { ACCOUNT_ID_PATTERN, accountOf } from "../../vocabulary/arn";

export type StackFileFormat = "pulumi stack export" | "pulumi preview --json" | "dataplane preview --json";

export class StackFileError extends UserError {
    constructor(public readonly file: string, problem: string) {
        super(oneLine(`${file}: ${problem}`));
    }
}

export interface StackFile {
    format: StackFileFormat;
    resources: RegisteredResource[];
    /**
     * The stack's own accounts as the file says them outside resource ARNs (which the pack reads
     * itself): the AWS provider's `allowedAccountIds`, a `<project>:accountId` in a preview's config,
     * ARNs in the stack's outputs. A preview of a first deployment has no ARN yet: this is where its account is.
     */
    accounts: string[];
    /**
     * The pack settings a `dataplane preview --json` document records it was judged with (its
     * `packSettings`), as found in the file: `config` is not yet checked against the pack's rules.
     */
    packSettings?: { config: unknown; from: string };
    /**
     * The resources' properties are plain JSON as the file holds them: no secret, resource reference or
     * output value anywhere in the file (no signature key), so nothing was decoded and nothing needs
     * cleaning before the pack reads them (engine/check/analyze.ts's `plainJson`).
     */
    plainJson: boolean;
}

const RESOURCE_REFERENCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

/**
 * A property value with the file's secret, reference and output encodings resolved. Copies only
 * what changes (like the analyzer's `clean`): a 10,000-resource export is mostly plain values, and
 * copying all of it was a good part of reading one.
 */
function decode(value: unknown): unknown {
    if (Array.isArray(value)) return mapItems(value, decode);
    if (!value || typeof value !== "object") return value;
    const v = value as Record<string, unknown>;
    const sig = v[SECRET_SIG_KEY];
    if (sig === SECRET_SIG) {
        if (typeof v.plaintext === "string") {
            let plain: unknown = v.plaintext;
            try {
                plain = JSON.parse(v.plaintext);
            } catch {
                // a plaintext that is not JSON is the string itself
            }
            return { [SECRET_SIG_KEY]: SECRET_SIG, value: decode(plain) };
        }
        if ("value" in v) return { [SECRET_SIG_KEY]: SECRET_SIG, value: decode(v.value) };
        return MASKED_SECRET;
    }
    if (sig === RESOURCE_REFERENCE_SIG) return typeof v.id === "string" && v.id ? v.id : String(v.urn ?? "");
    if (sig === OUTPUT_VALUE_SIG) return "value" in v ? decode(v.value) : UNKNOWN_SENTINELS.string;
    return mapValues(v, decode);
}

/** A resource's inputs or outputs as the pack reads them; `encoded`: the file holds secrets, references or output values somewhere (else nothing needs decoding). */
function props(value: unknown, encoded: boolean): Record<string, unknown> {
    if (!value || typeof value !== "object" || Array.isArray(value)) return {};
    return (encoded ? decode(value) : value) as Record<string, unknown>;
}

/**
 * Limits on what `dataplane check` reads, so that no file can exhaust memory or the stack. A file
 * past one of them is refused with the path of the offending value.
 */
export const LIMITS = {
    /** Bytes in one file (or standard input). */
    fileBytes: 256 * 1024 * 1024,
    /** Nesting of arrays and objects. Pulumi's own state nests a few levels; IAM documents are JSON text. */
    depth: 100,
    /**
     * Characters in one string: a KMS key policy's maximum, 32 KB (KMS developer guide, "Creating a key policy"),
     * the largest IAM document AWS accepts (role trust 2,048, inline 10,240, managed 6,144, bucket 20 KB).
     */
    stringChars: 32_768,
    /** Characters in a state machine's `definition`: Step Functions' quota ("Step Functions service quotas", 1 MB). */
    definitionChars: 1_048_576,
} as const;

/** Properties allowed to hold longer text than {@link LIMITS.stringChars}, with their own limit. */
const LONG_TEXT = new Map<string, number>([["definition", LIMITS.definitionChars]]);


/**
 * The first value of a parsed file, in document order, past a limit, as `<path>: <problem>`, or
 * undefined. The recursion is at most {@link LIMITS.depth} deep (deeper is the problem it reports),
 * and nothing is allocated for values within the limits: a big export has hundreds of thousands.
 */
export function limitProblem(doc: unknown): string | undefined {
    return limitsAndKeys(doc).problem;
}

/**
 * {@link limitProblem}, and how many keys the document's objects hold (when none is past a limit),
 * counted on the same walk: fewer than the text writes means a key written twice (files/json.ts).
 */
function limitsAndKeys(doc: unknown): { problem?: string; keys: number; signatures: number } {
    keysSeen = 0;
    signaturesSeen = 0;
    const past = firstPastLimit(doc, 0, "");
    if (!past) return { keys: keysSeen, signatures: signaturesSeen };
    let path = "";
    for (let i = past.steps.length - 1; i >= 0; i--) path = keyPath(path, past.steps[i]);
    return { problem: `${shownPath(path)}: ${past.problem}`, keys: keysSeen, signatures: signaturesSeen };
}

/**
 * Keys of the objects {@link firstPastLimit} has walked so far, and how many of them are the
 * engine's signature key (a secret, a resource reference, an output value): with none, reading
 * the file's properties has nothing to decode.
 */
let keysSeen = 0;
let signaturesSeen = 0;

/** A value past a limit: what is wrong, and the steps to it from the top, innermost first. */
interface PastLimit {
    problem: string;
    steps: (string | number)[];
}

/** `key`: the property the value sits under (for a list, the list's), which decides its string limit. */
function firstPastLimit(value: unknown, depth: number, key: string): PastLimit | undefined {
    if (typeof value === "string") {
        const limit = LONG_TEXT.get(key) ?? LIMITS.stringChars;
        return value.length > limit ? { problem: `a string of ${value.length} characters is longer than the ${limit} this check reads`, steps: [] } : undefined;
    }
    if (!value || typeof value !== "object") return undefined;
    if (depth >= LIMITS.depth) return { problem: `nested deeper than ${LIMITS.depth} levels`, steps: [] };
    if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
            const past = firstPastLimit(value[i], depth + 1, key);
            if (past) return (past.steps.push(i), past);
        }
        return undefined;
    }
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object);
    keysSeen += keys.length;
    for (const k of keys) {
        if (k === SECRET_SIG_KEY) signaturesSeen++;
        if (k.length > LIMITS.stringChars) return { problem: `a key of ${k.length} characters is longer than the ${LIMITS.stringChars} this check reads`, steps: [] };
        const past = firstPastLimit(object[k], depth + 1, k);
        if (past) return (past.steps.push(k), past);
    }
    return undefined;
}

/** A path as messages show it: long ones keep their start and end. */
const shownPath = (path: string) => (path.length > 160 ? `${path.slice(0, 100)}…${path.slice(-40)}` : path || "(top)");

const isObject = (v: unknown): v is Record<string, any> => Boolean(v) && typeof v === "object" && !Array.isArray(v);
const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "a list" : typeof v === "object" ? "an object" : `${typeof v} ${JSON.stringify(v).slice(0, 40)}`);

/** What is wrong with a ResourceV3 at `path` (its fields' types), or undefined. */
function resourceProblem(r: unknown, path: string): string | undefined {
    if (!isObject(r)) return `${path} is ${kind(r)}, not a resource object`;
    if (typeof r.urn !== "string" || !r.urn.startsWith("urn:pulumi:")) return `${path}.urn is ${r.urn === undefined ? "missing" : kind(r.urn)}, not a Pulumi URN (urn:pulumi:…)`;
    if (r.type !== undefined && typeof r.type !== "string") return `${path}.type is ${kind(r.type)}, not a string`;
    if (r.type === undefined && !r.urn.split("::")[2]) return `${path}.type is missing and the URN names no type`;
    for (const key of ["inputs", "outputs"]) if (r[key] !== undefined && r[key] !== null && !isObject(r[key])) return `${path}.${key} is ${kind(r[key])}, not an object`;
    if (r.parent !== undefined && r.parent !== null && typeof r.parent !== "string") return `${path}.parent is ${kind(r.parent)}, not a URN`;
    if (r.dependencies !== undefined && (!Array.isArray(r.dependencies) || r.dependencies.some((d: unknown) => typeof d !== "string"))) return `${path}.dependencies is not a list of URNs`;
    return undefined;
}

/** Each resource of `list` (at `path`) checked; the first problem is thrown. */
function checkedResources(list: unknown, path: string, file: string): Record<string, any>[] {
    if (!Array.isArray(list)) throw new StackFileError(file, `${path} is ${kind(list)}, not a list of resources`);
    list.forEach((r, i) => {
        const problem = resourceProblem(r, `${path}[${i}]`);
        if (problem) throw new StackFileError(file, problem);
    });
    return list;
}

/** A ResourceV3 (stack export, preview step state) as a recorded resource; `encoded` as for {@link props}. */
function fromResourceV3(r: Record<string, any>, encoded: boolean): RegisteredResource {
    const urn = String(r.urn);
    return {
        urn,
        type: String(r.type ?? urn.split("::")[2]?.split("$").pop()),
        name: urn.split("::").pop() ?? urn,
        parent: typeof r.parent === "string" && r.parent ? r.parent : undefined,
        custom: r.custom === true,
        op: r.external === true ? "read" : "register",
        id: typeof r.id === "string" && r.id ? r.id : undefined,
        inputs: props(r.inputs, encoded),
        outputs: props(r.outputs, encoded),
        retainOnDelete: r.retainOnDelete === true,
        protect: r.protect === true,
        dependencies: Array.isArray(r.dependencies) ? r.dependencies.map(String) : [],
    };
}

/** A list of accounts as provider config holds it: a list, or its JSON text. */
function accountList(value: unknown): string[] {
    let list = value;
    if (typeof value === "string") {
        try {
            list = JSON.parse(value);
        } catch {
            list = [value];
        }
    }
    return (Array.isArray(list) ? list : []).filter((a): a is string => typeof a === "string" && ACCOUNT_ID_PATTERN.test(a));
}

/** Every account in the ARNs of a value (the stack's outputs), at any depth. */
function arnAccounts(value: unknown, out: Set<string>, depth = 0): void {
    if (depth > LIMITS.depth) return;
    if (typeof value === "string") {
        const account = value.startsWith("arn:") ? accountOf(value) : undefined;
        if (account && ACCOUNT_ID_PATTERN.test(account)) out.add(account);
    } else if (Array.isArray(value)) for (const v of value) arnAccounts(v, out, depth + 1);
    else if (value && typeof value === "object") for (const v of Object.values(value)) arnAccounts(v, out, depth + 1);
}

/** The stack's own accounts a file reveals besides its resources' ARNs: provider allowedAccountIds, config accountId keys, output ARNs. */
function accountsOf(resources: RegisteredResource[], config: unknown): string[] {
    const found = new Set<string>();
    for (const r of resources) {
        if (r.type === "pulumi:providers:aws") for (const a of accountList(r.inputs.allowedAccountIds ?? r.outputs.allowedAccountIds)) found.add(a);
        if (r.type === "pulumi:pulumi:Stack") arnAccounts(r.outputs, found);
    }
    if (isObject(config)) {
        for (const [key, value] of Object.entries(config)) {
            const v = isObject(value) && "value" in value ? value.value : value;
            if (key === "aws:allowedAccountIds") for (const a of accountList(v)) found.add(a);
            else if (/:accountId$/.test(key) && typeof v === "string" && ACCOUNT_ID_PATTERN.test(v)) found.add(v);
        }
    }
    return [...found];
}

const GONE = new Set(["delete", "delete-replaced", "discard", "discard-replaced", "remove-pending-replace"]);

/**
 * Reads a parsed document in any of the three formats; `file` names it in errors. `limitsChecked`:
 * {@link limitProblem} has passed it already (with how many signature keys the walk found, when known).
 */
export function resourcesFromDocument(doc: unknown, file: string, limitsChecked: boolean | { signatures: number } = false): StackFile {
    if (!isObject(doc)) throw new StackFileError(file, `is ${Array.isArray(doc) ? "a JSON list" : "not a JSON object"}; ${EXPECTED}`);
    let encoded = true;
    if (limitsChecked === false) {
        const { problem, signatures } = limitsAndKeys(doc);
        if (problem) throw new StackFileError(file, problem);
        encoded = signatures > 0;
    } else if (limitsChecked !== true) encoded = limitsChecked.signatures > 0;
    const fromResource = (r: Record<string, any>) => fromResourceV3(r, encoded);
    const d = doc;
    if ("deployment" in d || "version" in d) {
        if (d.version !== 3) throw new StackFileError(file, `version is ${JSON.stringify(d.version) ?? "missing"}: dataplane check reads stack exports of deployment version 3 (what \`pulumi stack export\` writes)`);
        if (!isObject(d.deployment)) throw new StackFileError(file, `deployment is ${d.deployment === undefined ? "missing" : kind(d.deployment)}, not an object with resources`);
        const resources = (d.deployment.resources === undefined ? [] : checkedResources(d.deployment.resources, "deployment.resources", file)).map(fromResource);
        return { format: "pulumi stack export", resources, accounts: accountsOf(resources, undefined), plainJson: !encoded };
    }
    if ("steps" in d) {
        if (!Array.isArray(d.steps)) throw new StackFileError(file, `steps is ${kind(d.steps)}, not a list of preview steps`);
        const byUrn = new Map<string, RegisteredResource>();
        (d.steps as unknown[]).forEach((step, i) => {
            if (!isObject(step)) throw new StackFileError(file, `steps[${i}] is ${kind(step)}, not a preview step`);
            if (typeof step.op !== "string") throw new StackFileError(file, `steps[${i}].op is ${step.op === undefined ? "missing" : kind(step.op)}, not a step operation`);
            if (step.newState === undefined || step.newState === null || GONE.has(step.op)) return;
            const state = isObject(step.newState) && step.newState.urn === undefined ? { urn: step.urn, ...step.newState } : step.newState;
            const problem = resourceProblem(state, `steps[${i}].newState`);
            if (problem) throw new StackFileError(file, problem);
            byUrn.set(state.urn, fromResource(state));
        });
        const resources = [...byUrn.values()];
        return { format: "pulumi preview --json", resources, accounts: accountsOf(resources, d.config), plainJson: !encoded };
    }
    if (Array.isArray(d.resources) && typeof d.project === "string" && typeof d.stack === "string") {
        const settings = d.packSettings;
        if (settings !== undefined && !(isObject(settings) && isObject(settings.config) && typeof settings.from === "string")) {
            throw new StackFileError(file, `packSettings is ${kind(settings)}, not the {config, from} that dataplane preview records`);
        }
        const resources: RegisteredResource[] = checkedResources(d.resources, "resources", file).map((r) => ({
            ...fromResource(r),
            name: String(r.name ?? String(r.urn).split("::").pop()),
            op: r.op === "read" ? "read" : "register",
        }));
        // The offline preview says the account it ran in.
        const accounts = accountsOf(resources, d.config);
        if (typeof d.account === "string" && ACCOUNT_ID_PATTERN.test(d.account) && !accounts.includes(d.account)) accounts.push(d.account);
        return {
            ...(settings === undefined ? {} : { packSettings: { config: settings.config, from: settings.from as string } }),
            format: "dataplane preview --json", resources, accounts, plainJson: !encoded,
        };
    }
    throw new StackFileError(file, `has none of the keys that identify one (it has ${Object.keys(d).slice(0, 6).map((k) => JSON.stringify(k.slice(0, 40))).join(", ") || "no keys"}); ${EXPECTED}`);
}

const EXPECTED = "give the output of `pulumi stack export`, `pulumi preview --json` or `dataplane preview --json`";

/** The bounds of the files `dataplane check` reads (a stack export is far bigger than a file a person writes). */
const STACK_FILE_LIMITS: FileLimits = { ...WRITTEN_FILE_LIMITS, bytes: LIMITS.fileBytes, depth: LIMITS.depth };

const stackFileError = (file: string, problem: string) => new StackFileError(file, problem);

/** Reads a file in any of the three formats (`-`: standard input), through the package's one reader (files/read.ts). */
export function readStackFile(file: string): StackFile {
    const shown = shownFile(file);
    const text = readText(file, { limits: STACK_FILE_LIMITS, error: stackFileError });
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch (err) {
        throw new StackFileError(shown, `is not JSON (${oneLine((err as Error).message).slice(0, 200)}); ${EXPECTED}`);
    }
    // Depth and string lengths first, with the path to the offending value; then keys written twice
    // (looked for only when the text writes more keys than the parsed objects hold).
    let structure: string | undefined;
    let signatures = 1;
    if (isObject(doc)) {
        const walked = limitsAndKeys(doc);
        signatures = walked.signatures;
        structure = walked.problem ?? (walked.keys === jsonKeyCount(text) ? undefined : jsonStructureMessage(text, Infinity));
    }
    if (structure) throw new StackFileError(shown, structure);
    return resourcesFromDocument(doc, shown, { signatures });
}
