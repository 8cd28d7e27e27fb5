/**
 * Nominal typing for plain values: a `TwinId` is a string, but not every string is a `TwinId`.
 * The brand exists only at compile time.
 */
declare const brand: unique symbol;
export type Brand<T, Name extends string> = T & { readonly [brand]: Name };
