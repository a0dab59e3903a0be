/**
 * The customer list of a fleet: CSV with a header row (read by csv-parse), or a YAML/JSON list of
 * mappings, every one read by the package's one reader (files/read.ts: UTF-8 with or without a
 * byte-order mark, UTF-16 with one, size, nesting, aliases, keys written twice). Each row has
 * `customerId`, `accountId` and `region`; any other column is a config key of the template's
 * project and overrides it for that customer. Every problem names the row and the column (a CSV
 * that does not parse: its line).
 */
import { CsvError, parse } from "csv-parse/sync";
import * as path from "path";
import { UserError } from "../../vocabulary/userError";
import { parseJsonText, parseYamlText, readText, shownFile } from "../../files/read";
import { kindOf } from "../../files/shape";
import { shown } from "../../vocabulary/printable";
import { nearest } from "../../vocabulary/editDistance";

export class CustomerListError extends UserError {
    constructor(public readonly file: string, problem: string) {
        super(`${file}: ${problem}`);
    }
}

export interface CustomerRow {
    /** 1-based position among the customers (the CSV header is not a row). */
    row: number;
    /** Column → value as config text (lists and objects as JSON, like Pulumi config). */
    values: Record<string, string>;
}

export const REQUIRED_COLUMNS = ["customerId", "accountId", "region"] as const;

/**
 * RFC 4180 CSV: quoted fields (headers too), doubled quotes, CRLF, LF or CR line ends, a UTF-8
 * byte-order mark (what spreadsheet programs write) dropped — also when a quoted header follows it;
 * blank lines skipped. Rows may differ in length here: the caller names the row that does.
 */
export function parseCsv(text: string, file: string): string[][] {
    let rows: string[][];
    try {
        rows = parse(text, { bom: true, relax_column_count: true, record_delimiter: ["\r\n", "\n", "\r"] }) as string[][];
    } catch (err) {
        if (!(err instanceof CsvError)) throw err;
        throw new CustomerListError(file, csvProblem(err));
    }
    return rows.filter((row) => !(row.length === 1 && row[0].trim() === ""));
}

/** A CSV syntax error as one line naming where it is. */
function csvProblem(err: CsvError): string {
    const line = (err as CsvError & { lines?: number }).lines;
    const where = line ? `line ${line}: ` : "";
    if (err.code === "CSV_QUOTE_NOT_CLOSED") return `${where}a quoted field is never closed`;
    if (err.code === "CSV_INVALID_CLOSING_QUOTE") return `${where}a quoted field goes on after its closing quote (quote the whole field, doubling each quote inside it: "a ""b"" c")`;
    return `${where}${err.message.replace(/ at line \d+.*$/, "")}`;
}

function asConfigText(v: unknown): string {
    return typeof v === "string" ? v : JSON.stringify(v);
}

function fromCsv(text: string, file: string): { columns: string[]; rows: CustomerRow[] } {
    const [header, ...body] = parseCsv(text, file);
    if (!header) throw new CustomerListError(file, "is empty: a CSV customer list starts with a header row (customerId,accountId,region,…)");
    const columns = header.map((h) => h.trim());
    const blank = columns.findIndex((c) => c === "");
    if (blank >= 0) throw new CustomerListError(file, `column ${blank + 1} of the header has no name`);
    const twice = columns.findIndex((c, i) => columns.indexOf(c) !== i);
    if (twice >= 0) throw new CustomerListError(file, `column ${shown(columns[twice])} appears twice in the header (columns ${columns.indexOf(columns[twice]) + 1} and ${twice + 1})`);
    const rows = body.map((cells, i) => {
        if (cells.length !== columns.length) {
            throw new CustomerListError(file, `row ${i + 1}: has ${cells.length} fields, the header has ${columns.length} (${columns.join(",")})`);
        }
        const values: Record<string, string> = {};
        columns.forEach((c, j) => { if (cells[j].trim() !== "") values[c] = cells[j].trim(); });
        return { row: i + 1, values };
    });
    return { columns, rows };
}

function fromList(doc: unknown, file: string): { columns: string[]; rows: CustomerRow[] } {
    const list = doc && typeof doc === "object" && !Array.isArray(doc) && Array.isArray((doc as { customers?: unknown }).customers)
        ? (doc as { customers: unknown[] }).customers : doc;
    if (!Array.isArray(list)) throw new CustomerListError(file, "must be a list of customers (or a mapping with customers: [...]), each a mapping of column to value");
    const columns = new Set<string>();
    const rows = list.map((entry, i) => {
        if (!entry || typeof entry !== "object" || Array.isArray(entry)) throw new CustomerListError(file, `row ${i + 1}: must be a mapping of column to value, got ${kindOf(entry)}`);
        const values: Record<string, string> = {};
        for (const [k, v] of Object.entries(entry)) {
            columns.add(k);
            if (v === null || v === undefined) throw new CustomerListError(file, `row ${i + 1}, column ${shown(k)}: has no value`);
            values[k] = asConfigText(v);
        }
        return { row: i + 1, values };
    });
    return { columns: [...columns], rows };
}

/** A customer list as read: its columns, and its rows in order. */
export interface CustomerList { columns: string[]; rows: CustomerRow[] }

/** Reads a customer list by its extension: .csv, .json as JSON, anything else as YAML. */
export function readCustomerList(file: string): CustomerList {
    const error = (f: string, problem: string) => new CustomerListError(f, problem);
    const text = readText(file, { error });
    const name = shownFile(file);
    const extension = path.extname(file).toLowerCase();
    const parsed = extension === ".csv" ? fromCsv(text, name)
        : fromList(extension === ".json" ? parseJsonText(text, name, { error, what: "a JSON customer list" }) : parseYamlText(text, name, { error }), name);
    if (parsed.rows.length === 0) throw new CustomerListError(name, "lists no customers");
    for (const c of REQUIRED_COLUMNS) {
        if (parsed.columns.includes(c)) continue;
        const near = nearest(c, parsed.columns);
        throw new CustomerListError(name, `column ${c} is missing (required columns: ${REQUIRED_COLUMNS.join(", ")})${near.length ? `; column ${shown(near[0])} looks like a misspelling of it` : ""}`);
    }
    return parsed;
}
