// 0.0.61 deep-import path `@coherentx/coherent/dist/customer/CustomerAPI`: re-exports from the package root.
export { CustomerAPI } from '../../index'
export type { CreateCustomerRequest, CreateWalletRequest, DebitWalletRequest, CustomerWallet, WalletCreated } from '../../index'
