// Typings of coherent.request (the escape hatch for endpoints not wrapped yet) and err.requestId.
// Every `@ts-expect-error` below must be needed: tsc fails on an unused one (TS2578).

import { Coherent, CoherentError, CoherentApiError } from '../..'
import type { RawRequestInit, CoherentErrorJSON } from '../..'

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
function assertType<T extends true>(): T | void {}

declare const coherent: Coherent

async function rawRequests() {
  const unknownByDefault = await coherent.request({ method: 'GET', path: '/api/v1/invoice' })
  assertType<Equals<typeof unknownByDefault, unknown>>()
  const typed = await coherent.request<{ uuid: string }>(
    { method: 'post', path: '/api/v1/invoice/{uuid}', params: { uuid: 'u', n: 1 }, query: { page: 2, open: true, q: 'x', skip: undefined }, body: { a: [1] } },
    { timeout: 5000, signal: AbortSignal.timeout(1000), maxNetworkRetries: 0 },
  )
  assertType<Equals<typeof typed, { uuid: string }>>()
  const init: RawRequestInit = { method: 'DELETE', path: '/x', body: null }
  await coherent.request(init)
  // @ts-expect-error HEAD is not one of the methods
  await coherent.request({ method: 'HEAD', path: '/x' })
  // @ts-expect-error path is required
  await coherent.request({ method: 'GET' })
  // @ts-expect-error query values are strings, numbers or booleans
  await coherent.request({ method: 'GET', path: '/x', query: { a: [1, 2] } })
  // @ts-expect-error query values are never null
  await coherent.request({ method: 'GET', path: '/x', query: { a: null } })
  // @ts-expect-error params are strings or numbers
  await coherent.request({ method: 'GET', path: '/x/{id}', params: { id: true } })
  // @ts-expect-error no other keys (headers cannot be set)
  await coherent.request({ method: 'GET', path: '/x', headers: {} })
}

function requestIds(err: unknown) {
  if (err instanceof CoherentError) {
    assertType<Equals<typeof err.requestId, string | undefined>>()
    const json: CoherentErrorJSON = err.toJSON()
    assertType<Equals<typeof json.requestId, string | undefined>>()
  }
  if (err instanceof CoherentApiError) {
    const quoted: string = err.requestId ?? 'none'
    return quoted
  }
  return undefined
}

export { rawRequests, requestIds }
