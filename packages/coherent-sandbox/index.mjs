// ESM entry: the CommonJS entry's named exports, so `import { Sandbox } from
// '@coherentx/coherent-sandbox'` and `require` share the same class.
export * from './index.js'
export { default } from './index.js'
