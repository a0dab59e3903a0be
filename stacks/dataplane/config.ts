/**
 * Reads and validates the data-plane stack config (see `configSchema.ts`) into the arguments of
 * the four components. Pure: it takes the raw config map (`pulumi.runtime.allConfig()`), so every
 * bad value is reported — naming its config key — before the program registers anything.
 */
import { LaunchRoleArgs, NetworkArgs, ResourceBucketArgs, RuntimeRoleArgs, validateLaunchRoleArgs, validateNetworkArgs, validateResourceBucketArgs, validateRuntimeRoleArgs } from "../../components";
import * as v from "../../components/validation";
import { parseConfigValue, rejectUnknownKeys } from "../configValues";
import { CONFIG_KEYS, PROJECT, PlaneKind, REPLACED_KEYS, fullKey } from "./configSchema";

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
    runtimeRole: Omit<RuntimeRoleArgs, "bucketName" | "bucketKmsKeyArn">;
    network: Omit<NetworkArgs, "existing"> & { adopt?: AdoptedNetworkConfig };
    launch: Omit<LaunchRoleArgs, "runtimeRoleArn" | "bucketName" | "bucketKmsKeyArn" | "subnetIds" | "securityGroupIds">;
    tags: Record<string, string>;
}

/** Maps a component argument name to the config key that feeds it, for error messages. */
function keyMapper(map: Record<string, string>): (field: string) => string {
    return (field) => fullKey(map[field] ?? field);
}

export const BUCKET_KEYS = keyMapper({ manageAdoptedParts: "adoptedBucketManagedParts", kmsKey: "bucketKmsKey", retainOnDelete: "retainBucketOnDestroy" });
const NETWORK_KEYS = keyMapper({ egress: "securityGroupEgress", selfIngress: "securityGroupSelfIngress" });
const LAUNCH_KEYS = keyMapper({
    attachToRoleName: "systemRoleName", attachToUserName: "systemUserName", trustedPrincipalArns: "vendorPrincipalArn",
    externalIdKeeper: "customerId", assumablePrivatePlaneLaunchRoles: "privatePlaneLaunchRoles", roleName: "namePrefix",
});

/** Reads the data-plane config from a raw `namespace:key → string` map. Throws a ValidationError naming the key. */
export function readDataPlaneConfig(raw: Record<string, string>): DataPlaneConfig {
    for (const [old, why] of Object.entries(REPLACED_KEYS)) {
        if (raw[fullKey(old)] !== undefined) throw new v.ValidationError(fullKey(old), why.replace(/`(\w+)`/, (_, k: string) => `\`${fullKey(k)}\``));
    }
    rejectUnknownKeys(raw, PROJECT, CONFIG_KEYS.map((k) => k.key));
    const values: Record<string, unknown> = {};
    for (const spec of CONFIG_KEYS) {
        const text = raw[fullKey(spec.key)];
        if (text !== undefined) values[spec.key] = parseConfigValue(fullKey(spec.key), spec.type, text);
    }
    const planeKind = v.oneOf(fullKey("planeKind"), values.planeKind, ["shared", "private"] as const);
    for (const spec of CONFIG_KEYS) {
        const isSet = values[spec.key] !== undefined;
        if (isSet && !spec.planes.includes(planeKind)) {
            throw new v.ValidationError(fullKey(spec.key), `only applies to a ${spec.planes.join(" or ")} plane, and planeKind is "${planeKind}"`);
        }
        if (!isSet && (spec.required === planeKind)) {
            throw new v.ValidationError(fullKey(spec.key), `is required for a ${planeKind} plane: ${spec.description}`);
        }
    }
    const get = <T>(key: string): T | undefined => values[key] as T | undefined;
    const withDefault = <T>(key: string): T => (values[key] ?? CONFIG_KEYS.find((k) => k.key === key)!.default) as T;

    const namePrefix = v.namePrefix(fullKey("namePrefix"), withDefault<string>("namePrefix"));
    const accountId = get<string>("accountId") === undefined ? undefined : v.accountId(fullKey("accountId"), get("accountId"));
    const region = raw["aws:region"] === undefined ? undefined : v.region("aws:region", raw["aws:region"]);
    let customerId: string | undefined;
    if (planeKind === "private") {
        customerId = v.requireString(fullKey("customerId"), get("customerId"));
        if (!/^[a-z0-9][a-z0-9-]{0,23}$/.test(customerId)) {
            throw new v.ValidationError(fullKey("customerId"), `must be 1-24 lowercase letters, digits and hyphens, starting with a letter or digit, got ${JSON.stringify(customerId)}`);
        }
    }

    const bucket: ResourceBucketArgs = {
        bucketName: get("bucketName"),
        existingBucketName: get("existingBucketName"),
        manageAdoptedParts: get("adoptedBucketManagedParts"),
        kmsKey: get("bucketKmsKey"),
        logRetentionDays: get("logRetentionDays"),
        noncurrentVersionRetentionDays: get("noncurrentVersionRetentionDays"),
        retainOnDelete: get("retainBucketOnDestroy"),
    };
    validateResourceBucketArgs(bucket, BUCKET_KEYS);
    if (bucket.bucketName === undefined && bucket.existingBucketName === undefined) {
        bucket.bucketNamePrefix = `${namePrefix}-resources-`;
    }

    const runtimeRole = {
        roleName: `${namePrefix}-job-runtime`,
        readOnlyBuckets: get<string[]>("readOnlyBuckets"),
        assumableRoleArns: get<string[]>("assumableRoleArns"),
    };
    validateRuntimeRoleArgs(runtimeRole, keyMapper({ roleName: "namePrefix" }));

    const network: DataPlaneConfig["network"] = {
        vpcCidr: get("vpcCidr"),
        internetEgress: get("internetEgress"),
        egress: get("securityGroupEgress"),
        selfIngress: get("securityGroupSelfIngress"),
    };
    const vpcId = get<string>("vpcId");
    const subnetIds = get<string[]>("subnetIds");
    const s3EndpointId = get<string>("s3EndpointId");
    if (vpcId !== undefined || subnetIds !== undefined || s3EndpointId !== undefined) {
        if (vpcId === undefined) throw new v.ValidationError(fullKey("vpcId"), `is required to adopt an existing network (subnetIds${s3EndpointId ? " and s3EndpointId" : ""} given)`);
        if (subnetIds === undefined) throw new v.ValidationError(fullKey("subnetIds"), `is required to adopt the existing VPC ${vpcId}: list at least two private subnets in distinct AZs`);
        for (const key of ["vpcCidr", "internetEgress"] as const) {
            if (network[key] !== undefined) throw new v.ValidationError(fullKey(key), `only applies when creating a VPC; it conflicts with adopting ${fullKey("vpcId")} ${vpcId}`);
        }
        v.vpcId(fullKey("vpcId"), vpcId);
        v.stringList(fullKey("subnetIds"), subnetIds, v.subnetId, { min: 2 });
        if (s3EndpointId !== undefined) v.vpcEndpointId(fullKey("s3EndpointId"), s3EndpointId);
        network.adopt = { vpcId, subnetIds, s3EndpointId };
    }
    validateNetworkArgs(network, NETWORK_KEYS);

    let launch: DataPlaneConfig["launch"];
    if (planeKind === "shared") {
        v.exclusive({ [fullKey("systemRoleName")]: get("systemRoleName"), [fullKey("systemUserName")]: get("systemUserName") });
        launch = {
            attachToRoleName: get("systemRoleName"),
            attachToUserName: get("systemUserName"),
            assumablePrivatePlaneLaunchRoles: get("privatePlaneLaunchRoles"),
        };
    } else {
        // One principal (vendorPrincipalArn) or several (vendorPrincipalArns): IAM trust policies take
        // no wildcards in Principal ("IAM JSON policy elements: Principal"), so each is listed in full.
        const several = v.exclusive({ [fullKey("vendorPrincipalArn")]: get("vendorPrincipalArn"), [fullKey("vendorPrincipalArns")]: get("vendorPrincipalArns") }) === fullKey("vendorPrincipalArns");
        const vendorKey = fullKey(several ? "vendorPrincipalArns" : "vendorPrincipalArn");
        const vendors = several
            ? v.stringList(vendorKey, get("vendorPrincipalArns"), (f, x) => v.principalArn(f, x).arn, { min: 1 }).map((arn, i) => ({ field: `${vendorKey}[${i}]`, arn }))
            : [{ field: vendorKey, arn: v.principalArn(vendorKey, get("vendorPrincipalArn")).arn }];
        for (const vendor of vendors) {
            if (accountId !== undefined && vendor.arn.split(":")[4] === accountId) {
                throw new v.ValidationError(vendor.field, `is in the plane's own account ${accountId}; a private plane's launch role is assumed from the vendor's account`);
            }
        }
        launch = {
            trustedPrincipalArns: vendors.map((x) => x.arn),
            externalId: get("externalId"),
            externalIdKeeper: customerId,
            roleName: `${namePrefix}-launch`,
        };
    }
    validateLaunchRoleArgs(launch, (f) => (f === "trustedPrincipalArns" && get("vendorPrincipalArns") !== undefined ? fullKey("vendorPrincipalArns") : LAUNCH_KEYS(f)));

    const tags: Record<string, string> = { "emr-dataplane:plane": planeKind };
    if (customerId) tags["emr-dataplane:customer"] = customerId;
    return { planeKind, namePrefix, accountId, customerId, region, bucket, runtimeRole, network, launch, tags };
}
