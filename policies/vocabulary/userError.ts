// Generated from vocabulary/userError.ts by `npm run docs` (the one source of the user-error base class), so that the
// pack folder loads on its own. Edit the original; test/policies/shipping.spec.ts fails while the two differ.
/**
 * The one way to fail for the user: every error that means "the input is wrong" (a stack config
 * key, a file, a command-line option, a message) extends {@link UserError}, whichever layer throws
 * it, so the command line catches one type (exit 2, one line) and everything else is a bug (exit 3).
 *
 * It also counts as a Pulumi `RunError` (the SDK recognises one by its `__pulumiRunError` member,
 * `RunError.isInstance`), so the Pulumi CLI prints the message without a stack trace. Imports
 * nothing: every floor of the package, the policy pack included, may extend it.
 */

/** Marks user errors across copies of this module (a program and the command line may load two). */
const USER_ERROR = Symbol.for("emr-serverless-dataplane.UserError");

export class UserError extends Error {
    /** Read by `pulumi.RunError.isInstance`: the Pulumi CLI then prints only the message. */
    public readonly __pulumiRunError = true;
    public readonly [USER_ERROR] = true;
    constructor(message: string) {
        super(message);
        this.name = new.target.name;
    }
}

/** True for a {@link UserError} of any copy of this module. */
export function isUserError(err: unknown): err is UserError {
    return err instanceof Error && (err as unknown as Record<symbol, unknown>)[USER_ERROR] === true;
}
