/**
 * Every stack config key of the data-source project (`stacks/datasource/Pulumi.yaml`), in one
 * table: its type, default, which side uses it and what it means. The project's `config:` section
 * and the reader in `config.ts` follow this table (a test keeps them in step).
 */
import { ConfigType } from "../configValues";

export const PROJECT = "emr-datasource";

/** `owner`: the data owner's account (bucket, key, access point). `consumer`: the data plane's account (the grant). */
export type Side = "owner" | "consumer";

export interface DataSourceConfigKey {
    key: string;
    type: ConfigType;
    sides: Side[];
    default?: string | number | boolean;
    required?: "always" | Side;
    description: string;
}

const BOTH: Side[] = ["owner", "consumer"];

export const DATA_SOURCE_CONFIG_KEYS: DataSourceConfigKey[] = [
    { key: "side", type: "string", sides: BOTH, required: "always",
        description: "`owner` (the data owner's account: bucket, key, access point) or `consumer` (the data plane's account: the runtime role's grant)." },
    { key: "accountId", type: "string", sides: BOTH,
        description: "The 12-digit account this stack belongs to; the program refuses to run with credentials for another account. Unset: no check." },
    { key: "inputPrefix", type: "string", sides: BOTH, default: "input/",
        description: "Key prefix the consumer roles may read (the job's input), ending with `/`." },
    { key: "outputPrefix", type: "string", sides: BOTH, default: "output/",
        description: "Key prefix the consumer roles may write (the job's output), ending with `/`; must not overlap `inputPrefix`." },
    { key: "consumerRoleArns", type: "array", sides: ["owner"], required: "owner",
        description: "The data planes' job runtime role ARNs (`jobRuntimeRoleArn` of their `controlPlaneMessage`) that may use the access point; no wildcards. The roles must exist." },
    { key: "accessPointName", type: "string", sides: ["owner"], required: "owner",
        description: "Name of the access point: 3-50 lowercase letters, digits and hyphens, starting and ending with a letter or digit, not ending in `-s3alias`." },
    { key: "bucketName", type: "string", sides: ["owner"],
        description: "Name of the new data bucket. Unset: a generated name starting with `data-source-bucket-`." },
    { key: "noncurrentVersionRetentionDays", type: "integer", sides: ["owner"], default: 30,
        description: "Days after which overwritten or deleted object versions expire (1-3650)." },
    { key: "retainOnDestroy", type: "boolean", sides: ["owner"], default: true,
        description: "Keep the bucket, its key and its hardening in AWS on `pulumi destroy` (the access point is always deleted)." },
    { key: "runtimeRoleArn", type: "string", sides: ["consumer"], required: "consumer",
        description: "The data plane's job runtime role (`jobRuntimeRoleArn`), in this stack's account, that gets the grant." },
    { key: "accessPointArn", type: "string", sides: ["consumer"], required: "consumer",
        description: "The owner's access point ARN (the owner stack's `dataSource.accessPointArn`)." },
    { key: "kmsKeyArn", type: "string", sides: ["consumer"], required: "consumer",
        description: "The owner's bucket key ARN (the owner stack's `dataSource.kmsKeyArn`)." },
];

/** `emr-datasource:<key>`, the way the key is set and reported. */
export function dataSourceKey(key: string): string {
    return `${PROJECT}:${key}`;
}
