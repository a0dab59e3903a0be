/**
 * The Pulumi projects this package ships, by project name: each one's key table and the config
 * reader its program runs. Whatever takes a stack of any project (a fleet's template) finds the
 * project's validation (and the policy-pack settings its stacks imply) here, by the name in its
 * `Pulumi.yaml`, instead of importing one project's modules.
 */
import type { PolicyConfig } from "../policies/pack";
import { ConfigTable } from "./configTable";
import { CONTROL_PLANE_CONFIG, readControlPlaneConfig } from "./controlplane/config";
import { readDataPlaneConfig } from "./dataplane/config";
import { DATA_PLANE_CONFIG } from "./dataplane/configSchema";
import { StackPackConfig, packConfigForStack } from "./dataplane/packSettings";
import { readDataSourceConfig } from "./datasource/config";
import { DATA_SOURCE_CONFIG } from "./datasource/configSchema";
import { LAUNCHER_CONFIG, readLauncherConfig } from "./guardedLaunch/config";

export interface ProjectConfig {
    table: ConfigTable;
    /** Validates a raw `namespace:key → string` config map as the program does: a ValidationError names the bad key. */
    read(raw: Record<string, string>): unknown;
    /**
     * The pack config a stack of the project is judged with, from the file beside it (`given`, named
     * `givenFrom`) and what the stack's own config implies; absent: `given` as it is.
     */
    packConfig?(stackConfig: Record<string, string>, given: PolicyConfig | undefined, givenFrom: string): StackPackConfig;
}

const PROJECTS: ProjectConfig[] = [
    { table: DATA_PLANE_CONFIG, read: readDataPlaneConfig, packConfig: packConfigForStack },
    { table: CONTROL_PLANE_CONFIG, read: readControlPlaneConfig },
    { table: DATA_SOURCE_CONFIG, read: readDataSourceConfig },
    { table: LAUNCHER_CONFIG, read: (raw) => readLauncherConfig(raw) },
];

/** The projects by name (`emr-dataplane`, …). */
export const PROJECT_CONFIGS: Readonly<Record<string, ProjectConfig>> = Object.fromEntries(PROJECTS.map((p) => [p.table.project, p]));

/** True when `project`'s table declares every one of `keys`. */
export function declares(project: ProjectConfig, keys: readonly string[]): boolean {
    return keys.every((k) => project.table.keys.some((spec) => spec.key === k));
}

/**
 * The pack config a stack of `project` is judged with (`dataplane preview`, the offline fleet), and
 * a note saying where its settings came from when the stack's own config supplied some.
 */
export function packConfigFor(project: string, stackConfig: Record<string, string>, given: PolicyConfig | undefined, givenFrom: string): StackPackConfig {
    return PROJECT_CONFIGS[project]?.packConfig?.(stackConfig, given, givenFrom) ?? { config: given };
}

/**
 * The pack settings a plan was judged with, and where they came from in words: `dataplane preview
 * --json` records them in its document, and `dataplane check` of that document judges it with the
 * same settings unless `--policy-config` says otherwise, so a plan has one verdict.
 */
export interface PackSettings {
    config: PolicyConfig;
    from: string;
}

/**
 * {@link packConfigFor} as the settings a plan is judged with and records (`dataplane preview
 * --json`): the config, and where it came from — the note, else `givenFrom` when `given` is set, else `absent`.
 */
export function packSettingsFor(project: string, stackConfig: Record<string, string>, given: PolicyConfig | undefined, givenFrom: string, absent: string): PackSettings {
    const pack = packConfigFor(project, stackConfig, given, givenFrom);
    return { config: pack.config ?? {}, from: pack.note ?? (given ? givenFrom : absent) };
}
