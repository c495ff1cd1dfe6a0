// 0.0.61 deep-import path `@coherentx/coherent/dist/customer/Invoice`: re-exports from the package root.
export type { Invoice, LineItem } from '../../index'
