/**
 * Reads and validates the data-source stack config (see `configSchema.ts`) into the arguments of
 * `CrossAccountDataSource` (owner side) or `AccessPointGrant` (consumer side). Pure: every bad value
 * is reported, naming its config key, before the program registers anything.
 */
import { CrossAccountDataSourceArgs, validateAccessPointGrantArgs, validateCrossAccountDataSourceArgs } from "../../components";
import * as v from "../../components/validation";
import { parseConfigValue, rejectUnknownKeys } from "../configValues";
import { DATA_SOURCE_CONFIG_KEYS, PROJECT, Side, dataSourceKey } from "./configSchema";

export interface ConsumerGrantConfig {
    runtimeRoleArn: string;
    /** The runtime role's account: the grant can only be deployed there. */
    runtimeRoleAccountId: string;
    roleName: string;
    accessPointArn: string;
    kmsKeyArn: string;
    inputPrefix: string;
    outputPrefix: string;
}

export type DataSourceConfig =
    | { side: "owner"; accountId?: string; owner: CrossAccountDataSourceArgs }
    | { side: "consumer"; accountId?: string; consumer: ConsumerGrantConfig };

/** Maps a component argument to its config key, for error messages. */
const key = (field: string) => dataSourceKey(field === "retainOnDelete" ? "retainOnDestroy" : field);

/** Reads the data-source config from a raw `namespace:key → string` map. Throws a ValidationError naming the key. */
export function readDataSourceConfig(raw: Record<string, string>): DataSourceConfig {
    rejectUnknownKeys(raw, PROJECT, DATA_SOURCE_CONFIG_KEYS.map((k) => k.key));
    const values: Record<string, unknown> = {};
    for (const spec of DATA_SOURCE_CONFIG_KEYS) {
        const text = raw[dataSourceKey(spec.key)];
        if (text !== undefined) values[spec.key] = parseConfigValue(dataSourceKey(spec.key), spec.type, text);
    }
    const side = v.oneOf(dataSourceKey("side"), values.side, ["owner", "consumer"] as const satisfies readonly Side[]);
    for (const spec of DATA_SOURCE_CONFIG_KEYS) {
        const isSet = values[spec.key] !== undefined;
        if (isSet && !spec.sides.includes(side)) {
            throw new v.ValidationError(dataSourceKey(spec.key), `only applies to the ${spec.sides.join(" or ")} side, and side is "${side}"`);
        }
        if (!isSet && spec.required === side) {
            throw new v.ValidationError(dataSourceKey(spec.key), `is required on the ${side} side: ${spec.description}`);
        }
    }
    const get = <T>(k: string) => values[k] as T | undefined;
    const accountId = get("accountId") === undefined ? undefined : v.accountId(dataSourceKey("accountId"), get("accountId"));

    if (side === "owner") {
        const owner: CrossAccountDataSourceArgs = {
            consumerRoleArns: get<string[]>("consumerRoleArns")!,
            accessPointName: get<string>("accessPointName")!,
            bucketName: get("bucketName"),
            inputPrefix: get("inputPrefix"),
            outputPrefix: get("outputPrefix"),
            noncurrentVersionRetentionDays: get("noncurrentVersionRetentionDays"),
            retainOnDelete: get("retainOnDestroy"),
        };
        validateCrossAccountDataSourceArgs(owner, key);
        return { side, accountId, owner };
    }

    const runtimeRoleArn = v.roleArn(dataSourceKey("runtimeRoleArn"), get("runtimeRoleArn"));
    const runtimeRoleAccountId = runtimeRoleArn.split(":")[4];
    if (accountId !== undefined && runtimeRoleAccountId !== accountId) {
        throw new v.ValidationError(dataSourceKey("runtimeRoleArn"), `is in account ${runtimeRoleAccountId}, but this stack belongs to account ${accountId}: deploy the grant in the runtime role's account`);
    }
    const grant = validateAccessPointGrantArgs({
        accessPointArn: get("accessPointArn"), kmsKeyArn: get("kmsKeyArn"), inputPrefix: get("inputPrefix"), outputPrefix: get("outputPrefix"),
    }, key);
    return {
        side,
        accountId,
        consumer: {
            runtimeRoleArn,
            runtimeRoleAccountId,
            roleName: runtimeRoleArn.split("/").pop()!,
            accessPointArn: grant.accessPointArn,
            kmsKeyArn: grant.kmsKeyArn,
            inputPrefix: grant.inputPrefix,
            outputPrefix: grant.outputPrefix,
        },
    };
}
