'use strict'
// PaymentMethod must match the official helper byte for byte: the spec's vectors plus a seeded
// random sweep over fragments that exercise every rule.
const test = require('node:test')
const assert = require('node:assert/strict')
const { PaymentMethod } = require('..')
const { PaymentMethod: Official } = require('coherent-official')

const FUNCTIONS = ['format', 'formatGroup', 'abbreviatePaymentMethod']

const VECTORS = [
  '', null, undefined, 0, false, NaN, 'MC_applepay', 'mc_applepay', 'mc_googlepay', 'mc', 'mc_gb',
  'mc_samsungpay', 'mc__applepay', 'mcx', 'mcdonalds_giftcard', 'mastercard', 'mastercard_applepay',
  'Mastercard_GooglePay', 'visa', 'VISA', 'Visa', 'visa_applepay', 'Visa_ApplePay', 'visa_APPLEPAY',
  'visa_googlepay', 'visa_applepay_extra', 'visa_', '_visa', '  visa', 'visa applepay', 'visa_constructor',
  'amex', 'amex_applepay', 'AMEX_googlepay', 'amex_gb', 'amexplorer', 'directdebit_GB', 'DIRECTDEBIT_GB',
  'directdebit_gb', 'DirectDebit_GB', 'directdebit', 'paybybank', 'PayByBank', 'paybybank_gb',
  'klarna_paynow', 'klarna', 'maestro', 'cartebancaire', 'jcb_applepay', 'applepay', 'googlepay_visa',
  'bcmc_mobile', 'ideal', 'sepadirectdebit', 'paypal', 'unionpay', 'twint', 'card', 'gb', 'GB', 'a_b_c',
  'über_karte', 'ALREADY Formatted', 'toString', 'constructor', '__proto__', 'ß_straße', 'İstanbul_ΣΑΣ',
  '😀_visa', 'visa_😀', 'Σ', 'ǅ_ǆ',
]

function run(fn, input) {
  try {
    return { value: fn(input) }
  } catch (e) {
    return { threw: e instanceof TypeError ? 'TypeError' : e.constructor.name }
  }
}

test('the spec vectors give byte-identical output', () => {
  for (const input of VECTORS) {
    for (const name of FUNCTIONS) {
      assert.deepEqual(run((m) => PaymentMethod[name](m), input), run((m) => Official[name](m), input), `${name}(${JSON.stringify(input)})`)
    }
  }
})

test('non-string truthy input throws TypeError, as the official helpers do', () => {
  for (const input of [123, true, {}, [], () => 1]) {
    for (const name of FUNCTIONS) {
      assert.throws(() => PaymentMethod[name](input), TypeError, `${name}(${String(input)})`)
    }
  }
})

test('a seeded random sweep agrees with the official helper', () => {
  const fragments = ['mc', 'MC', 'visa', 'Visa', 'amex', 'mastercard', 'applepay', 'GooglePay', 'directdebit', 'GB', 'gb',
    'paybybank', '_', '__', ' ', 'x', 'é', 'ß', 'Σ', '😀', 'constructor', 'proto', 'İ', '1']
  let seed = 20261125
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
  let compared = 0
  for (let i = 0; i < 3000; i++) {
    const n = 1 + Math.floor(next() * 4)
    let s = ''
    for (let j = 0; j < n; j++) s += fragments[Math.floor(next() * fragments.length)]
    for (const name of FUNCTIONS) {
      assert.equal(PaymentMethod[name](s), Official[name](s), `${name}(${JSON.stringify(s)})`)
      compared++
    }
  }
  assert.equal(compared, 9000)
})

test('abbreviatePaymentMethod also works detached (the official one throws)', () => {
  const detached = PaymentMethod.abbreviatePaymentMethod
  assert.equal(detached('klarna'), 'Other')
  assert.equal(detached('directdebit_GB'), 'DD')
  const officialDetached = Official.abbreviatePaymentMethod
  assert.throws(() => officialDetached('klarna'), TypeError)
})
