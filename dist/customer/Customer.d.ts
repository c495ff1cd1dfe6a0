// 0.0.61 deep-import path `@coherentx/coherent/dist/customer/Customer`: re-exports from the package root.
export type { Customer } from '../../index'
