// A consumer of openapi.json: types generated from it by openapi-typescript (into ./generated,
// by `npm run test:openapi`), checked by TypeScript against request bodies written as the README
// writes them, and against the request and enum types this package exports.
import type { components, paths } from './generated/api'
import type * as ours from '../../../index'

type Schemas = components['schemas']
type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } }
}
  ? B
  : never
type Answer<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer A } } }
}
  ? A
  : never

/** The JSON a typed request becomes: JSON.stringify writes a Date as its ISO string. */
type Sent<T> = { [K in keyof T]: Exclude<T[K], Date> | (Date extends T[K] ? string : never) }
/**
 * The package types `testScenario` as any string (0.0.61's typing, sent as given); the document
 * lists the outcomes the sandbox can force, and the gateway refuses others: narrowed here.
 */
type Scenario<T> = Omit<T, 'testScenario'> & { testScenario?: Schemas['ChargePaymentPlanRequest']['testScenario'] }
/** Compiles only when B is assignable to A. */
type Accepts<A, B extends A> = B
/** Compiles only when A and B are the same type. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const same = <T extends true>(): T | undefined => undefined

// Every request type of this package, once sent as JSON, is a body the document accepts.
export type Requests = [
  Accepts<Schemas['CreateTransactionRequest'], Sent<ours.CreateTransactionRequest>>,
  Accepts<Schemas['CreateRefundRequest'], Sent<ours.CreateRefundRequest>>,
  Accepts<Schemas['RenameTerminalRequest'], Sent<ours.RenameTerminalRequest>>,
  Accepts<Schemas['SetTerminalTransactionRequest'], Sent<ours.SetTerminalTransactionRequest>>,
  Accepts<Schemas['CreatePaymentPlanRequest'], Sent<ours.CreatePaymentPlanRequest>>,
  Accepts<Schemas['ChargePaymentPlanRequest'], Sent<Scenario<ours.ChargePaymentPlanRequest>>>,
  Accepts<Schemas['ResumeAndChargeRequest'], Sent<Scenario<ours.ResumeAndChargeRequest>>>,
  Accepts<Schemas['OnboardingRequest'], Sent<ours.OnboardingRequest>>,
  Accepts<Schemas['CreateCustomerRequest'], Sent<ours.CreateCustomerRequest>>,
  Accepts<Schemas['CreateWalletRequest'], Sent<ours.CreateWalletRequest>>,
  Accepts<Schemas['DebitWalletRequest'], Sent<ours.DebitWalletRequest>>,
  // clearTransaction sends the body null.
  Accepts<Body<'/api/v1/terminal/{terminalId}/transaction', 'put'>, null>,
]

// The enums of the document are this package's enums.
same<Same<Schemas['Transaction']['status'], ours.TransactionStatus>>()
same<Same<Schemas['Refund']['status'], ours.RefundStatus>>()
same<Same<Schemas['PaymentPlan']['status'], ours.PaymentPlanStatus>>()
same<Same<Schemas['PaymentPlan']['type'], ours.PaymentPlanType>>()
same<Same<Schemas['PaymentPlan']['method'], ours.PaymentPlanMethod>>()
same<Same<NonNullable<Schemas['OnboardingRequest']['currency']>, ours.CurrencyCode>>()
same<Same<NonNullable<Schemas['OnboardingRequest']['legalEntityType']>, ours.LegalEntityType>>()

// Request bodies as the README writes them.
export const paymentLink: Body<'/api/v1/transaction', 'post'> = {
  amount: 1000,
  name: 'John Smith',
  email: 'john@example.com',
  emailNotify: true,
  note: 'Consultation',
  successUrl: 'https://clinic.example/paid',
  failureUrl: 'https://clinic.example/failed',
}
export const refund: Body<'/api/v1/transaction/{transactionUuid}/refund', 'post'> = { amount: 100, reason: 'Cancelled appointment' }
export const voiding: Body<'/api/v1/transaction/{transactionUuid}/status', 'put'> = { status: 'void' }
export const plan: Body<'/api/v1/payment/plan', 'post'> = {
  name: 'Jane Doe',
  amount: 5000,
  startDate: new Date(Date.UTC(2025, 0, 1)).toISOString(),
  type: 'recurring',
  method: 'card',
  transactionReference: 'PLAN-1001',
}
export const onDemand: Body<'/api/v1/payment/plan', 'post'> = { name: 'Jane Doe', amount: '2500', type: 'on_demand' }
export const charge: Body<'/api/v1/payment/plan/{uuid}/charge', 'post'> = { amount: 2000, testScenario: 'insufficient_funds' }
export const pause: Body<'/api/v1/payment/plan/{uuid}/status', 'put'> = { status: 'paused' }
export const wallet: Body<'/api/v1/customer/{uuid}/wallet', 'post'> = { name: 'Card on file', emailNotify: false, smsNotify: false }
export const webhook: Body<'/api/v1/merchant/{merchantUuid}/webhook', 'put'> = { webhookUrl: null }

// What the types refuse, as the gateway does.
// @ts-expect-error an amount is a number of minor units, not a price string
export const priced: Body<'/api/v1/transaction/{transactionUuid}/refund', 'post'> = { amount: '10.00' }
// @ts-expect-error only "void" can be set on a transaction
export const paid: Body<'/api/v1/transaction/{transactionUuid}/status', 'put'> = { status: 'paid' }
// @ts-expect-error a wallet request needs emailNotify and smsNotify
export const noFlags: Body<'/api/v1/customer/{uuid}/wallet', 'post'> = { name: 'Card' }
// @ts-expect-error a plan is "recurring" or "on_demand"
export const weekly: Body<'/api/v1/payment/plan', 'post'> = { name: 'J', amount: 1, type: 'weekly' }

// What a caller reads back.
export function linkOf(created: Answer<'/api/v1/transaction', 'post'>): string {
  return created.paymentUrl
}
export function refundsOf(tx: Answer<'/api/v1/transaction/{uuid}', 'get'>): number {
  return tx.refunds.reduce((sum, r) => sum + r.amount, 0)
}
export function chargedTransaction(answer: Answer<'/api/v1/customer/{uuid}/wallet/debit', 'post'>): string {
  return answer.transactionUuid
}
