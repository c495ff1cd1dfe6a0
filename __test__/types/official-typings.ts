// Code written against the *official* 0.0.61 typings in strict mode must keep compiling
// against this package. Everything below the imports is valid against the official d.ts as
// well (there, PaymentPlanStatus & co. come from deep imports such as
// '@coherentx/coherent/dist/payment-plan/PaymentPlan', because the official root forgot to
// export them); only the import lines differ.
//
// Strict users of the official typings had to write `!` or `?.` on the six namespaces, which
// were declared optional; that still compiles now that they are not.

import {
  Coherent,
  CustomerAPI,
  Environment,
  LegalEntityType,
  PaymentMethod,
  RefundStatus,
  TransactionStatus,
  PaymentPlanStatus,
  PaymentPlanType,
  PaymentPlanMethod,
  CurrencyCode,
} from '../..'
import type {
  Config,
  CreateCustomerRequest,
  CreateWalletRequest,
  Customer,
  CustomerWallet,
  DebitWalletRequest,
  Refund,
  Terminal,
  Transaction,
  WalletCreated,
  Invoice,
  LineItem,
  PaymentPlan,
  CreatePaymentPlanRequest,
  ChargePaymentPlanRequest,
  ResumeAndChargeRequest,
  CreateTransactionRequest,
  CreateRefundRequest,
  RenameTerminalRequest,
  SetTerminalTransactionRequest,
  ClearTerminalTransactionRequest,
  OnboardingRequest,
  OnboardingResponse,
} from '../..'

// ---- body: identical under the official typings ------------------------------------------

const config: Config = {
  environment: Environment.Test,
  token: process.env.COHERENT_TOKEN!,
}
const coherent = new Coherent(config)
const production = new Coherent({ environment: Environment.Production, token: 'api-production-x' })
const local = new Coherent({ environment: Environment.Local, token: 'api-test-x' })

const env: Environment = Environment.Test
const envs: Environment[] = [Environment.Local, Environment.Test, Environment.Production]

function describeStatus(status: TransactionStatus): string {
  switch (status) {
    case TransactionStatus.Paid:
      return 'paid'
    case TransactionStatus.Refunded:
      return 'refunded'
    case TransactionStatus.Rejected:
      return 'rejected'
    case TransactionStatus.Unpaid:
      return 'unpaid'
    case TransactionStatus.Void:
      return 'void'
    default: {
      // Exhaustiveness: every member is handled.
      const never: never = status
      return never
    }
  }
}

function describeRefund(refund: Refund): string {
  if (refund.status === RefundStatus.Completed) return `refunded ${refund.amount}`
  if (refund.status === RefundStatus.Failed) return `failed: ${refund.reason ?? ''}`
  return 'started'
}

async function payments(): Promise<void> {
  const request: CreateTransactionRequest = {
    amount: 1000,
    name: 'John Smith',
    note: 'A test',
    email: 'support@coherenthealthcare.com',
    emailNotify: true,
    patientNote: 'Thanks',
    phone: '+44 7700 900000',
    smsNotify: false,
    location: { uuid: 'loc-1', name: 'Main clinic' },
    successUrl: 'https://example.com/ok',
    failureUrl: 'https://example.com/ko',
    customerUuid: 'cu-1',
    invoiceUuid: 'inv-1',
    isMoto: true,
    postcode: 'SW1A 1AA',
  }
  const created: Transaction = await coherent.transactions!.create(request)
  const fetched: Transaction | undefined = await coherent.transactions?.get(created.uuid)
  if (fetched && fetched.status === TransactionStatus.Paid) {
    const method: string = fetched.paymentMethod
    const label: string = PaymentMethod.format(method)
    const group: string = PaymentMethod.formatGroup(fetched.paymentMethod)
    const short: string = PaymentMethod.abbreviatePaymentMethod(fetched.paymentMethod)
    const paidAt: string = fetched.paymentPaidTime
    const summary: string = fetched.paymentMethodSummary + fetched.paymentMethodAuthCode
    const customer: Customer = fetched.customer
    const invoice: Invoice = fetched.invoice
    const lines: LineItem[] = invoice.lineItems
    const total = lines.reduce((sum, line) => sum + line.amount, 0)
    const reference: string | undefined = fetched.paymentPlan?.transactionReference
    const refunds: Refund[] = fetched.refunds
    console.log(label, group, short, paidAt, summary, customer.uuid, total, reference, refunds.map(describeRefund))
  }
  if (created.status !== TransactionStatus.Void) {
    await coherent.transactions!.updateStatus(created.uuid, 'void')
  }
  console.log(describeStatus(created.status))

  const refund: CreateRefundRequest = { transactionUuid: created.uuid, amount: 100, reason: 'Anything' }
  await coherent.transactions!.refund(refund)
  const nothing: void = await coherent.transactions!.refund({ transactionUuid: created.uuid, amount: 1 })
  console.log(nothing)
}

async function terminals(): Promise<void> {
  const list: Terminal[] = await coherent.terminals!.list()
  const active = list.filter((t) => t.active)
  const first: Terminal | undefined = active[0]
  const showing: Transaction | undefined = first?.transaction
  const rename: RenameTerminalRequest = { terminalId: first!.id, name: first?.name ?? 'Front desk' }
  const set: SetTerminalTransactionRequest = { terminalId: first!.id, transactionUuid: 'tx-1' }
  const clear: ClearTerminalTransactionRequest = { terminalId: first!.id }
  await coherent.terminals!.rename(rename)
  await coherent.terminals?.setTransaction(set)
  await coherent.terminals!.clearTransaction(clear)
  console.log(showing?.uuid)
}

async function plans(): Promise<void> {
  // The official typings declared `amount` a string; that still compiles.
  const request: CreatePaymentPlanRequest = {
    name: 'John Smith',
    amount: '1000',
    note: 'A test',
    startDate: new Date('2025-01-01'),
    endDate: new Date('2025-03-01'),
    email: 'support@coherenthealthcare.com',
    emailNotify: true,
    phone: '+44...',
    smsNotify: true,
    transactionReference: 'Invoice123456',
    type: PaymentPlanType.Recurring,
    method: PaymentPlanMethod.DirectDebit,
    customerUuid: 'cu-1',
    invoiceUuid: 'inv-1',
    chargeOnSubmission: false,
    successUrl: 'https://example.com/ok',
    failureUrl: 'https://example.com/ko',
  }
  const plan: PaymentPlan = await coherent.paymentPlans!.create(request)
  const again: PaymentPlan = await coherent.paymentPlans!.get(plan.uuid)
  const start: Date = again.startDate
  const end: Date = again.endDate
  const onDemand: boolean = again.type === PaymentPlanType.OnDemand
  const byCard: boolean = again.method === PaymentPlanMethod.Card
  console.log(start, end, onDemand, byCard)

  if (again.status === PaymentPlanStatus.Authorised) {
    await coherent.paymentPlans!.setStatus(plan.uuid, PaymentPlanStatus.Paused)
  } else if (again.status === PaymentPlanStatus.Paused) {
    await coherent.paymentPlans!.setStatus(plan.uuid, PaymentPlanStatus.Resumed)
  } else {
    await coherent.paymentPlans!.setStatus(plan.uuid, PaymentPlanStatus.Void)
  }
  const settable: PaymentPlanStatus.Paused | PaymentPlanStatus.Resumed | PaymentPlanStatus.Void =
    PaymentPlanStatus.Paused
  await coherent.paymentPlans!.setStatus(plan.uuid, settable)
  await coherent.paymentPlans!.notify(plan.uuid)

  const chargeRequest: ChargePaymentPlanRequest = {
    amount: 2000,
    reference: 'INVOICE-1234',
    invoiceUuid: 'inv-2',
    testScenario: 'declined',
  }
  await coherent.paymentPlans!.charge(plan.uuid, chargeRequest)
  await coherent.paymentPlans!.charge(plan.uuid)

  if (again.status === PaymentPlanStatus.InsufficientFunds) {
    const resume: ResumeAndChargeRequest = { testScenario: 'insufficient_funds' }
    const result: { transactionUuid?: string } = await coherent.paymentPlans!.resumeAndCharge(plan.uuid, resume)
    console.log(result.transactionUuid)
  }
}

async function customers(): Promise<void> {
  const create: CreateCustomerRequest = {
    providerReferenceId: 'P-1',
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada@example.com',
    mobile: '+44 7700 900000',
    active: true,
  }
  const customer: Customer = await coherent.customers!.create(create)
  const same: Customer = await coherent.customers!.get(customer.uuid)
  const created: Date = same.createdTime
  const updated: Date = same.updatedTime
  console.log(created, updated, same.shopperReference, same.providerReferenceId, same.active)

  const walletRequest: CreateWalletRequest = { name: 'Card on file', emailNotify: true, smsNotify: false }
  const wallet: WalletCreated = await coherent.customers!.createWallet(customer.uuid, walletRequest)
  console.log(wallet.uuid, wallet.amount, wallet.endToEndId, wallet.links?.['checkout'])
  const wallets: CustomerWallet[] = await coherent.customers!.listWallets(customer.uuid)
  const usable = wallets.find((w) => w.status === PaymentPlanStatus.Authorised)
  const debit: DebitWalletRequest = { amount: 500, walletUuid: usable?.uuid }
  const { transactionUuid } = await coherent.customers!.debitWallet(customer.uuid, debit)
  console.log(transactionUuid)

  // The official root exports CustomerAPI, which can be built on its own.
  const standalone = new CustomerAPI('https://service.test.coherenthealthcare.com', 'api-test-x')
  const other: Customer = await standalone.get('cu-2')
  console.log(other.email)
}

async function partner(): Promise<void> {
  const onboarding: OnboardingRequest = {
    name: 'Clinic',
    email: 'clinic@example.com',
    webhookUrl: 'https://example.com/webhook',
    currency: CurrencyCode.GBP,
    legalEntityType: LegalEntityType.LimitedCompany,
    legalEntityName: 'Clinic Ltd',
    storeCountry: 'GB',
  }
  const response: OnboardingResponse = await coherent.onboarding!.startOnboarding(onboarding)
  console.log(response.uuid, response.apiKey)

  const merchants = await coherent.merchants!.listMerchants()
  for (const merchant of merchants) {
    const accounts = await coherent.merchants!.listAccounts(merchant.uuid)
    const key: { uuid: string; apiKey: string } = await coherent.merchants!.createApiKeyForAccount(
      merchant.uuid,
      accounts[0].uuid,
    )
    const keys: Array<{ uuid: string; createdTime: string }> = await coherent.merchants!.listApiKeysForAccount(
      merchant.uuid,
      accounts[0].uuid,
    )
    const webhook: { uuid: string; webhookUrl: string | null } = await coherent.merchants!.getWebhookUrl(merchant.uuid)
    const updated: { uuid: string; webhookUrl: string } = await coherent.merchants!.updateWebhookUrl(
      merchant.uuid,
      'https://example.com/new',
    )
    const phone: string | undefined = merchant.phone
    const onboarded: boolean = merchant.onboarded
    const role: string = accounts[0].role
    console.log(key.apiKey, keys.length, webhook.webhookUrl, updated.webhookUrl, phone, onboarded, role)
  }
}

async function errors(): Promise<void> {
  try {
    await coherent.transactions!.get('missing')
  } catch (err: any) {
    // Code written for the official client reads axios error fields.
    const status: number | undefined = err.response?.status
    const data: unknown = err.response?.data
    if (err.isAxiosError && status === 404) console.log('not found', data, err.code, err.message)
  }
  try {
    await coherent.transactions!.get('missing')
  } catch (err) {
    const e = err as { response?: { status: number; data: unknown }; message: string }
    console.log(e.response?.status, e.response?.data, e.message)
  }
}

// Helpers typed with the official public types.
function isPaid(t: Transaction): boolean {
  return t.status === TransactionStatus.Paid
}
function totalRefunded(t: Transaction): number {
  return t.refunds.filter((r) => r.status === RefundStatus.Completed).reduce((n, r) => n + r.amount, 0)
}
const allStatuses: TransactionStatus[] = Object.values(TransactionStatus)
const key: keyof typeof LegalEntityType = 'SoleProprietorship'
const entity: LegalEntityType = LegalEntityType[key]

export const officialUsage = {
  production,
  local,
  env,
  envs,
  payments,
  terminals,
  plans,
  customers,
  partner,
  errors,
  isPaid,
  totalRefunded,
  allStatuses,
  entity,
}
