/**
 * The settings every EMR Serverless application of the package is made of — release, architecture,
 * maximum capacity, worker sizes — and their checks, shared by the plane's `SparkApplication` and
 * the guarded launcher's `LaunchConfiguration`. Pure; the facts are the vocabulary's
 * (vocabulary/emrServerless.ts), each with the user-guide page it comes from.
 */
import {
    CPU_SIZE_PATTERN, DISK_SIZE_PATTERN, EMR_SERVERLESS_RELEASE_LABELS, MEMORY_SIZE_PATTERN, ReleaseFeature, WORKER_DISK_GB, WORKER_SIZES,
    releaseFloorLabel, releaseSupports, sizeOf,
} from "../vocabulary/emrServerless";
import * as v from "./validation";

/** The CPU architecture of an application's workers. */
export const Architecture = {
    /** x86-64. */
    X86_64: "X86_64",
    /** Graviton (ARM64), cheaper per vCPU-hour. */
    ARM64: "ARM64",
} as const;
export type Architecture = (typeof Architecture)[keyof typeof Architecture];

/** The most an application may use at once across all its job runs. */
export interface MaximumCapacity {
    /** Such as `"32 vCPU"`. */
    cpu: string;
    /** Such as `"128 GB"`. */
    memory: string;
    /** Such as `"500 GB"`. */
    disk?: string;
}

/** Identical pre-initialized workers: how many, and each one's size. */
export interface WorkerPool {
    /** How many workers (1-1,000,000). */
    workerCount: number;
    /** vCPUs of each worker: `"1 vCPU"`, `"2 vCPU"`, `"4 vCPU"`, `"8 vCPU"`, `"16 vCPU"` or `"32 vCPU"`. */
    cpu: string;
    /** Memory of each worker, such as `"8 GB"`: within the range the user guide allows for its vCPUs. */
    memory: string;
    /** Ephemeral disk of each worker, `"20 GB"` to `"200 GB"`. Defaults to `"20 GB"`. */
    disk?: string;
}

/** Workers kept ready while the application is started (billed then, even idle), by Spark worker type. */
export interface PreInitializedCapacity {
    /** The Spark driver's workers. Defaults to none. */
    driver?: WorkerPool;
    /** The Spark executors' workers. Defaults to none. */
    executor?: WorkerPool;
}

/** A capacity as numbers: vCPUs, memory and disk in GB (`diskGb` undefined when not capped). */
export interface CapacityAmounts {
    vcpu: number;
    memoryGb: number;
    diskGb?: number;
}

const LISTED = `${EMR_SERVERLESS_RELEASE_LABELS[0]} … ${EMR_SERVERLESS_RELEASE_LABELS.filter((l) => l.startsWith("emr-7.")).at(-1)}, ` +
    EMR_SERVERLESS_RELEASE_LABELS.filter((l) => l.startsWith("emr-spark-")).join(", ");

/** A release label the user guide lists ("Amazon EMR Serverless release versions"). */
export function releaseLabel(field: string, value: unknown): string {
    const label = v.requireString(field, value);
    if (!EMR_SERVERLESS_RELEASE_LABELS.includes(label)) {
        throw new v.ValidationError(field, `must be an EMR Serverless release label, emr-6.6.0 or later as the user guide lists them (${LISTED}), got ${JSON.stringify(label)}`);
    }
    return label;
}

/** Refuses `what` (named by `field`) on a release before `feature`'s first one. */
export function requireRelease(field: string, label: string, feature: ReleaseFeature, what: string, releaseField: string): void {
    if (!releaseSupports(label, feature)) {
        throw new v.ValidationError(field, `${what} needs ${releaseFloorLabel(feature)} or later, but ${releaseField} is ${label}`);
    }
}

function size(field: string, value: unknown, pattern: RegExp, example: string): number {
    const text = v.requireString(field, value);
    const n = sizeOf(text, pattern);
    // Written with their units, as the package writes them back (the API also takes "4" for "4 vCPU").
    if (n === undefined || !/[A-Za-z]$/.test(text)) throw new v.ValidationError(field, `must look like ${JSON.stringify(example)}, got ${JSON.stringify(text)}`);
    return n;
}

/** `{ cpu, memory, disk? }` of whole vCPUs and GB, each with its unit. */
export function maximumCapacity(field: string, value: unknown): MaximumCapacity {
    const c = fieldsOf(field, value, ["cpu", "memory", "disk"], "{ cpu, memory, disk? }");
    size(`${field}.cpu`, c.cpu, CPU_SIZE_PATTERN, "32 vCPU");
    size(`${field}.memory`, c.memory, MEMORY_SIZE_PATTERN, "128 GB");
    const out: MaximumCapacity = { cpu: c.cpu as string, memory: c.memory as string };
    if (c.disk !== undefined) {
        size(`${field}.disk`, c.disk, DISK_SIZE_PATTERN, "500 GB");
        out.disk = c.disk as string;
    }
    return out;
}

/** A capacity's numbers. */
export function capacityAmounts(c: MaximumCapacity): CapacityAmounts {
    return {
        vcpu: sizeOf(c.cpu, CPU_SIZE_PATTERN) ?? 0,
        memoryGb: sizeOf(c.memory, MEMORY_SIZE_PATTERN) ?? 0,
        ...(c.disk === undefined ? {} : { diskGb: sizeOf(c.disk, DISK_SIZE_PATTERN) ?? 0 }),
    };
}

/** One worker size the user guide allows ("Understanding application behavior in EMR Serverless"). */
export function workerPool(field: string, value: unknown): WorkerPool {
    const w = fieldsOf(field, value, ["workerCount", "cpu", "memory", "disk"], "{ workerCount, cpu, memory, disk? }");
    v.integerInRange(`${field}.workerCount`, w.workerCount, 1, 1_000_000);
    const vcpu = size(`${field}.cpu`, w.cpu, CPU_SIZE_PATTERN, "4 vCPU");
    const row = WORKER_SIZES.find((s) => s.vcpu === vcpu);
    if (!row) throw new v.ValidationError(`${field}.cpu`, `must be one of ${WORKER_SIZES.map((s) => `${s.vcpu} vCPU`).join(", ")} per worker, got ${JSON.stringify(w.cpu)}`);
    const memory = size(`${field}.memory`, w.memory, MEMORY_SIZE_PATTERN, "16 GB");
    if (!row.memoryGb.includes(memory)) {
        const [first, second] = row.memoryGb;
        const allowed = row.memoryGb.length <= 3 ? row.memoryGb.join(", ") : `${first} to ${row.memoryGb.at(-1)} in steps of ${second - first}`;
        throw new v.ValidationError(`${field}.memory`, `a ${vcpu} vCPU worker takes ${allowed} GB, got ${JSON.stringify(w.memory)}`);
    }
    const out: WorkerPool = { workerCount: w.workerCount as number, cpu: w.cpu as string, memory: w.memory as string };
    if (w.disk !== undefined) {
        const disk = size(`${field}.disk`, w.disk, DISK_SIZE_PATTERN, "20 GB");
        if (disk < WORKER_DISK_GB.min || disk > WORKER_DISK_GB.max) throw new v.ValidationError(`${field}.disk`, `must be ${WORKER_DISK_GB.min} GB to ${WORKER_DISK_GB.max} GB per worker, got ${JSON.stringify(w.disk)}`);
        out.disk = w.disk as string;
    }
    return out;
}

/** What a pool of workers adds up to (disk: the worker's, or the 20 GB default). */
export function poolAmounts(p: WorkerPool): CapacityAmounts {
    const one = capacityAmounts({ cpu: p.cpu, memory: p.memory, disk: p.disk ?? `${WORKER_DISK_GB.default} GB` });
    return { vcpu: one.vcpu * p.workerCount, memoryGb: one.memoryGb * p.workerCount, diskGb: (one.diskGb ?? 0) * p.workerCount };
}

/**
 * Driver and executor pools, which together must fit the maximum capacity: the cap is "cumulative
 * across all workers at any given point in time" (API, `maximumCapacity`), pre-initialized ones included.
 */
export function preInitializedCapacity(field: string, value: unknown, max: MaximumCapacity, maxField: string): PreInitializedCapacity {
    const c = fieldsOf(field, value, ["driver", "executor"], "{ driver?, executor? }");
    const out: PreInitializedCapacity = {};
    if (c.driver !== undefined) out.driver = workerPool(`${field}.driver`, c.driver);
    if (c.executor !== undefined) out.executor = workerPool(`${field}.executor`, c.executor);
    const total = [out.driver, out.executor].filter((p): p is WorkerPool => p !== undefined).map(poolAmounts)
        .reduce((a, b) => ({ vcpu: a.vcpu + b.vcpu, memoryGb: a.memoryGb + b.memoryGb, diskGb: (a.diskGb ?? 0) + (b.diskGb ?? 0) }), { vcpu: 0, memoryGb: 0, diskGb: 0 });
    const cap = capacityAmounts(max);
    const over = ([["vcpu", "cpu", "vCPU"], ["memoryGb", "memory", "GB of memory"], ["diskGb", "disk", "GB of disk"]] as const)
        .find(([k]) => cap[k] !== undefined && (total[k] ?? 0) > cap[k]!);
    if (over) {
        const [k, name, unit] = over;
        throw new v.ValidationError(field, `adds up to ${total[k]} ${unit}, more than ${maxField}.${name} (${cap[k]}): pre-initialized workers count against the maximum capacity`);
    }
    return out;
}

/** The fields of an object argument, refusing any other key. */
function fieldsOf(field: string, value: unknown, keys: string[], shape: string): Record<string, unknown> {
    if (!value || typeof value !== "object" || Array.isArray(value)) throw new v.ValidationError(field, `must be ${shape}, got ${JSON.stringify(value)}`);
    const unknown = Object.keys(value).filter((k) => !keys.includes(k) && (value as Record<string, unknown>)[k] !== undefined);
    if (unknown.length > 0) throw new v.ValidationError(`${field}.${unknown[0]}`, `is not a field of ${shape}`);
    return value as Record<string, unknown>;
}
