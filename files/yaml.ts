/**
 * YAML read within bounds. js-yaml (4.3) bounds nesting (`maxDepth`) and merge keys
 * (`maxTotalMergeKeys`) but not aliases: an alias is the anchored node itself, so a document of
 * a few hundred bytes can stand for a tree of billions of nodes ("billion laughs"), which the
 * first walk over it (JSON.stringify, a schema check) would expand. So:
 *
 * - aliases are counted while the document is composed (js-yaml's `listener` sees each node as it
 *   closes; an alias is the one node with neither kind nor tag), and the document is refused at the
 *   first alias past the bound, before anything walks it;
 * - what is left is measured as it would expand (each shared node once: linear in the document),
 *   and refused past a bound of nodes and characters, or when it refers to itself;
 * - a key written twice is named with both of its lines (js-yaml says only "duplicated mapping key").
 */
import type * as Yaml from "js-yaml";
import { shown } from "../vocabulary/printable";

/** js-yaml, loaded when a YAML file is first read: `dataplane check` reads JSON only, and starts without it. */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const jsYaml = (): typeof Yaml => require("js-yaml");

export interface YamlLimits {
    /** Nesting of mappings and sequences. */
    depth: number;
    /** Aliases (`*name`) in one file. */
    aliases: number;
    /** Nodes (mappings, sequences, scalars) and characters (of strings and keys) the document stands for, each alias expanded. */
    expandedNodes: number;
    expandedChars: number;
}

/** Thrown with one line saying what is wrong and where (`line L: …`); the caller adds the file. */
export class YamlProblem extends Error {}

/**
 * Parses YAML `text` within `limits`. Throws {@link YamlProblem}; any other error is a bug.
 */
export function parseYaml(text: string, limits: YamlLimits): unknown {
    let aliases = 0;
    let doc: unknown;
    const yaml = jsYaml();
    try {
        // maxDepth is js-yaml 4.3's (its type declarations predate it).
        doc = yaml.load(text, {
            maxDepth: limits.depth,
            listener: (event: "open" | "close", state: Yaml.State & { tag: string | null }) => {
                // An alias leaves its node without a kind and without a tag (js-yaml's readAlias), and
                // with the anchored value; an empty node has no value. (An alias of an empty node costs nothing.)
                if (event !== "close" || state.kind !== null || state.tag !== null || state.result === null || state.result === undefined) return;
                if (++aliases > limits.aliases) {
                    throw new YamlProblem(`line ${state.line + 1}: more than ${limits.aliases} aliases (*name); a file this command reads may repeat an anchored value at most ${limits.aliases} times: write the values out`);
                }
            },
        } as Yaml.LoadOptions);
    } catch (err) {
        if (err instanceof YamlProblem) throw err;
        if (err instanceof yaml.YAMLException) throw new YamlProblem(yamlExceptionLine(err, text, limits));
        if (err instanceof RangeError) throw new YamlProblem(`is nested too deeply to read (more than ${limits.depth} levels)`);
        throw err;
    }
    const expanded = expandedSize(doc, limits);
    if (expanded) throw new YamlProblem(expanded);
    return doc;
}

/** A js-yaml error as one line: what, where, and for a duplicate key its name and both lines. */
function yamlExceptionLine(err: Yaml.YAMLException, text: string, limits: YamlLimits): string {
    const mark = err.mark as { line: number; column: number; position: number } | undefined;
    const where = mark ? `line ${mark.line + 1}, column ${mark.column + 1}: ` : "";
    const reason = err.reason ?? err.message.split("\n")[0];
    if (reason === "duplicated mapping key" && mark) {
        const key = keyAt(text, mark.position);
        const first = key === undefined ? undefined : firstOccurrence(text, key, mark);
        return `${where}key ${key === undefined ? "" : `${shown(key)} `}appears twice in one mapping${first ? ` (first at line ${first})` : ""}; ` +
            "YAML keeps only one of them, so remove the other";
    }
    if (/^nesting exceeded maxDepth/.test(reason)) return `${where}nested deeper than ${limits.depth} levels`;
    return `is not valid YAML: ${where}${reason}`;
}

/** The mapping key written at `position` (plain, or single- or double-quoted), or undefined. */
function keyAt(text: string, position: number): string | undefined {
    const rest = text.slice(position, position + 1024);
    const quoted = /^"((?:[^"\\]|\\.)*)"|^'((?:[^']|'')*)'/.exec(rest);
    if (quoted) {
        try {
            return quoted[1] !== undefined ? JSON.parse(`"${quoted[1]}"`) : quoted[2].replace(/''/g, "'");
        } catch {
            return quoted[1];
        }
    }
    // A plain key ends at the first ": " (or ":" at the end of the line); it may hold other colons (`aws:region`).
    const plain = /^(?:\? )?([^\n]*?)\s*:(?:[ \t]|\r?\n|$)/.exec(rest);
    return plain ? plain[1] : undefined;
}

/** The line (from 1) where `key` was first written in the mapping a duplicate at `mark` belongs to. */
function firstOccurrence(text: string, key: string, mark: { line: number; column: number }): number | undefined {
    const lines = text.split("\n", mark.line + 1);
    for (let l = mark.line; l >= 0; l--) {
        const line = lines[l];
        const indent = line.length - line.trimStart().length;
        // A line at a smaller indent (and with content) closes the block mapping.
        if (l < mark.line && line.trim() !== "" && !line.trimStart().startsWith("#") && indent < mark.column && !line.trimStart().startsWith("-")) break;
        const before = l === mark.line ? line.slice(0, mark.column) : line;
        for (let at = before.indexOf(key); at >= 0; at = before.indexOf(key, at + 1)) {
            if (keyAt(line, at - (/["']/.test(line[at - 1] ?? "") ? 1 : 0)) === key) return l + 1;
        }
    }
    return undefined;
}

/**
 * What is wrong with the size `doc` expands to, or undefined: its nodes and characters with every
 * alias expanded, counted once per shared node (so in time linear in the parsed document).
 */
function expandedSize(doc: unknown, limits: YamlLimits): string | undefined {
    const sizes = new Map<object, { nodes: number; chars: number } | "open">();
    let problem: string | undefined;
    const measure = (value: unknown): { nodes: number; chars: number } => {
        if (typeof value === "string") return { nodes: 1, chars: value.length };
        if (!value || typeof value !== "object") return { nodes: 1, chars: 0 };
        const known = sizes.get(value);
        if (known === "open") {
            problem ??= "refers to itself (an anchor used inside its own value); write the value out";
            return { nodes: 1, chars: 0 };
        }
        if (known) return known;
        sizes.set(value, "open");
        const total = { nodes: 1, chars: 0 };
        const add = (s: { nodes: number; chars: number }) => {
            total.nodes += s.nodes;
            total.chars += s.chars;
        };
        if (Array.isArray(value)) for (const v of value) add(measure(v));
        else for (const [k, v] of Object.entries(value)) add({ nodes: 0, chars: k.length }), add(measure(v));
        sizes.set(value, total);
        return total;
    };
    const size = measure(doc);
    if (problem) return problem;
    if (size.nodes > limits.expandedNodes || size.chars > limits.expandedChars) {
        return `stands for ${size.nodes} values and ${size.chars} characters once its aliases are expanded, more than the ${limits.expandedNodes} values ` +
            `and ${limits.expandedChars} characters this command reads; write the values out instead of repeating anchors`;
    }
    return undefined;
}
