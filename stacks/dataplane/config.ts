/**
 * Reads the data-plane stack config (the table in `configSchema.ts`) into the arguments of the
 * plane's components. Pure: it takes the raw config map (`pulumi.runtime.allConfig()`), so every bad
 * value is reported — naming its config key — before the program registers anything.
 *
 * Checks of a component field's value are the component's own (`validate<Component>Args`, run here
 * with the config keys as names); this file checks only what no component sees: the plane's own
 * keys (`namePrefix`, `customerId`, `accountId`), which keys go together, and the vendor's account.
 */
import {
    ApplicationMode, InterfaceEndpointService, LaunchRoleArgs, NetworkArgs, ResourceBucketArgs, RuntimeRoleArgs, SparkApplicationArgs,
    validateLaunchRoleArgs, validateNetworkArgs, validateResourceBucketArgs, validateRuntimeRoleArgs, validateSparkApplicationArgs,
} from "../../components";
import { parsePrincipalArn } from "../../vocabulary/arn";
import { escapeRegExp } from "../../vocabulary/patterns";
import { readJsonOrYaml, shownFile } from "../../files/read";
import type { TenantSpec } from "../../components/iam/tenant";
import { tenantDeliveries, validateTenants } from "../../components/planeTenants";
import * as v from "../../components/validation";
import { ReadConfig, keyMapper, readConfig } from "../configTable";
import { DATA_PLANE_CONFIG, DataPlaneParts, PlaneKind, fullKey } from "./configSchema";

export interface AdoptedNetworkConfig {
    vpcId: string;
    subnetIds: string[];
    s3EndpointId?: string;
}

export interface DataPlaneConfig {
    planeKind: PlaneKind;
    namePrefix: string;
    /** The account the stack must deploy into, when pinned. */
    accountId?: string;
    customerId?: string;
    /** `aws:region`, when set in config (else the provider's default region applies). */
    region?: string;
    bucket: ResourceBucketArgs;
    runtimeRole: Omit<RuntimeRoleArgs, "bucketName" | "bucketKmsKeyArn" | "bucketDefaultKeyArn">;
    network: Omit<NetworkArgs, "existing"> & { adopt?: AdoptedNetworkConfig };
    launch: Omit<LaunchRoleArgs, "runtimeRoleArn" | "bucketName" | "bucketKmsKeyArn" | "bucketDefaultKeyArn" | "subnetIds" | "securityGroupIds" | "applicationId">;
    application: ApplicationConfig;
    /** Shared plane: its tenants (none: jobs run with the runtime role's whole permissions). */
    tenants?: TenantSpec[];
    tags: Record<string, string>;
}

/** The plane's application: its own (created from `args`, or adopted by `adoptedId`), or none in launcher mode. */
export interface ApplicationConfig {
    mode: ApplicationMode;
    /** Shared plane: an existing application's id, adopted instead of creating one. */
    adoptedId?: string;
    /** The application to create (plane mode, nothing adopted): every field but the plane's wiring. */
    args?: Omit<SparkApplicationArgs, "bucketName" | "bucketKmsKeyArn" | "subnetIds" | "securityGroupIds" | "runtimeRoleName" | "tags">;
}

/** The config key feeding a field of one of the plane's components (`bucket`, `runtimeRole`, `network`, `launch`). */
export const dataPlaneKeyOf = (part: keyof DataPlaneParts) => keyMapper(DATA_PLANE_CONFIG, part);

/** Reads the data-plane config from a raw `namespace:key → string` map. Throws a ValidationError naming the key. */
export function readDataPlaneConfig(raw: Record<string, string>): DataPlaneConfig {
    const c = readConfig(DATA_PLANE_CONFIG, raw);
    const planeKind = c.variant as PlaneKind;
    const namePrefix = v.namePrefix(fullKey("namePrefix"), c.values.namePrefix);
    const accountId = c.values.accountId === undefined ? undefined : v.accountId(fullKey("accountId"), c.values.accountId);
    const customerId = planeKind === PlaneKind.Private ? customerIdOf(c.values.customerId) : undefined;

    const bucket: ResourceBucketArgs = { ...c.parts.bucket };
    if (bucket.bucketName === undefined && bucket.existingBucketName === undefined) bucket.bucketNamePrefix = `${namePrefix}-resources-`;
    validateResourceBucketArgs(bucket, c.keyOf("bucket"));

    const runtimeRole = { ...c.parts.runtimeRole, roleName: `${namePrefix}-job-runtime` };
    validateRuntimeRoleArgs(runtimeRole, c.keyOf("runtimeRole"));
    const tenants = tenantsOf(c.values);
    // The runtime role may assume every tenant's customer roles; each tenant's execution policy narrows a job to its own.
    const tenantRoles = (tenants ?? []).flatMap((t) => t.customerRoleArns ?? []);
    if (tenantRoles.length > 0) {
        const given = (runtimeRole.assumableRoleArns ?? []) as string[];
        // Only roles no given ARN or pattern already covers.
        const covered = (role: string) => given.some((g) => new RegExp(`^${g.split("*").map(escapeRegExp).join(".*")}$`).test(role));
        const added = tenantRoles.filter((r) => !covered(r));
        if (added.length > 0) runtimeRole.assumableRoleArns = [...given, ...added];
    }

    const network: DataPlaneConfig["network"] = { ...c.parts.network };
    const uses = endpointsThePlaneUses(runtimeRole, c.parts.application);
    if (network.internetEgress === "endpoints" && Array.isArray(network.interfaceEndpoints ?? [])) {
        const given = network.interfaceEndpoints ?? [];
        const missing = uses.map((u) => u.service).filter((s) => !given.includes(s));
        if (missing.length > 0) network.interfaceEndpoints = [...missing, ...given];
    }
    const adopt = adoptedNetwork(c.parts.adopt);
    // "none" leaves jobs S3 of the region only: a plane whose own keys make jobs call another service would fail when they run.
    if (!adopt && network.internetEgress === "none" && uses.length > 0) {
        const why = uses.map((u) => `${fullKey(u.key)} makes jobs call ${u.what}`).join("; ");
        throw new v.ValidationError(fullKey("internetEgress"), `"none" gives jobs a route to S3 of the plane's region only, but ${why}: ` +
            `use "endpoints" (no internet route; the stack adds the interface endpoint${uses.length > 1 ? "s" : ""} for ${uses.map((u) => u.service).join(", ")}) or "nat"`);
    }
    // An adopted network is checked with what the provider reports of it (buildDataPlane).
    if (adopt) network.adopt = adopt;
    else validateNetworkArgs(network, c.keyOf("network"));

    const launch = planeKind === PlaneKind.Shared ? sharedLaunch(c.parts.launch) : privateLaunch(c.parts.launch, c.values.vendorPrincipalArn, customerId!, namePrefix);
    // One vendor principal (`vendorPrincipalArn`, fed as a one-item list) or several (`vendorPrincipalArns`).
    const single = c.values.vendorPrincipalArn !== undefined;
    const launchKeyOf = (field: string) => (single && field === "trustedPrincipalArns" ? fullKey("vendorPrincipalArn") : c.keyOf("launch")(field));
    singleValued(fullKey("vendorPrincipalArn"), () => validateLaunchRoleArgs(launch, launchKeyOf));
    (launch.trustedPrincipalArns as string[] | undefined)?.forEach((arn, i) => {
        if (accountId !== undefined && parsePrincipalArn(arn)?.account === accountId) {
            const key = single ? fullKey("vendorPrincipalArn") : `${fullKey("vendorPrincipalArns")}[${i}]`;
            throw new v.ValidationError(key, `is in the plane's own account ${accountId}; a private plane's launch role is assumed from the vendor's account`);
        }
    });

    const application = applicationOf(c, raw, namePrefix, runtimeRole.roleName);
    if (tenants) {
        // Each tenant's policy must fit StartJobRun (inline, or by a managed policy's ARN): checked now, with the longest bucket name and key the plane may get.
        const kmsKey = bucket.kmsKey as string | undefined;
        tenantDeliveries(tenants, {
            bucketName: (bucket.existingBucketName ?? bucket.bucketName) as string | undefined,
            encrypted: kmsKey !== undefined && kmsKey !== "none",
            kmsKeyArn: kmsKey?.startsWith("arn:") ? kmsKey : undefined,
            // An adopted bucket with no key configured may carry its own SSE-KMS key (read at preview): counted.
            adoptedKeyPossible: bucket.existingBucketName !== undefined,
            namePrefix,
        }, fullKey(c.values.tenants !== undefined ? "tenants" : "tenantsFile"));
    }

    const tags: Record<string, string> = { "emr-dataplane:plane": planeKind };
    if (customerId) tags["emr-dataplane:customer"] = customerId;
    return { planeKind, namePrefix, accountId, customerId, region: c.region, bucket, runtimeRole, network, launch, application, ...(tenants ? { tenants } : {}), tags };
}

/** The tenants of `tenants` or of the file `tenantsFile` (one or the other), checked; undefined when neither is set. */
function tenantsOf(values: Record<string, any>): TenantSpec[] | undefined {
    if (values.tenants !== undefined && values.tenantsFile !== undefined) {
        throw new v.ValidationError(fullKey("tenantsFile"), `declares tenants, and so does ${fullKey("tenants")}: set one of the two`);
    }
    if (values.tenants !== undefined) return validateTenants(values.tenants, fullKey("tenants"));
    if (values.tenantsFile === undefined) return undefined;
    const file = v.requireString(fullKey("tenantsFile"), values.tenantsFile);
    const doc = readJsonOrYaml(file, { error: (shown, problem) => new v.ValidationError(fullKey("tenantsFile"), `${shown}: ${problem}`) });
    const list = Array.isArray(doc) ? doc : doc !== null && typeof doc === "object" ? (doc as Record<string, unknown>).tenants : undefined;
    return validateTenants(list, `${fullKey("tenantsFile")} ${shownFile(file)}${Array.isArray(doc) ? "" : " tenants"}`);
}

/**
 * The interface endpoints a plane with no internet route (`internetEgress: endpoints`) needs for what
 * it configures itself, added to `interfaceEndpoints` so a job never finds its service unreachable
 * (and the reason `internetEgress: none`, S3 only, is refused for such a plane).
 * "Configuring VPC access for EMR Serverless applications to connect to data" (EMR Serverless User
 * Guide): "For connectivity to other AWS services outside the VPC ... configure either VPC endpoints
 * or a NAT gateway". Each is a call the job itself makes, with the runtime role, from the plane's subnets:
 * - `sts`: jobs assume the customer roles of `assumableRoleArns`;
 * - `glue`: a Glue grant makes the application use the Data Catalog as its metastore, whose Hive
 *   client runs in the job ("Metastore configuration for EMR Serverless");
 * - `logs`: with `applicationCloudWatchLogs` the runtime role is the writer of the log group
 *   (components/iam/sparkApplication.ts). That the workers then call CloudWatch Logs from the plane's
 *   subnets is inferred from that, not stated by the user guide; the endpoint is priced in the preview.
 */
function endpointsThePlaneUses(runtimeRole: Partial<RuntimeRoleArgs>, application: Partial<SparkApplicationArgs> | undefined): { service: InterfaceEndpointService; key: string; what: string }[] {
    const listed = (list: unknown) => Array.isArray(list) && list.length > 0;
    const glueKey = listed(runtimeRole.glueReadOnlyDatabases) ? "glueReadOnlyDatabases" : "glueReadWriteDatabases";
    const uses: [boolean, { service: InterfaceEndpointService; key: string; what: string }][] = [
        [listed(runtimeRole.assumableRoleArns), { service: "sts", key: "assumableRoleArns", what: "AWS STS" }],
        [listed(runtimeRole.glueReadOnlyDatabases) || listed(runtimeRole.glueReadWriteDatabases), { service: "glue", key: glueKey, what: "the AWS Glue Data Catalog" }],
        [application?.cloudWatchLogs === true, { service: "logs", key: "applicationCloudWatchLogs", what: "CloudWatch Logs" }],
    ];
    return uses.filter(([used]) => used).map(([, use]) => use);
}

/** The keys that describe an application the plane creates (refused when it adopts one, or in launcher mode). */
const CREATED_APPLICATION_KEYS = ["applicationReleaseLabel", "applicationArchitecture", "applicationMaxVcpu", "applicationMaxMemoryGb", "applicationMaxDiskGb",
    "applicationIdleTimeoutMinutes", "applicationCloudWatchLogs", "applicationCloudWatchLogRetentionDays", "applicationJobCostAllocation"];

/**
 * `applicationMode`, `applicationId` and the created application's keys, checked together: the cap's
 * three keys make `maximumCapacity`, a Glue grant makes the application use the Data Catalog.
 */
function applicationOf(c: ReadConfig<DataPlaneParts>, raw: Record<string, string>, namePrefix: string, runtimeRoleName: string): ApplicationConfig {
    const mode = v.oneOf(fullKey("applicationMode"), c.values.applicationMode, Object.values(ApplicationMode));
    const adoptedId = c.values.applicationId === undefined ? undefined : v.applicationId(fullKey("applicationId"), c.values.applicationId);
    if (mode === ApplicationMode.Launcher && adoptedId !== undefined) {
        throw new v.ValidationError(fullKey("applicationId"), `only applies with ${fullKey("applicationMode")} "plane": in launcher mode the launcher creates its applications`);
    }
    const set = CREATED_APPLICATION_KEYS.find((k) => raw[fullKey(k)] !== undefined);
    if (set && (mode === ApplicationMode.Launcher || adoptedId !== undefined)) {
        const why = adoptedId !== undefined ? `the plane adopts application ${adoptedId} (${fullKey("applicationId")}) and keeps its settings` : `${fullKey("applicationMode")} is "launcher": the plane creates no application`;
        throw new v.ValidationError(fullKey(set), `only applies to the application the plane creates, but ${why}`);
    }
    if (mode === ApplicationMode.Launcher || adoptedId !== undefined) return { mode, adoptedId };
    const cap = (key: string) => v.integerInRange(fullKey(key), c.values[key], 1, 100_000);
    const glue = [c.values.glueReadOnlyDatabases, c.values.glueReadWriteDatabases].some((list) => Array.isArray(list) && list.length > 0);
    const args: NonNullable<ApplicationConfig["args"]> = {
        ...c.parts.application,
        applicationName: `${namePrefix}-spark`,
        maximumCapacity: { cpu: `${cap("applicationMaxVcpu")} vCPU`, memory: `${cap("applicationMaxMemoryGb")} GB`, disk: `${cap("applicationMaxDiskGb")} GB` },
        ...(glue ? { useGlueDataCatalog: true } : {}),
        ...(c.parts.application?.cloudWatchLogs ? { cloudWatchLogGroupName: `/aws/emr-serverless/${namePrefix}` } : {}),
    };
    const capKeys: Record<string, string> = { cpu: "applicationMaxVcpu", memory: "applicationMaxMemoryGb", disk: "applicationMaxDiskGb" };
    const keyOf = (f: string) => (f.startsWith("maximumCapacity") ? fullKey(capKeys[f.split(".")[1] ?? "cpu"]) : c.keyOf("application")(f));
    validateSparkApplicationArgs({ ...args, bucketName: "checked-by-the-bucket", runtimeRoleName }, "spark", keyOf);
    return { mode, args };
}

/** Runs a check on a one-key list (`vendorPrincipalArn` fed as `[value]`), naming the key rather than its item `[0]`. */
function singleValued(key: string, check: () => unknown): void {
    try {
        check();
    } catch (err) {
        if (v.isValidationError(err) && err.field === `${key}[0]`) throw new v.ValidationError(key, err.problem);
        throw err;
    }
}

function customerIdOf(value: unknown): string {
    const customerId = v.requireString(fullKey("customerId"), value);
    if (!/^[a-z0-9][a-z0-9-]{0,23}$/.test(customerId)) {
        throw new v.ValidationError(fullKey("customerId"), `must be 1-24 lowercase letters, digits and hyphens, starting with a letter or digit, got ${JSON.stringify(customerId)}`);
    }
    return customerId;
}

/** `vpcId` and `subnetIds` adopt a network together; `s3EndpointId` only with them. */
function adoptedNetwork(keys: Record<string, any> = {}): AdoptedNetworkConfig | undefined {
    const { vpcId, subnetIds, s3EndpointId } = keys;
    if (vpcId === undefined && subnetIds === undefined && s3EndpointId === undefined) return undefined;
    if (vpcId === undefined) throw new v.ValidationError(fullKey("vpcId"), `is required to adopt an existing network (subnetIds${s3EndpointId ? " and s3EndpointId" : ""} given)`);
    if (subnetIds === undefined) throw new v.ValidationError(fullKey("subnetIds"), `is required to adopt the existing VPC ${vpcId}: list at least two private subnets in distinct AZs`);
    return { vpcId, subnetIds, s3EndpointId };
}

/** A shared plane attaches the launch permissions to exactly one existing system principal. */
function sharedLaunch(keys: Record<string, any> = {}): DataPlaneConfig["launch"] {
    v.exclusive({ [fullKey("systemRoleName")]: keys.attachToRoleName, [fullKey("systemUserName")]: keys.attachToUserName });
    return { ...keys };
}

/**
 * A private plane creates its launch role, trusted by the vendor, named after the plane, its
 * ExternalId kept per customer. The vendor is one principal or several, each listed in full: IAM
 * trust policies take no wildcards in Principal ("IAM JSON policy elements: Principal").
 */
function privateLaunch(keys: Record<string, any> = {}, vendor: unknown, customerId: string, namePrefix: string): DataPlaneConfig["launch"] {
    v.exclusive({ [fullKey("vendorPrincipalArn")]: vendor, [fullKey("vendorPrincipalArns")]: keys.trustedPrincipalArns });
    const trustedPrincipalArns = vendor === undefined ? keys.trustedPrincipalArns : [vendor as string];
    return { ...keys, trustedPrincipalArns, externalIdKeeper: customerId, roleName: `${namePrefix}-launch` };
}
