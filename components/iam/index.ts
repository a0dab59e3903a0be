export * from "../../vocabulary/arn";
export * from "./document";
export * from "./s3Access";
export * from "./runtimeRole";
export * from "./launchRole";
export * from "./bucket";
export * from "./accessPoints";
export * from "./guardedLaunch";
