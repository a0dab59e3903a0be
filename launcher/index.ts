/** The launcher: start a job in a data plane from its control-plane message (see launch.ts). */
export { launch, waitForJobRun } from "./launch";
export { DEFAULT_APPLICATION_NAME, DEFAULT_RELEASE_LABEL, LAUNCH_NAMES, LAUNCH_RANGES, validateLaunchOptions } from "./options";
export type { LaunchOptions, LaunchResult, ProgressEvent } from "./options";
export { readMessageFile, checkMessage, locateMessage, MessageFileError } from "./messageFile";
export { AwsCallError, awsCall, clientConfig } from "./aws";
export type { AwsSettings, AwsCredentialIdentity } from "./aws";
export { SMOKE_ENTRY_POINT, SMOKE_JOB } from "./smokeJob";
export type { EntryPoint } from "./smokeJob";
