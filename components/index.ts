/**
 * emr-serverless-dataplane components. Each is an `emr-dataplane:index:<Name>` ComponentResource
 * with an `<Name>Args` interface documenting its inputs and defaults.
 */
export * from "./resourceBucket";
export * from "./runtimeRole";
export * from "./launchRole";
export * from "./network";
export * from "./sparkApplication";
export { Architecture, capacityAmounts, poolAmounts } from "./applicationSettings";
export type { MaximumCapacity, PreInitializedCapacity, WorkerPool, CapacityAmounts } from "./applicationSettings";
export { DEFAULT_APPLICATION_CAPACITY, DEFAULT_LOG_RETENTION_DAYS, sparkApplicationSettings, validateSparkApplicationArgs } from "./sparkApplicationSettings";
export type { SparkApplicationSettings } from "./sparkApplicationSettings";
export * from "./guardedLaunch/launchProfile";
export * from "./guardedLaunch/launchConfiguration";
export * from "./guardedLaunch/guardedLauncher";
export * from "./jobSecret";
export * as guardedLaunch from "./guardedLaunch";
export * from "./bucketLayout";
export { ValidationError, isValidationError } from "./validation";
export { UserError, isUserError } from "../vocabulary/userError";
export * as iam from "./iam";
export * from "./accessPoints/crossAccountDataSource";
export * from "./accessPoints/accessPointGrant";
export { PlaneTenants, managedPolicyName, tenantDeliveries, validateTenants } from "./planeTenants";
export type { PlaneTenantsArgs, MessageTenant, TenantBucketFacts } from "./planeTenants";
export type { TenantSpec } from "./iam/tenant";
export type { ExecutionIamPolicy } from "../vocabulary/tenants";
