/**
 * A fleet's plan: one template stack file and one customer list give one private plane per
 * customer. {@link planFleet} validates the whole list first, each row's config through the
 * template project's own config reader (found by the project's name in `stacks/projects.ts`):
 * nothing runs when a row is bad. `preview.ts` previews the planned planes offline;
 * `automation.ts` previews or deploys them through the Automation API.
 */
import { externalId as validExternalId, isValidationError, onlyChecking, roleArn as validRoleArn } from "../../components/validation";
import { ACCOUNT_ID_PATTERN, REGION_PATTERN } from "../../vocabulary/arn";
import { PROJECT_CONFIGS, ProjectConfig, declares } from "../../stacks/projects";
import { policyConfigBeside } from "../check/analyze";
import type { PolicyConfig } from "../../policies/pack";
import { CustomerList, CustomerListError, CustomerRow, readCustomerList } from "./customers";
import { projectFileFor } from "../preview/preview";
import { StackConfig, loadStackConfig, readProjectYaml } from "../preview/stackConfig";
import { didYouMean } from "../../vocabulary/editDistance";
import { shown } from "../../vocabulary/printable";

export { CustomerListError } from "./customers";

/** A project a fleet can template has one stack per customer: it declares these keys (set from the list's columns). */
const PER_CUSTOMER_KEYS = ["customerId", "accountId"] as const;

/** How the three required columns map to config keys (`<project>:` is the template's project). */
const COLUMN_KEYS: Record<string, (project: string) => string> = {
    customerId: (p) => `${p}:customerId`,
    accountId: (p) => `${p}:accountId`,
    region: () => "aws:region",
};

const STACK_NAME = /^[a-z0-9][a-z0-9-]{0,23}$/;

/**
 * Columns that are not plane config: the customer's deployer role (from `dataplane onboard`) that
 * the real path assumes, and its ExternalId (a secret: never printed, set as a secret config value).
 */
export const DEPLOYER_COLUMNS = { roleArn: "deployerRoleArn", externalId: "deployerExternalId" } as const;
const DEPLOYER_COLUMN_NAMES: string[] = Object.values(DEPLOYER_COLUMNS);

/** The role the real path assumes in the customer's account, with its ExternalId. */
export interface PlaneDeployer { roleArn: string; externalId: string }

export interface PlannedPlane {
    customerId: string;
    /** The plane's stack name: the customer id. */
    stack: string;
    /** Row of the customer list. */
    row: number;
    stackConfig: StackConfig;
    /** Column → config key, for messages. */
    columns: Record<string, string>;
    /** The customer's deployer role, when the list gives it (the real path requires it). */
    deployer?: PlaneDeployer;
}

export interface FleetPlan {
    project: string;
    projectFile: string;
    template: string;
    /** The customer list the planes come from. */
    customers: string;
    planes: PlannedPlane[];
    /** The policy config beside the template (`Pulumi.<stack>.policy.json`), applied to every plane as `dataplane preview` applies it. */
    policyConfig?: PolicyConfig;
}

/** The config key a column sets: a required column's key, or a key of the project (bare or `<project>:key`). */
function columnKey(column: string, project: string, known: Set<string>, file: string): string {
    if (COLUMN_KEYS[column]) return COLUMN_KEYS[column](project);
    // A required column may also be written as the key it sets (`aws:region`).
    if (Object.values(COLUMN_KEYS).some((key) => key(project) === column)) return column;
    const full = column.includes(":") ? column : `${project}:${column}`;
    if (!known.has(full)) {
        const bare = [...known].map((k) => k.replace(`${project}:`, ""));
        const hint = didYouMean(column.replace(`${project}:`, ""), [...Object.keys(COLUMN_KEYS), ...bare]);
        throw new CustomerListError(file, `column ${shown(column)}: is not a config key of project ${project}${hint || ` (its keys: ${bare.join(", ")})`}`);
    }
    return full;
}

/** Keys declared in the project's `Pulumi.yaml` `config:` section, qualified. */
function declaredKeys(projectFile: string, project: string): Set<string> {
    const doc = readProjectYaml(projectFile) as { config?: Record<string, unknown> } | undefined;
    return new Set(Object.keys(doc?.config ?? {}).map((k) => (k.includes(":") ? k : `${project}:${k}`)));
}

/**
 * Columns that set one config key (`customerId` and `emr-dataplane:customerId`; `region` and
 * `aws:region`) must agree in every row: one would name the stack and the other reach the program
 * (its tags, its names). The first row where they differ is refused, naming both columns.
 */
function contradictions(rows: CustomerRow[], keys: Record<string, string>, file: string): string[] {
    const byKey = new Map<string, string[]>();
    for (const [column, key] of Object.entries(keys)) byKey.set(key, [...(byKey.get(key) ?? []), column]);
    const problems: string[] = [];
    for (const [key, columns] of byKey) {
        if (columns.length < 2) continue;
        for (const row of rows) {
            const given = columns.filter((c) => row.values[c] !== undefined);
            const differing = given.find((c) => row.values[c] !== row.values[given[0]]);
            if (differing === undefined) continue;
            problems.push(`${file}: row ${row.row}: columns ${shown(given[0])} (${shown(row.values[given[0]])}) and ${shown(differing)} (${shown(row.values[differing])}) both set ${key} and disagree; keep one of the two columns`);
        }
    }
    return problems;
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
    const steps = planning(templateFile, customersFile, true);
    for (;;) {
        const step = steps.next();
        if (step.done) return refuseProblems(step.value);
    }
}

/** Rows planned between two turns of the event loop by {@link planFleetInTurns} and {@link planFleetUnvalidated}. */
const ROWS_PER_TURN = 50;

/**
 * {@link planFleet}, letting the event loop turn every {@link ROWS_PER_TURN} rows. A row's config
 * validation used to leave promises behind (the Outputs of the components' checks), settled only
 * when the microtask queue next ran: planned in one go, 10,000 rows held ~320 MiB of them until the
 * end. {@link configProblem} now only checks (`onlyChecking`), and the turns keep whatever a
 * project's reader may still leave from growing with the list.
 */
export async function planFleetInTurns(templateFile: string, customersFile: string): Promise<FleetPlan> {
    return validateInTurns(await planFleetUnvalidated(templateFile, customersFile));
}

/** Validates each planned row's config in this thread, in turns: the plan, or planFleet's error. */
export async function validateInTurns(unvalidated: UnvalidatedPlan): Promise<FleetPlan> {
    const { plan } = unvalidated;
    const problems = await inTurns((function* () {
        const found: RowProblem[] = [];
        for (const plane of plan.planes) {
            const problem = configProblem(plan, plane);
            if (problem) found.push(problem);
            yield;
        }
        return found;
    })());
    return refuseProblems(unvalidated, problems);
}

/** A row's problem: the {@link CustomerListError} message naming it. */
export interface RowProblem { row: number; message: string }

/** A plan of the rows that passed every check but their config's validation, and the problems of the others. */
export interface UnvalidatedPlan { plan: FleetPlan; problems: RowProblem[] }

/**
 * The plan without validating each row's config (the costly part: ~1 ms a row), for worker
 * threads to validate with {@link configProblem} (`list`: the customer list, when already read from
 * `customersFile`) — then {@link refuseProblems} with every
 * problem found gives what {@link planFleet} gives. A list whose columns contradict each other
 * is refused at once, as planFleet refuses it.
 */
export async function planFleetUnvalidated(templateFile: string, customersFile: string, list?: CustomerList): Promise<UnvalidatedPlan> {
    return inTurns(planning(templateFile, customersFile, false, list));
}

/** The problem of a planned plane's config, by the template project's own validation (undefined: none). */
export function configProblem(plan: FleetPlan, plane: PlannedPlane): RowProblem | undefined {
    try {
        // Only whether it throws matters here (the program reads the config again).
        onlyChecking(() => fleetProject(plan.project, plan.template).read(plane.stackConfig.config));
        return undefined;
    } catch (err) {
        if (!isValidationError(err)) throw err;
        const { field, problem } = err as unknown as { field: string; problem: string };
        const column = Object.keys(plane.columns).find((c) => plane.columns[c] === field);
        return { row: plane.row, message: `${plan.customers}: row ${plane.row}, ${column ? `column ${column}` : `template key ${field}`}: ${problem}` };
    }
}

/**
 * The plan, or the {@link CustomerListError} {@link planFleet} throws: the first bad row's problem
 * (by row) and the count of the others. `more` adds problems found elsewhere (config validation in
 * worker threads).
 */
export function refuseProblems({ plan, problems }: UnvalidatedPlan, more: RowProblem[] = []): FleetPlan {
    const all = [...problems, ...more].sort((a, b) => a.row - b.row);
    if (all.length > 0) {
        const extra = all.length > 1 ? ` (and ${all.length - 1} more row${all.length > 2 ? "s" : ""} with problems)` : "";
        throw new CustomerListError(plan.customers, `${all[0].message.slice(plan.customers.length + 2)}${extra}`);
    }
    return plan;
}

async function inTurns<T>(steps: Generator<void, T>): Promise<T> {
    for (let i = 1; ; i++) {
        const step = steps.next();
        if (step.done) return step.value;
        if (i % ROWS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    }
}

/** The plan and the rows' problems, one step (yield) per row; each row's config validated when `validate`. */
function* planning(templateFile: string, customersFile: string, validate: boolean, list?: CustomerList): Generator<void, UnvalidatedPlan> {
    const projectFile = projectFileFor(templateFile);
    const template = loadStackConfig(templateFile, projectFile);
    fleetProject(template.project, templateFile);
    const { columns, rows } = list ?? readCustomerList(customersFile);
    const known = declaredKeys(projectFile, template.project);
    const keys = Object.fromEntries(columns.filter((c) => !DEPLOYER_COLUMN_NAMES.includes(c)).map((c) => [c, columnKey(c, template.project, known, customersFile)]));
    const contradicting = contradictions(rows, keys, customersFile);
    const plan: FleetPlan = { project: template.project, projectFile, template: templateFile, customers: customersFile, planes: [], policyConfig: policyConfigBeside(templateFile) };
    // Columns that contradict each other: every row is wrong alike; said before any row is planned.
    if (contradicting.length > 0) refuseProblems({ plan, problems: contradicting.map((message) => ({ row: 0, message })) });
    const problems: RowProblem[] = [];
    const seen = new Map<string, number>();
    for (const row of rows) {
        try {
            const plane = planRow(row, template, keys, customersFile, seen);
            const problem = validate ? configProblem(plan, plane) : undefined;
            if (problem) problems.push(problem);
            else plan.planes.push(plane);
        } catch (err) {
            if (!(err instanceof CustomerListError)) throw err;
            problems.push({ row: row.row, message: err.message });
        }
        yield;
    }
    return { plan, problems };
}

/** The template's project, when it is one a fleet can template (one stack per customer). */
function fleetProject(name: string, templateFile: string): ProjectConfig {
    const project = PROJECT_CONFIGS[name];
    if (project && declares(project, PER_CUSTOMER_KEYS)) return project;
    const fleets = Object.values(PROJECT_CONFIGS).filter((p) => declares(p, PER_CUSTOMER_KEYS)).map((p) => p.table.project);
    throw new CustomerListError(templateFile, `is a stack of project ${name}; a fleet templates a project with one stack per customer ` +
        `(config keys ${PER_CUSTOMER_KEYS.join(" and ")}): ${fleets.join(", ")}`);
}

function planRow(row: CustomerRow, template: StackConfig, keys: Record<string, string>, file: string, seen: Map<string, number>): PlannedPlane {
    checkRequired(row, file);
    const customerId = row.values.customerId;
    const earlier = seen.get(customerId);
    if (earlier !== undefined) throw new CustomerListError(file, `row ${row.row}, column customerId: ${customerId} is already row ${earlier}'s (one stack per customer)`);
    seen.set(customerId, row.row);
    const deployer = deployerOf(row, file);
    const config = { ...template.config };
    for (const [column, value] of Object.entries(row.values)) if (!DEPLOYER_COLUMN_NAMES.includes(column)) config[keys[column]] = value;
    return {
        customerId, stack: customerId, row: row.row, columns: keys, ...(deployer ? { deployer } : {}),
        stackConfig: { ...template, stack: customerId, config, secretKeys: [...template.secretKeys], warnings: [...template.warnings] },
    };
}

/** A row's deployer role and ExternalId: both or neither; the role in the customer's own account. */
function deployerOf(row: CustomerRow, file: string): PlaneDeployer | undefined {
    const roleArn = row.values[DEPLOYER_COLUMNS.roleArn];
    const externalId = row.values[DEPLOYER_COLUMNS.externalId];
    if (roleArn === undefined && externalId === undefined) return undefined;
    const bad = (column: string, problem: string) => new CustomerListError(file, `row ${row.row}, column ${column}: ${problem}`);
    if (roleArn === undefined) throw bad(DEPLOYER_COLUMNS.roleArn, `is empty while ${DEPLOYER_COLUMNS.externalId} is set: give the deployer role dataplane onboard created (its deployer.json)`);
    if (externalId === undefined) throw bad(DEPLOYER_COLUMNS.externalId, `is empty while ${DEPLOYER_COLUMNS.roleArn} is set: give the deployer's ExternalId (dataplane onboard kept it in <out>/<customer>/deployer-external-id)`);
    try {
        const arn = validRoleArn(DEPLOYER_COLUMNS.roleArn, roleArn);
        if (!arn.includes(`::${row.values.accountId}:role/`)) throw bad(DEPLOYER_COLUMNS.roleArn, `must be a role in the customer's account ${row.values.accountId}, got ${JSON.stringify(roleArn)}`);
        return { roleArn: arn, externalId: validExternalId(DEPLOYER_COLUMNS.externalId, externalId) };
    } catch (err) {
        if (!isValidationError(err)) throw err;
        const { field, problem } = err as unknown as { field: string; problem: string };
        throw bad(field, problem);
    }
}
