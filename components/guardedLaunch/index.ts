/** The guarded launcher's pure parts: the Parameter Store catalog and the state machine definition. */
export * from "./catalog";
export * from "./definition";
