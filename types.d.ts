/*
 * Public types of @coherentx/coherent that napi-rs cannot generate. `native.d.ts` (generated from
 * the Rust sources) declares the classes, the request types and the option sets (`Config`,
 * `CallOptions`), and imports the rest from this file; `index.d.ts` re-exports both. The rest, by
 * what it holds:
 *
 * - `lib/enums.d.ts`: the enums, each a frozen object of string constants, a union type and a
 *   namespace, as 0.0.61 declares them (generated from `crates/schema/src/enums.rs` by
 *   `npm run build:js-tables`, like their objects in `lib/enums.js`);
 * - `lib/events.d.ts`: the hook events and the tracing contexts;
 * - `lib/models.d.ts`: the result models (0.0.61's shapes);
 * - `lib/errors.d.ts`: the error classes (generated from the JSDoc of `lib/errors.js`), and
 *   `lib/error-codes.d.ts` the types of their codes (generated from
 *   `crates/schema/src/error_codes.rs`); `index.d.ts` exports them.
 *
 * Conventions: amounts are integers in minor units (£10.00 is `1000`); wherever an enum type is
 * expected, the enum member (`TransactionStatus.Paid`) and its string value (`'paid'`) are both
 * accepted; results are the JSON the server sent (see `lib/models.d.ts`).
 */

export * from './lib/enums'
export * from './lib/events'
export * from './lib/models'
