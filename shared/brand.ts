declare const brand: unique symbol;

/**
 * A string or number that has been through its validator. Only the parse
 * functions in shared/validate mint these; everything that reaches a command
 * line takes the branded type, so an unchecked value cannot get there.
 */
export type Brand<T, B extends string> = T & { readonly [brand]: B };
