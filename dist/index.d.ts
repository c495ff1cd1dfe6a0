// 0.0.61 deep-import path `@coherentx/coherent/dist/index`: re-exports from the package root.
export * from '../index'
