// 0.0.61 deep-import path `@coherentx/coherent/dist/Coherent`: re-exports from the package root.
export { Environment, Coherent } from '../index'
export type { Config } from '../index'
