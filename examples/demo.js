'use strict'
// `npm run demo`: a clinic's day through @coherentx/coherent, offline. Runs against the small
// in-process gateway of examples/mini-gateway.js; nothing leaves this machine.
const { Coherent, CoherentApiError, CoherentValidationError, PaymentMethod, TransactionStatus } = require('..')
const { startMiniGateway } = require('./mini-gateway')

const log = (step, detail = '') => console.log(`  ${step.padEnd(34)} ${detail}`)
const pounds = (pence) => `£${(pence / 100).toFixed(2)}`

async function main() {
  const gateway = await startMiniGateway()
  const coherent = new Coherent({ environment: 'LOCAL', baseUrl: gateway.url, token: 'api-test-0123456789abcdef0123456789abcdef' })
  console.log(`Coherent demo against an offline gateway at ${gateway.url}\n`)
  try {
    const link = await coherent.transactions.create({ amount: 12000, name: 'Ada Lovelace', note: 'Hygienist, 30 min', patientNote: 'Thank you!' })
    log('1. payment link created', `${pounds(link.amount)} ${link.status} ${link.paymentUrl}`)

    await fetch(`${gateway.url}/_demo/pay/${link.uuid}`, { method: 'POST' })
    const paid = await coherent.transactions.get(link.uuid)
    log('2. patient paid', `${paid.status} by ${PaymentMethod.format(paid.paymentMethod)} (${PaymentMethod.abbreviatePaymentMethod(paid.paymentMethod)}) ${paid.paymentMethodSummary}`)

    await coherent.transactions.refund({ transactionUuid: link.uuid, amount: 2000, reason: 'Loyalty discount' })
    const partly = await coherent.transactions.get(link.uuid)
    log('3. partial refund', `${pounds(partly.refunds[0].amount)} ${partly.refunds[0].status}; status still ${partly.status}`)

    const tooMuch = await coherent.transactions.refund({ transactionUuid: link.uuid, amount: 50000 }).catch((e) => e)
    log('4. over-refund refused by gateway', `${tooMuch instanceof CoherentApiError} ${tooMuch.response.status} "${tooMuch.response.data.message}"`)

    const bad = await coherent.transactions.refund({ transactionUuid: link.uuid, amount: 12.5 }).catch((e) => e)
    log('5. bad amount caught locally', `${bad instanceof CoherentValidationError} field=${bad.field} (no request sent)`)

    const [terminal] = await coherent.terminals.list()
    const atDesk = await coherent.transactions.create({ amount: 4500, name: 'Grace Hopper' })
    await coherent.terminals.setTransaction({ terminalId: terminal.id, transactionUuid: atDesk.uuid })
    log('6. sent to terminal', `${terminal.name} (${terminal.id}) shows ${pounds(atDesk.amount)}`)
    await coherent.terminals.clearTransaction({ terminalId: terminal.id })
    await coherent.transactions.updateStatus(atDesk.uuid, 'void')
    log('7. patient left: cleared and voided', (await coherent.transactions.get(atDesk.uuid)).status)

    const plan = await coherent.paymentPlans.create({ amount: 2500, name: 'Alan Turing', startDate: new Date('2027-01-01'), transactionReference: 'PLAN-0042', method: 'direct_debit' })
    log('8. monthly plan created', `${pounds(plan.amount)}/month ${plan.method} ${plan.status}`)
    await coherent.paymentPlans.setStatus(plan.uuid, 'paused')
    log('9. plan paused', (await coherent.paymentPlans.get(plan.uuid)).status)

    const missing = await coherent.transactions.get('no-such-transaction').catch((e) => e)
    log('10. unknown id', `${missing.response.status} ${missing.code}`)
    console.log(`\nDone: ${[TransactionStatus.Paid, TransactionStatus.Void].join(' and ')} transactions, a refund, a paused plan; 0 bytes left this machine.`)
  } finally {
    await gateway.close()
  }
}

main().catch((e) => {
  console.error('demo failed:', e)
  process.exit(1)
})
