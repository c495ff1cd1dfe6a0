// Deep imports of 0.0.61 (`@coherentx/coherent/dist/...`), type-checked through the package name,
// so through the "exports" map's "types" condition, with and without the `.js` suffix.

import { PaymentPlanStatus, PaymentPlanType, PaymentPlanMethod } from '@coherentx/coherent/dist/payment-plan/PaymentPlan'
import type { PaymentPlan } from '@coherentx/coherent/dist/payment-plan/PaymentPlan.js'
import { CurrencyCode } from '@coherentx/coherent/dist/merchant/Merchant'
import { LegalEntityType } from '@coherentx/coherent/dist/merchant/LegalEntityType'
import { Coherent, Environment } from '@coherentx/coherent/dist/Coherent'
import type { Config } from '@coherentx/coherent/dist/Coherent'
import { TransactionStatus, RefundStatus } from '@coherentx/coherent/dist/transaction/Transaction'
import type { Transaction, Refund } from '@coherentx/coherent/dist/transaction/Transaction'
import type { CreateTransactionRequest, CreateRefundRequest } from '@coherentx/coherent/dist/transaction/TransactionAPI'
import { TransactionAPI } from '@coherentx/coherent/dist/transaction/TransactionAPI'
import type { Customer } from '@coherentx/coherent/dist/customer/Customer'
import type { Invoice, LineItem } from '@coherentx/coherent/dist/customer/Invoice'
import { CustomerAPI } from '@coherentx/coherent/dist/customer/CustomerAPI'
import type { CustomerWallet, CreateWalletRequest } from '@coherentx/coherent/dist/customer/CustomerAPI'
import type { OnboardingRequest, OnboardingResponse } from '@coherentx/coherent/dist/onboarding/Onboarding'
import { OnboardingAPI } from '@coherentx/coherent/dist/onboarding/OnboardingAPI'
import { PaymentPlanAPI } from '@coherentx/coherent/dist/payment-plan/PaymentPlanAPI'
import type { CreatePaymentPlanRequest, ChargePaymentPlanRequest } from '@coherentx/coherent/dist/payment-plan/PaymentPlanAPI'
import type { Terminal } from '@coherentx/coherent/dist/terminal/Terminal'
import { TerminalAPI } from '@coherentx/coherent/dist/terminal/TerminalAPI'
import type { RenameTerminalRequest } from '@coherentx/coherent/dist/terminal/TerminalAPI'
import { MerchantAPI } from '@coherentx/coherent/dist/merchant/MerchantAPI'
import { PaymentMethod } from '@coherentx/coherent/dist/types/PaymentMethod'
import * as root from '@coherentx/coherent/dist'
import * as rootIndex from '@coherentx/coherent/dist/index.js'

// Enum members are usable as values and as types, as with 0.0.61's TypeScript enums.
const paused: PaymentPlanStatus.Paused = PaymentPlanStatus.Paused
const status: PaymentPlanStatus = paused
const currency: CurrencyCode = CurrencyCode.GBP
const plan = {} as PaymentPlan
const planType: PaymentPlanType = plan.type
const planMethod: PaymentPlanMethod = PaymentPlanMethod.DirectDebit
const entity: LegalEntityType = LegalEntityType.LimitedCompany
const config: Config = { environment: Environment.Test, token: 't' }
const txStatus: TransactionStatus = TransactionStatus.Paid
const refundStatus: RefundStatus = RefundStatus.Completed

// @ts-expect-error: not a PaymentPlanStatus
const wrong: PaymentPlanStatus = 'paused-ish'

async function useDeepImports(coherent: Coherent, customers: CustomerAPI): Promise<void> {
  const tx: Transaction = await coherent.transactions.get('uuid')
  const refunds: Refund[] = tx.refunds
  const request: CreateTransactionRequest = { amount: 1000, name: 'John Smith' }
  const refund: CreateRefundRequest = { transactionUuid: tx.uuid, amount: 100 }
  const customer: Customer = await customers.get('uuid')
  const invoice: Invoice = { uuid: 'i', lineItems: [] }
  const item: LineItem = { description: 'x', amount: 1 }
  const wallets: CustomerWallet[] = await customers.listWallets(customer.uuid)
  const wallet: CreateWalletRequest = { name: 'w', emailNotify: true, smsNotify: false }
  const onboarding: OnboardingRequest = { name: 'Clinic', email: 'c@x', webhookUrl: 'https://w', currency }
  const onboarded: OnboardingResponse = await coherent.onboarding.startOnboarding(onboarding)
  const planRequest: CreatePaymentPlanRequest = { name: 'n', amount: '1000', type: planType, method: planMethod }
  const charge: ChargePaymentPlanRequest = { amount: 2000 }
  const terminals: Terminal[] = await coherent.terminals.list()
  const rename: RenameTerminalRequest = { terminalId: 't', name: 'n' }
  await coherent.paymentPlans.setStatus('uuid', PaymentPlanStatus.Paused)
  void [refunds, request, refund, invoice, item, wallets, wallet, onboarded, planRequest, charge, terminals, rename]
}

const apis = [TransactionAPI, TerminalAPI, PaymentPlanAPI, MerchantAPI, OnboardingAPI, CustomerAPI] as const
const label: string = PaymentMethod.format('mc_applepay')
const sameRoot: typeof root.Coherent = rootIndex.Coherent

void [status, entity, config, txStatus, refundStatus, wrong, useDeepImports, apis, label, sameRoot]
