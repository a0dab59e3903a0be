/** The guarded launcher's pure parts: the Parameter Store catalog, the state machine definition, the secrets Lambda's code. */
export * from "./catalog";
export * from "./definition";
export * from "./secretsLauncherCode";
