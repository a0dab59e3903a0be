/**
 * The three files `dataplane check` reads, turned into the resource list the pack runs on:
 *
 * - `pulumi stack export`: `{"version": 3, "deployment": {"resources": [ResourceV3…]}}`;
 * - `pulumi preview --json`: `{"steps": [{"op", "urn", "newState"?: ResourceV3, "oldState"?}], …}`;
 * - `dataplane preview --json`: `{"project", "stack", "resources": [{urn, type, inputs, outputs, …}], …}`.
 *
 * Secrets become plain values where the file reveals them (`--show-secrets` plaintext) and
 * `"[secret]"` where it does not (ciphertext), so the pack can say which documents it could not read.
 */
import * as fs from "fs";
import { RegisteredResource, SECRET_SIG, SECRET_SIG_KEY } from "./recorded";
import { MASKED_SECRET, UNKNOWN_SENTINELS, oneLine } from "../policies/values";

export type StackFileFormat = "pulumi stack export" | "pulumi preview --json" | "dataplane preview --json";

export class StackFileError extends Error {
    constructor(public readonly file: string, problem: string) {
        super(`${file}: ${problem}`);
        this.name = "StackFileError";
    }
}

export interface StackFile {
    format: StackFileFormat;
    resources: RegisteredResource[];
}

const RESOURCE_REFERENCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

/** A property value with the file's secret, reference and output encodings resolved. */
function decode(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(decode);
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
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]));
}

function props(value: unknown): Record<string, unknown> {
    return value && typeof value === "object" && !Array.isArray(value) ? decode(value) as Record<string, unknown> : {};
}

/** A ResourceV3 (stack export, preview step state) as a recorded resource. */
function fromResourceV3(r: Record<string, any>): RegisteredResource {
    const urn = String(r.urn);
    return {
        urn,
        type: String(r.type ?? urn.split("::")[2]?.split("$").pop()),
        name: urn.split("::").pop() ?? urn,
        parent: typeof r.parent === "string" && r.parent ? r.parent : undefined,
        custom: r.custom === true,
        op: r.external === true ? "read" : "register",
        id: typeof r.id === "string" && r.id ? r.id : undefined,
        inputs: props(r.inputs),
        outputs: props(r.outputs),
        retainOnDelete: r.retainOnDelete === true,
        protect: r.protect === true,
        dependencies: Array.isArray(r.dependencies) ? r.dependencies.map(String) : [],
    };
}

const GONE = new Set(["delete", "delete-replaced", "discard", "discard-replaced", "remove-pending-replace"]);

/** Reads a parsed document in any of the three formats; `file` names it in errors. */
export function resourcesFromDocument(doc: unknown, file: string): StackFile {
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new StackFileError(file, `is ${Array.isArray(doc) ? "a JSON list" : "not a JSON object"}; ${EXPECTED}`);
    const d = doc as Record<string, any>;
    if ("deployment" in d || "version" in d) {
        if (d.version !== 3) throw new StackFileError(file, `is a stack export of deployment version ${JSON.stringify(d.version)}; dataplane check reads version 3 (what \`pulumi stack export\` writes)`);
        const resources = d.deployment?.resources ?? [];
        if (!Array.isArray(resources)) throw new StackFileError(file, "is a stack export whose deployment.resources is not a list");
        return { format: "pulumi stack export", resources: resources.map(fromResourceV3) };
    }
    if (Array.isArray(d.steps)) {
        const byUrn = new Map<string, RegisteredResource>();
        for (const step of d.steps as Record<string, any>[]) {
            if (!step?.newState || GONE.has(step.op)) continue;
            byUrn.set(String(step.newState.urn ?? step.urn), fromResourceV3({ urn: step.urn, ...step.newState }));
        }
        return { format: "pulumi preview --json", resources: [...byUrn.values()] };
    }
    if (Array.isArray(d.resources) && typeof d.project === "string" && typeof d.stack === "string") {
        return {
            format: "dataplane preview --json",
            resources: (d.resources as Record<string, any>[]).map((r) => ({
                ...fromResourceV3(r),
                name: String(r.name ?? String(r.urn).split("::").pop()),
                op: r.op === "read" ? "read" : "register",
            })),
        };
    }
    throw new StackFileError(file, `has none of the keys that identify one (it has ${Object.keys(d).slice(0, 6).map((k) => JSON.stringify(k)).join(", ") || "no keys"}); ${EXPECTED}`);
}

const EXPECTED = "give the output of `pulumi stack export`, `pulumi preview --json` or `dataplane preview --json`";

/** Reads a file in any of the three formats. */
export function readStackFile(file: string): StackFile {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new StackFileError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch (err) {
        throw new StackFileError(file, `is not JSON (${oneLine((err as Error).message)}); ${EXPECTED}`);
    }
    return resourcesFromDocument(doc, file);
}
