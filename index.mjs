// ESM entry: the CommonJS entry's named exports (Node detects its `exports.X = ...` lines), so
// `import { Coherent } from '@coherentx/coherent'` and `require` share the same objects.
export * from './index.js'
export { default } from './index.js'
