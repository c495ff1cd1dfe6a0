// 0.0.61 deep-import path `@coherentx/coherent/dist/payment-plan/PaymentPlanAPI`: re-exports from the package root.
export { PaymentPlanAPI } from '../../index'
export type { ChargePaymentPlanRequest, ResumeAndChargeRequest, CreatePaymentPlanRequest } from '../../index'
