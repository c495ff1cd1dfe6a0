// 0.0.61 deep-import path `@coherentx/coherent/dist/payment-plan/PaymentPlan`: re-exports from the package root.
export { PaymentPlanStatus, PaymentPlanType, PaymentPlanMethod } from '../../index'
export type { PaymentPlan } from '../../index'
