// For TypeScript's node10 resolution ("moduleResolution": "node"), which ignores the package.json
// "exports" map: `@coherentx/coherent/opentelemetry` resolves to this file there.
export * from './lib/opentelemetry'
