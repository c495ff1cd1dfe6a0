// 0.0.61 deep-import path `@coherentx/coherent/dist/merchant/Merchant`: re-exports from the package root.
export { CurrencyCode } from '../../index'
