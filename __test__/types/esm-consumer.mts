// An ES module consumer under isolatedModules + verbatimModuleSyntax (+ exactOptionalPropertyTypes),
// importing the package by name: resolution goes through package.json "exports" ("types").
// Checked by tsconfig.verbatim.json.

import pkg, { Coherent, CoherentApiError, Environment, PaymentPlanStatus, TransactionStatus } from '@coherentx/coherent'
import type { CreatePaymentPlanRequest, CreateTransactionRequest, DebitWalletRequest, Transaction } from '@coherentx/coherent'
import type { PaymentPlanType } from '@coherentx/coherent'
import type { WebhookPayload } from '@coherentx/coherent'

// The default import is the CommonJS exports object, as index.mjs's default export is.
const viaDefault: typeof Coherent = pkg.Coherent
const coherent = new viaDefault({ environment: Environment.Test, token: 'api-test-x' })

declare const maybeEmail: string | undefined
declare const maybeWallet: string | undefined

// Optional request fields accept `undefined` explicitly, even under exactOptionalPropertyTypes.
const request: CreateTransactionRequest = { amount: 1000, name: 'John Smith', email: maybeEmail, emailNotify: maybeEmail !== undefined }
const debit: DebitWalletRequest = { amount: 500, walletUuid: maybeWallet }
const onDemand: PaymentPlanType = 'on_demand'
const plan: CreatePaymentPlanRequest = { name: 'John Smith', amount: 1000, type: onDemand, startDate: undefined }

try {
  const created: Transaction = await coherent.transactions.create(request)
  if (created.status === TransactionStatus.Unpaid) {
    await coherent.transactions.updateStatus(created.uuid, 'void')
  }
  const hold = await coherent.paymentPlans.create(plan)
  const status: PaymentPlanStatus.Paused = PaymentPlanStatus.Paused
  await coherent.paymentPlans.setStatus(hold.uuid, status)
  await coherent.customers.debitWallet('cu-1', debit)
  // A webhook handler: the payload names the transaction, the API says what happened to it.
  const payload: WebhookPayload = { type: 'transaction.status', uuid: created.uuid, status: 'paid' }
  const confirmed: Transaction = await coherent.webhooks.verify(payload)
  if (confirmed.status === TransactionStatus.Paid) console.log('paid', confirmed.uuid)
} catch (err) {
  if (err instanceof CoherentApiError && err.response.status === 404) console.log(err.response.data)
}

// @ts-expect-error a type-only import cannot be used as a value under verbatimModuleSyntax
console.log(Object.values({} as PaymentPlanType), PaymentPlanType)
