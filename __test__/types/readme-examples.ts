// The code examples of the official README (@coherentx/coherent 0.0.61), type-checked against
// this package. The example code is unchanged except for:
// - the import path (the README says "coherent"; here the package root, '../..'),
// - each example is wrapped in an async function, because the README reuses the names
//   `transaction` and `plan` from one snippet to the next and awaits at the top level,
// - PaymentPlanStatus is imported (the README uses it without an import).
// `process.env.COHERENT_TOKEN` is declared as a string below, as strict TypeScript projects do
// for required environment variables, so `token: process.env.COHERENT_TOKEN` type-checks.

import { Coherent, PaymentPlanStatus } from '../..'

declare global {
  namespace NodeJS {
    interface ProcessEnv {
      COHERENT_TOKEN: string
    }
  }
}

// ## Usage

const coherent = new Coherent({
    environment: "TEST", // or "PRODUCTION"
    token: process.env.COHERENT_TOKEN
})

// ### Payments / Create a Transaction (aka Payment)

async function createTransaction() {
    const transaction = await coherent.transactions.create({
        amount: 1000, // The amount in the smallest regular unit, e.g. pennies (£10 = 1000)
        name: `John Smith`, // The name of the patient,
        note: "A test", //optional, what this transaction involves
        email: "support@coherenthealthcare.com", //optional
        emailNotify: true, //optional, `email` receives payment request notification
        patientNote: "Thanks for your payment", //optional, a note visible to the patient during payment
        phone: "+44...", //optional
        smsNotify: true, //optional, `phone` receives SMS payment request notification
        successUrl: "https://example.com/success", //optional, where to redirect to after successful payment
        failureUrl: "https://example.com/failure", //optional, where to redirect to after rejected payment
    })

    console.log(transaction.uuid)
    console.log(transaction.status)
    console.log(transaction.paymentUrl)
    return transaction
}

// Get a payment
async function getTransaction(transaction: { uuid: string }) {
    const fetched = await coherent.transactions.get(
        transaction.uuid
    )
    return fetched
}

// Void a payment
async function voidTransaction(transaction: { uuid: string }) {
    await coherent.transactions.updateStatus(
        transaction.uuid,
        'void'
    )
}

// #### Refunds

async function refund(transaction: { uuid: string }) {
    await coherent.transactions.refund({
        transactionUuid: transaction.uuid,
        amount: 100,
        reason: 'Anything'
    })
}

// #### Terminals

async function terminals() {
    // List terminals
    await coherent.terminals.list()

    // Name the terminal
    await coherent.terminals.rename({
        terminalId: '<TYPE>-123455678',
        name: 'The Trusty Terminal'
    })

    // Send for payment
    await coherent.terminals.setTransaction({
        terminalId: '<TYPE>-123455678',
        transactionUuid: 'abcd-1234'
    })

    // Clear the terminal
    await coherent.terminals.clearTransaction({
        terminalId: '<TYPE>-123455678'
    })
}

// ### Recurring Payments and Holds (aka Payment Plans)

async function createPlan() {
    const plan = await coherent.paymentPlans.create({
        amount: 1000, // The amount in the smallest regular unit, e.g. pennies (£10 = 1000)
        name: `John Smith`, // The name of the patient,
        note: "A test", //optional, what this transaction involves
        startDate: new Date("2025-01-01"), //required except if creating an on_demand plan
        endDate: new Date("2025-03-01"), //optional, the date of the last payment occurrence
        transactionReference: "Invoice123456", //optional, but recommended, and unique per clinic. Transactions relating to this payment plan will have this set
        email: "support@coherenthealthcare.com", //optional
        emailNotify: true, //optional, defaults to true if email is provided
        phone: "+44...", //optional
        smsNotify: true, //optional, defaults to true if phone is provided
        type: "recurring", //optional, defaults to recurring, can be on_demand
        method: "direct_debit", //optional, defaults to direct_debit, can be card
        successUrl: "https://app.coherenthealthcare.com/receipt?token=example", //optional, where the user is sent after successful payment. NOTE: only supported for type = card
    })

    console.log(plan.uuid)
    console.log(plan.status)
    console.log(plan.paymentUrl)
    return plan
}

// Get a payment plan
async function getPlan(plan: { uuid: string }) {
    const fetched = await coherent.paymentPlans.get(
        plan.uuid
    )
    return fetched
}

// Pause or cancel a payment plan
async function setPlanStatus(plan: { uuid: string }) {
    await coherent.paymentPlans.setStatus(
        plan.uuid,
        PaymentPlanStatus.Void
        // OR PaymentPlanStatus.Paused
        // OR PaymentPlanStatus.Resumed
    )
    await coherent.paymentPlans.setStatus(plan.uuid, PaymentPlanStatus.Paused)
    await coherent.paymentPlans.setStatus(plan.uuid, PaymentPlanStatus.Resumed)
}

// Resend a notification
async function notify(plan: { uuid: string }) {
    await coherent.paymentPlans.notify(
        plan.uuid
    )
}

// Charge an on-demand payment plan
async function charge(plan: { uuid: string }) {
    await coherent.paymentPlans.charge(
        plan.uuid,
        { amount: 2000, reference: "INVOICE-1234" } // optional
    )
}

// Recover a Direct Debit plan that failed collection for insufficient funds
// (`PaymentPlanStatus.InsufficientFunds`)
async function resumeAndCharge(plan: { uuid: string; status: string }) {
    if (plan.status !== PaymentPlanStatus.InsufficientFunds) return
    const { transactionUuid } = await coherent.paymentPlans.resumeAndCharge(
        plan.uuid
    )
    return transactionUuid
}

// #### Link Payment Plan to Transactions

async function linkPlanToTransactions(transactionUuid: string) {
    const transaction = await coherent.transactions.get(transactionUuid)
    return transaction.paymentPlan?.transactionReference
}

// ### Partner Merchant Management

async function merchants() {
    // List all merchants belonging to this partner
    const merchants = await coherent.merchants.listMerchants()
    // Returns: [{ uuid, name, email, phone?, onboarded }]
    const { uuid, name, email, phone, onboarded } = merchants[0]
    console.log(uuid, name, email, phone, onboarded)

    // #### API Key Management

    // Create a new API key for a merchant
    const result = await coherent.merchants.createApiKey('merchant-uuid')
    console.log(result.apiKey) // Store this securely — it cannot be retrieved again

    // List existing API keys for a merchant
    const keys = await coherent.merchants.listApiKeys('merchant-uuid')
    // Returns: [{ uuid, createdTime }]
    console.log(keys[0].uuid, keys[0].createdTime)

    // #### Webhook URL Management

    // Get the current webhook URL for a merchant
    const webhook = await coherent.merchants.getWebhookUrl('merchant-uuid')
    console.log(webhook.webhookUrl) // null if not set

    // Update a merchant's webhook URL
    await coherent.merchants.updateWebhookUrl('merchant-uuid', 'https://example.com/webhook')
}

export const examples = {
    createTransaction,
    getTransaction,
    voidTransaction,
    refund,
    terminals,
    createPlan,
    getPlan,
    setPlanStatus,
    notify,
    charge,
    resumeAndCharge,
    linkPlanToTransactions,
    merchants,
}
