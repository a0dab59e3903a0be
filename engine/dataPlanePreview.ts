/**
 * The offline preview of the data-plane program: a stack config file in, the registered
 * resources and the stack outputs out, with the world seeded from the config so adopted
 * subnets, endpoints and buckets "exist" as the config describes them.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { ValidationError } from "../components/validation";
import { dataPlaneProgram } from "../stacks/dataplane/program";
import { PACKAGE_ROOT } from "./paths";
import { OfflineRunResult, runOffline } from "./run";
import { StackConfig, StackConfigError, loadStackConfig } from "./stackConfig";
import { DEFAULT_ACCOUNT_ID, World, WorldSubnet, WorldVpcEndpoint } from "./world";

/** The data-plane project's `Pulumi.yaml`. */
export const DATA_PLANE_PROJECT_FILE = path.join(PACKAGE_ROOT, "Pulumi.yaml");

/** What a world file may say: any part of {@link World}. */
export type WorldOverrides = Partial<Omit<World, "subnets" | "vpcEndpoints">> & {
    subnets?: Record<string, WorldSubnet>;
    vpcEndpoints?: Record<string, WorldVpcEndpoint>;
};

export interface DataPlanePreview extends OfflineRunResult<unknown> {
    stackConfig: StackConfig;
    world: World;
}

/** Reads a world file (YAML or JSON). */
export function loadWorldFile(file: string): WorldOverrides {
    let doc: unknown;
    try {
        doc = yaml.load(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new StackConfigError(file, `is not a readable world file: ${(err as Error).message.split("\n")[0]}`);
    }
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new StackConfigError(file, "a world file must be a mapping (accountId, region, subnets, vpcEndpoints, buckets, roles, users)");
    return doc as WorldOverrides;
}

/** The world a stack's config implies, with `overrides` on top. */
export function worldFor(config: Record<string, string>, overrides: WorldOverrides = {}): World {
    const region = overrides.region ?? config["aws:region"];
    if (region === undefined) throw new ValidationError("aws:region", "is required for the offline preview (set it in the stack config file)");
    const list = (key: string): string[] => {
        try {
            const parsed = JSON.parse(config[key] ?? "[]");
            return Array.isArray(parsed) ? parsed.map(String) : [];
        } catch {
            return [];
        }
    };
    const subnets: Record<string, WorldSubnet> = {};
    for (const id of list("emr-dataplane:subnetIds")) subnets[id] = {};
    const vpcEndpoints: Record<string, WorldVpcEndpoint> = {};
    const endpoint = config["emr-dataplane:s3EndpointId"];
    if (endpoint) vpcEndpoints[endpoint] = {};
    return {
        accountId: overrides.accountId ?? config["emr-dataplane:accountId"] ?? DEFAULT_ACCOUNT_ID,
        region,
        defaultVpcId: overrides.defaultVpcId ?? config["emr-dataplane:vpcId"],
        subnets: { ...subnets, ...overrides.subnets },
        vpcEndpoints: { ...vpcEndpoints, ...overrides.vpcEndpoints },
        buckets: overrides.buckets,
        roles: overrides.roles,
        users: overrides.users,
    };
}

/** Runs the data-plane program for `stackFile` offline. Rejects with a ValidationError/StackConfigError on bad input. */
export async function previewDataPlane(stackFile: string, opts: { world?: WorldOverrides; projectFile?: string } = {}): Promise<DataPlanePreview> {
    return previewDataPlaneConfig(loadStackConfig(stackFile, opts.projectFile ?? DATA_PLANE_PROJECT_FILE), opts.world);
}

/** Runs the data-plane program offline for an already-loaded stack config. */
export async function previewDataPlaneConfig(stackConfig: StackConfig, worldOverrides?: WorldOverrides): Promise<DataPlanePreview> {
    const world = worldFor(stackConfig.config, worldOverrides);
    const result = await runOffline(dataPlaneProgram, {
        project: stackConfig.project,
        stack: stackConfig.stack,
        config: stackConfig.config,
        secretKeys: stackConfig.secretKeys,
        world,
    });
    return { ...result, stackConfig, world };
}
