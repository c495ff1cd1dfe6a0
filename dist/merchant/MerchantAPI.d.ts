// 0.0.61 deep-import path `@coherentx/coherent/dist/merchant/MerchantAPI`: re-exports from the package root.
export { MerchantAPI } from '../../index'
