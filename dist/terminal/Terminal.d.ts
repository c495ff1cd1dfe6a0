// 0.0.61 deep-import path `@coherentx/coherent/dist/terminal/Terminal`: re-exports from the package root.
export type { Terminal } from '../../index'
