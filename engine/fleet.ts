/**
 * A fleet: one template stack file and one customer list give one private plane per customer.
 * {@link planFleet} validates the whole list first (each row's config through the project's own
 * config validation: nothing runs when a row is bad); {@link previewFleet} runs every plane
 * through the real program under the offline engine and the policy pack, in this process, one
 * after another (the mock runtime is process-global), never stopping at a failing customer.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import { isValidationError } from "../components/validation";
import { ACCOUNT_ID_PATTERN, REGION_PATTERN } from "../vocabulary/arn";
import { readDataPlaneConfig } from "../stacks/dataplane/config";
import { packConfigForStack } from "../stacks/dataplane/packSettings";
import { Violation, analyzeResources, policyConfigBeside } from "./analyze";
import type { PolicyConfig } from "../policies/pack";
import { CustomerListError, CustomerRow, readCustomerList } from "./customers";
import { IdleCost, idleCost } from "./idleCost";
import { StackPreview, previewStackConfig, projectFileFor } from "./preview";
import { StackConfig, loadStackConfig } from "./stackConfig";

export { CustomerListError } from "./customers";

/** The config validation of each project a fleet may template (the reader the program itself runs). */
const CONFIG_VALIDATION: Record<string, (raw: Record<string, string>) => unknown> = {
    "emr-dataplane": readDataPlaneConfig,
};

/** How the three required columns map to config keys (`<project>:` is the template's project). */
const COLUMN_KEYS: Record<string, (project: string) => string> = {
    customerId: (p) => `${p}:customerId`,
    accountId: (p) => `${p}:accountId`,
    region: () => "aws:region",
};

const STACK_NAME = /^[a-z0-9][a-z0-9-]{0,23}$/;

export interface PlannedPlane {
    customerId: string;
    /** The plane's stack name: the customer id. */
    stack: string;
    /** Row of the customer list. */
    row: number;
    stackConfig: StackConfig;
    /** Column → config key, for messages. */
    columns: Record<string, string>;
}

export interface FleetPlan {
    project: string;
    projectFile: string;
    template: string;
    planes: PlannedPlane[];
    /** The policy config beside the template (`Pulumi.<stack>.policy.json`), applied to every plane as `dataplane preview` applies it. */
    policyConfig?: PolicyConfig;
}

/** The config key a column sets: a required column's key, or a key of the project (bare or `<project>:key`). */
function columnKey(column: string, project: string, known: Set<string>, file: string): string {
    if (COLUMN_KEYS[column]) return COLUMN_KEYS[column](project);
    const full = column.includes(":") ? column : `${project}:${column}`;
    if (!known.has(full)) {
        const keys = [...known].map((k) => k.replace(`${project}:`, "")).join(", ");
        throw new CustomerListError(file, `column ${column}: is not a config key of project ${project} (its keys: ${keys})`);
    }
    return full;
}

/** Keys declared in the project's `Pulumi.yaml` `config:` section, qualified. */
function declaredKeys(projectFile: string, project: string): Set<string> {
    const doc = yaml.load(fs.readFileSync(projectFile, "utf8")) as { config?: Record<string, unknown> } | undefined;
    return new Set(Object.keys(doc?.config ?? {}).map((k) => (k.includes(":") ? k : `${project}:${k}`)));
}

function checkRequired(row: CustomerRow, file: string): void {
    const bad = (column: string, problem: string) => new CustomerListError(file, `row ${row.row}, column ${column}: ${problem}`);
    const v = row.values;
    if (!v.customerId || !STACK_NAME.test(v.customerId)) throw bad("customerId", `must be 1-24 lowercase letters, digits and hyphens (it names the stack), got ${JSON.stringify(v.customerId ?? "")}`);
    if (!v.accountId || !ACCOUNT_ID_PATTERN.test(v.accountId)) throw bad("accountId", `must be a 12-digit AWS account id, got ${JSON.stringify(v.accountId ?? "")}`);
    if (!v.region || !REGION_PATTERN.test(v.region)) throw bad("region", `must be an AWS region such as eu-west-1, got ${JSON.stringify(v.region ?? "")}`);
}

/**
 * Reads the template and the customer list and validates every row before anything runs. Throws a
 * {@link CustomerListError} naming the row, the column and the problem (the first bad row, with
 * the count of the others).
 */
export function planFleet(templateFile: string, customersFile: string): FleetPlan {
    const projectFile = projectFileFor(templateFile);
    const template = loadStackConfig(templateFile, projectFile);
    const validate = CONFIG_VALIDATION[template.project];
    if (!validate) throw new CustomerListError(templateFile, `is a stack of project ${template.project}; a fleet templates ${Object.keys(CONFIG_VALIDATION).join(", ")} stacks`);
    const { columns, rows } = readCustomerList(customersFile);
    const known = declaredKeys(projectFile, template.project);
    const keys = Object.fromEntries(columns.map((c) => [c, columnKey(c, template.project, known, customersFile)]));
    const problems: string[] = [];
    const planes: PlannedPlane[] = [];
    const seen = new Map<string, number>();
    for (const row of rows) {
        try {
            planes.push(planRow(row, template, keys, validate, customersFile, seen));
        } catch (err) {
            if (!(err instanceof CustomerListError)) throw err;
            problems.push(err.message);
        }
    }
    if (problems.length > 0) {
        const more = problems.length > 1 ? ` (and ${problems.length - 1} more row${problems.length > 2 ? "s" : ""} with problems)` : "";
        throw new CustomerListError(customersFile, `${problems[0].slice(customersFile.length + 2)}${more}`);
    }
    return { project: template.project, projectFile, template: templateFile, planes, policyConfig: policyConfigBeside(templateFile) };
}

function planRow(row: CustomerRow, template: StackConfig, keys: Record<string, string>, validate: (raw: Record<string, string>) => unknown,
    file: string, seen: Map<string, number>): PlannedPlane {
    checkRequired(row, file);
    const customerId = row.values.customerId;
    const earlier = seen.get(customerId);
    if (earlier !== undefined) throw new CustomerListError(file, `row ${row.row}, column customerId: ${customerId} is already row ${earlier}'s (one stack per customer)`);
    seen.set(customerId, row.row);
    const config = { ...template.config };
    for (const [column, value] of Object.entries(row.values)) config[keys[column]] = value;
    try {
        validate(config);
    } catch (err) {
        if (!isValidationError(err)) throw err;
        const { field, problem } = err as unknown as { field: string; problem: string };
        const column = Object.keys(keys).find((c) => keys[c] === field);
        throw new CustomerListError(file, `row ${row.row}, ${column ? `column ${column}` : `template key ${field}`}: ${problem}`);
    }
    return {
        customerId, stack: customerId, row: row.row, columns: keys,
        stackConfig: { ...template, stack: customerId, config, secretKeys: [...template.secretKeys], warnings: [...template.warnings] },
    };
}

export interface PlaneResult {
    customerId: string;
    stack: string;
    resources: number;
    outputs: Record<string, unknown>;
    violations: Violation[];
    idleCost: IdleCost;
    /** Why the plane could not be previewed (its other fields are then empty). */
    error?: string;
}

export interface FleetRunOptions {
    /** Called after each plane, with its full preview when it ran (not kept afterwards: a fleet's memory stays flat). */
    onPlane?: (result: PlaneResult, done: number, total: number, preview?: StackPreview) => void | Promise<void>;
}

/** Previews one planned plane offline and checks it with the policy pack; a failure is reported in the result, not thrown. */
export async function previewPlane(plan: FleetPlan, p: PlannedPlane): Promise<{ result: PlaneResult; preview?: StackPreview }> {
    try {
        const preview = await previewStackConfig(p.stackConfig, undefined, plan.projectFile);
        const violations = await analyzeResources(preview.resources, { config: packConfigForStack(p.stackConfig.config, plan.policyConfig, "the template's policy config").config });
        return {
            result: { customerId: p.customerId, stack: p.stack, resources: preview.resources.length, outputs: preview.outputs, violations, idleCost: idleCost(preview.resources) },
            preview,
        };
    } catch (err) {
        return { result: { customerId: p.customerId, stack: p.stack, resources: 0, outputs: {}, violations: [], idleCost: idleCost([]), error: (err as Error)?.message ?? String(err) } };
    }
}

/** Previews every planned plane offline, one after another in this thread; a failing plane is reported, not thrown. */
export async function previewFleet(plan: FleetPlan, opts: FleetRunOptions = {}): Promise<PlaneResult[]> {
    const results: PlaneResult[] = [];
    for (const [i, p] of plan.planes.entries()) {
        const { result, preview } = await previewPlane(plan, p);
        results.push(result);
        await opts.onPlane?.(result, i + 1, plan.planes.length, preview);
    }
    return results;
}
