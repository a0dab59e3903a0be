/**
 * emr-serverless-dataplane components. Each is an `emr-dataplane:index:<Name>` ComponentResource
 * with an `<Name>Args` interface documenting its inputs and defaults.
 */
export * from "./resourceBucket";
export * from "./runtimeRole";
export * from "./launchRole";
export * from "./network";
export * from "./launchProfile";
export * from "./launchConfiguration";
export * from "./guardedLauncher";
export * as guardedLaunch from "./guardedLaunch";
export * from "./bucketLayout";
export { ValidationError, isValidationError } from "./validation";
export * as iam from "./iam";
export * from "./crossAccountDataSource";
export * from "./accessPointGrant";
