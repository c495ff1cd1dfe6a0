// 0.0.61 deep-import path `@coherentx/coherent/dist/merchant/LegalEntityType`: re-exports from the package root.
export { LegalEntityType } from '../../index'
