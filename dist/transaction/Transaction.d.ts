// 0.0.61 deep-import path `@coherentx/coherent/dist/transaction/Transaction`: re-exports from the package root.
export { TransactionStatus, RefundStatus } from '../../index'
export type { Transaction, Refund } from '../../index'
