// 0.0.61 deep-import path `@coherentx/coherent/dist/transaction/TransactionAPI`: re-exports from the package root.
export { TransactionAPI } from '../../index'
export type { CreateTransactionRequest, CreateRefundRequest } from '../../index'
