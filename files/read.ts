/**
 * The one reader of every file the command line reads — stack files and `Pulumi.yaml`, world files,
 * customer lists, policy-pack configs, stack exports and preview JSON, message files — so that all
 * of them are read the same way, within the same kind of bounds:
 *
 * - **size**: at most {@link FileLimits.bytes}, counted while reading (a pipe or a device too), so
 *   no file can exhaust memory;
 * - **encoding**: UTF-8 with or without a byte-order mark, UTF-16 (LE or BE) with one — what
 *   spreadsheet programs and PowerShell write — decoded; UTF-16 without one, and bytes that are not
 *   UTF-8, refused with one line saying how to save the file;
 * - **structure**: JSON and YAML nested at most {@link FileLimits.depth} deep; a key written twice
 *   in one object or mapping refused, naming the key and both places; YAML aliases bounded before
 *   anything expands them (./yaml.ts);
 * - **errors** are {@link UserError}s (the command line exits 2) of the caller's class, one line
 *   naming the file and where in it, without raw control bytes (vocabulary/printable.ts).
 */
import { isUtf8 } from "buffer";
import * as fs from "fs";
import * as path from "path";
import { UserError } from "../vocabulary/userError";
import { printable, shown } from "../vocabulary/printable";
import { jsonStructureProblem, position } from "./json";
import { YamlLimits, YamlProblem, parseYaml } from "./yaml";

export interface FileLimits extends YamlLimits {
    /** Bytes in the file. */
    bytes: number;
}

/**
 * Bounds for the files people write (stack files, world files, customer lists, pack configs,
 * messages): generous for any real one — a customer list of 10,000 rows is about 1 MB.
 */
export const WRITTEN_FILE_LIMITS: FileLimits = {
    bytes: 32 * 1024 * 1024,
    depth: 64,
    aliases: 64,
    expandedNodes: 2_000_000,
    expandedChars: 64 * 1024 * 1024,
};

/** A file that cannot be read as what it should be. Callers that have their own error class pass it instead. */
export class InputFileError extends UserError {
    constructor(public readonly file: string, problem: string) {
        super(`${file}: ${problem}`);
    }
}

/** How a caller's errors are made: its own class, with the file as shown and the problem. */
export type FileErrorFactory = (file: string, problem: string) => UserError;

export interface ReadOptions {
    limits?: FileLimits;
    /** Errors of the caller's class (defaults to {@link InputFileError}). */
    error?: FileErrorFactory;
}

const defaultError: FileErrorFactory = (file, problem) => new InputFileError(file, problem);

/** How a file is named in messages: `-` is standard input, and a name never carries raw control bytes. */
export function shownFile(file: string): string {
    return file === "-" ? "standard input" : printable(file);
}

/** The bytes of `file` (`-`: standard input), at most `limit` of them. */
export function readBytes(file: string, limit: number, error: FileErrorFactory = defaultError): Buffer {
    const name = shownFile(file);
    let fd: number;
    try {
        if (file !== "-" && fs.statSync(file).isDirectory()) throw error(name, "is a folder, not a file");
        fd = file === "-" ? 0 : fs.openSync(file, "r");
    } catch (err) {
        if (err instanceof UserError) throw err;
        throw error(name, `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    try {
        // A regular file is read straight into one buffer of its size (a 17 MB stack export: no
        // chunk copies, no concatenation); whatever it holds beyond that size (it grew meanwhile),
        // and a pipe or a device, in chunks. The limit counts every byte either way.
        const size = fd === 0 ? 0 : regularFileSize(fd);
        if (size > limit) throw error(name, `is more than the ${limit} bytes this command reads`);
        const whole = Buffer.allocUnsafe(size);
        let total = 0;
        while (total < size) {
            const n = readSome(fd, whole, total, size - total, name, error);
            if (n === 0) break;
            total += n;
        }
        if (total < size) return whole.subarray(0, total);
        const chunks: Buffer[] = [whole];
        const chunk = Buffer.alloc(size > 0 ? 64 * 1024 : 1 << 20);
        for (;;) {
            const n = readSome(fd, chunk, 0, chunk.length, name, error);
            if (n === 0) break;
            total += n;
            if (total > limit) throw error(name, `is more than the ${limit} bytes this command reads`);
            chunks.push(Buffer.from(chunk.subarray(0, n)));
        }
        return chunks.length === 1 ? whole : Buffer.concat(chunks);
    } finally {
        if (fd !== 0) fs.closeSync(fd);
    }
}

/** The size of an open regular file, 0 for anything else (a pipe, a device: read in chunks). */
function regularFileSize(fd: number): number {
    try {
        const stat = fs.fstatSync(fd);
        return stat.isFile() ? stat.size : 0;
    } catch {
        return 0;
    }
}

/** Reads up to `length` bytes into `buffer` at `offset`: how many, 0 at the end (a non-blocking standard input that has nothing yet is waited for). */
function readSome(fd: number, buffer: Buffer, offset: number, length: number, name: string, error: FileErrorFactory): number {
    for (;;) {
        try {
            return fs.readSync(fd, buffer, offset, length, null);
        } catch (err) {
            const code = (err as NodeJS.ErrnoException).code;
            if (code === "EAGAIN") continue;
            if (code === "EOF") return 0;
            throw error(name, `cannot be read (${code ?? String(err)})`);
        }
    }
}

/**
 * The text of a file's bytes: UTF-8 (a byte-order mark dropped) or UTF-16 with its byte-order
 * mark; anything else that is not valid UTF-8 is refused, naming the first bad byte.
 */
export function decodeText(bytes: Buffer, name: string, error: FileErrorFactory = defaultError): string {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    else if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes.subarray(2), "utf-16le", name, error);
    else if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes.subarray(2), "utf-16be", name, error);
    else if (bytes.length >= 2 && (bytes[0] === 0 || bytes[1] === 0)) {
        throw error(name, "looks like UTF-16 without a byte-order mark; save it as UTF-8 (PowerShell: `… | Out-File -Encoding utf8 <file>`)");
    }
    // Validated first (a fast scan), then decoded without a second check: what a fatal TextDecoder
    // does, which on a big stack export cost more than reading it. Like that decoder, the decoded
    // text loses one more byte-order mark at its start (a file that begins with two keeps neither).
    if (!isUtf8(bytes)) {
        const at = firstInvalidUtf8(bytes);
        const where = at < 0 ? "" : ` (byte 0x${bytes[at].toString(16).padStart(2, "0")} at offset ${at})`;
        throw error(name, `is not UTF-8 text${where}; save it as UTF-8`);
    }
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    return bytes.toString("utf8");
}

function utf16(bytes: Buffer, encoding: "utf-16le" | "utf-16be", name: string, error: FileErrorFactory): string {
    if (bytes.length % 2 !== 0) throw error(name, `is UTF-16 (by its byte-order mark) but has an odd number of bytes; save it again, as UTF-8`);
    try {
        return new TextDecoder(encoding, { fatal: true }).decode(bytes);
    } catch {
        throw error(name, `is not valid ${encoding.toUpperCase()} text (by its byte-order mark); save it as UTF-8`);
    }
}

/** The offset of the first byte that does not start or continue a UTF-8 sequence, or -1 (an overlong form or a surrogate: the decoder's finer rules). */
function firstInvalidUtf8(bytes: Buffer): number {
    for (let i = 0; i < bytes.length;) {
        const c = bytes[i];
        const more = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
        if (more < 0) return i;
        for (let k = 1; k <= more; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
        i += more + 1;
    }
    return -1;
}

/** The text of `file` within `limits.bytes`, decoded. */
export function readText(file: string, opts: ReadOptions = {}): string {
    const error = opts.error ?? defaultError;
    return decodeText(readBytes(file, (opts.limits ?? WRITTEN_FILE_LIMITS).bytes, error), shownFile(file), error);
}

/**
 * JSON `text` parsed, with duplicate keys and nesting past `limits.depth` refused. `what` says what
 * the file should have been, for a syntax error (`a policy-pack config`).
 */
export function parseJsonText(text: string, name: string, opts: ReadOptions & { what?: string } = {}): unknown {
    const error = opts.error ?? defaultError;
    const limits = opts.limits ?? WRITTEN_FILE_LIMITS;
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch (err) {
        throw error(name, `is not ${opts.what ?? "valid JSON"} (${jsonSyntaxProblem(text, (err as Error).message)})`);
    }
    const problem = jsonStructureMessage(text, limits.depth);
    if (problem) throw error(name, problem);
    return doc;
}

/**
 * What is wrong with the structure of valid JSON `text` — a key twice in one object, nesting past
 * `depth` — as `line L, column C: …`, or undefined.
 */
export function jsonStructureMessage(text: string, depth: number): string | undefined {
    const problem = jsonStructureProblem(text, depth);
    if (problem?.kind === "depth") return `${position(text, problem.at)}: nested deeper than ${depth} levels`;
    if (problem?.kind === "duplicate") {
        return `${position(text, problem.at)}: key ${shown(problem.key)} appears twice in one object (first at ${position(text, problem.first!)}); ` +
            "JSON readers keep only the last one, so remove the other";
    }
    return undefined;
}

/** JSON.parse's complaint as one short line, with the line and column where Node gives only a position. */
function jsonSyntaxProblem(text: string, message: string): string {
    const line = printable(message.replace(/\s*\n\s*/g, " "));
    const at = /at position (\d+)/.exec(line);
    const short = line.length > 200 ? `${line.slice(0, 200)}…` : line;
    return at ? `${short.replace(/ ?\(?line \d+ column \d+\)?/, "")}, ${position(text, Number(at[1]))}` : short;
}

/** YAML `text` parsed within `limits` (which also reads JSON). */
export function parseYamlText(text: string, name: string, opts: ReadOptions = {}): unknown {
    try {
        return parseYaml(text, opts.limits ?? WRITTEN_FILE_LIMITS);
    } catch (err) {
        if (!(err instanceof YamlProblem)) throw err;
        throw (opts.error ?? defaultError)(name, err.message);
    }
}

/** Reads and parses a JSON file. */
export function readJson(file: string, opts: ReadOptions & { what?: string } = {}): unknown {
    return parseJsonText(readText(file, opts), shownFile(file), opts);
}

/** Reads and parses a YAML file. */
export function readYaml(file: string, opts: ReadOptions = {}): unknown {
    return parseYamlText(readText(file, opts), shownFile(file), opts);
}

/** Reads a file that may be JSON or YAML: `.json` as JSON (exact positions, every key checked), anything else as YAML. */
export function readJsonOrYaml(file: string, opts: ReadOptions = {}): unknown {
    return path.extname(file).toLowerCase() === ".json" ? readJson(file, opts) : readYaml(file, opts);
}
