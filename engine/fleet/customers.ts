/**
 * The customer list of a fleet: CSV with a header row, or a YAML/JSON list of mappings. Each row
 * has `customerId`, `accountId` and `region`; any other column is a config key of the template's
 * project and overrides it for that customer. Every problem names the row and the column.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { UserError } from "../../vocabulary/userError";

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

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF; blank lines skipped. */
export function parseCsv(text: string, file: string): string[][] {
    const rows: string[][] = [];
    let row: string[] = [];
    let field = "";
    let quoted = false;
    let line = 1;
    const endField = () => { row.push(field); field = ""; };
    const endRow = () => {
        endField();
        if (!(row.length === 1 && row[0].trim() === "")) rows.push(row);
        row = [];
    };
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (quoted) {
            if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
            else if (c === '"') quoted = false;
            else { if (c === "\n") line++; field += c; }
        } else if (c === '"' && field === "") quoted = true;
        else if (c === ",") endField();
        else if (c === "\n" || c === "\r") {
            if (c === "\r" && text[i + 1] === "\n") i++;
            line++;
            endRow();
        } else field += c;
    }
    if (quoted) throw new CustomerListError(file, `line ${line}: a quoted field is never closed`);
    if (field !== "" || row.length > 0) endRow();
    return rows;
}

function asConfigText(v: unknown): string {
    return typeof v === "string" ? v : JSON.stringify(v);
}

function fromCsv(text: string, file: string): { columns: string[]; rows: CustomerRow[] } {
    const [header, ...body] = parseCsv(text, file);
    if (!header) throw new CustomerListError(file, "is empty: a CSV customer list starts with a header row (customerId,accountId,region,…)");
    const columns = header.map((h) => h.trim());
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
        if (!entry || typeof entry !== "object" || Array.isArray(entry)) throw new CustomerListError(file, `row ${i + 1}: must be a mapping of column to value, got ${JSON.stringify(entry)}`);
        const values: Record<string, string> = {};
        for (const [k, v] of Object.entries(entry)) {
            columns.add(k);
            if (v === null || v === undefined) throw new CustomerListError(file, `row ${i + 1}, column ${k}: has no value`);
            values[k] = asConfigText(v);
        }
        return { row: i + 1, values };
    });
    return { columns: [...columns], rows };
}

/** Reads a customer list by its extension: .csv, else YAML (which includes JSON). */
export function readCustomerList(file: string): { columns: string[]; rows: CustomerRow[] } {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new CustomerListError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    const parsed = path.extname(file).toLowerCase() === ".csv" ? fromCsv(text, file) : fromList(parseYaml(text, file), file);
    if (parsed.rows.length === 0) throw new CustomerListError(file, "lists no customers");
    for (const c of REQUIRED_COLUMNS) {
        if (!parsed.columns.includes(c)) throw new CustomerListError(file, `column ${c} is missing (required columns: ${REQUIRED_COLUMNS.join(", ")})`);
    }
    return parsed;
}

function parseYaml(text: string, file: string): unknown {
    try {
        return yaml.load(text);
    } catch (err) {
        throw new CustomerListError(file, `is not valid YAML/JSON: ${(err as Error).message.split("\n")[0]}`);
    }
}
