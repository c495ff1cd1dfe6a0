// 0.0.61 deep-import path `@coherentx/coherent/dist/types/PaymentMethod`: re-exports from the package root.
export { PaymentMethod } from '../../index'
