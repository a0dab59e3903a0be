/**
 * The shapes of AWS names and ids the package checks, one definition each, used by input
 * validation (components/validation.ts), the control-plane message's schema (message/schema.ts)
 * and the policy pack. ARNs, accounts, partitions and regions: ./arn and ./partitions.
 */

/** S3 general-purpose bucket names: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit (S3 User Guide, "Bucket naming rules"; the rules a pattern cannot say are components/validation.ts's). */
export const BUCKET_NAME_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** IAM role, user and policy names: 1-64 of `[\w+=,.@-]`. */
export const IAM_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;

/** An STS ExternalId: 2-1224 of `[\w+=,.@:/-]`. */
export const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]{2,1224}$/;
/** One character an ExternalId may hold (to say where a secret value breaks the rule without showing it). */
export const EXTERNAL_ID_CHARACTER = /[\w+=,.@:/-]/;

/** EC2 ids: the prefix, then 8 or 17 hexadecimal digits. */
const ec2Id = (prefix: string) => new RegExp(`^${prefix}-[0-9a-f]{8}([0-9a-f]{9})?$`);
export const VPC_ID_PATTERN = ec2Id("vpc");
export const SUBNET_ID_PATTERN = ec2Id("subnet");
export const SECURITY_GROUP_ID_PATTERN = ec2Id("sg");
export const VPC_ENDPOINT_ID_PATTERN = ec2Id("vpce");

/** `text` as a regular-expression source matching it literally. */
export function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
export const ROUTE_TABLE_ID_PATTERN = ec2Id("rtb");
