// The README's set-up, type-checked: the class is an `Instrumentation` for both
// registerInstrumentations and the NodeSDK, and the hooks get typed spans and infos.

import { registerInstrumentations, type Instrumentation } from '@opentelemetry/instrumentation'
import { NodeSDK } from '@opentelemetry/sdk-node'
import type { Span } from '@opentelemetry/api'
import { CoherentInstrumentation, CALL_CHANNEL, type CoherentInstrumentationConfig } from '@coherentx/coherent/opentelemetry'

const config: CoherentInstrumentationConfig = {
  requestHook: (span: Span, info) => span.setAttribute('clinic.operation', info.operation),
  responseHook: (span, info) => {
    if (info.status !== undefined) span.setAttribute('clinic.status', info.status)
    const attempts: number = info.attempts
    void attempts
  },
}
const instrumentation = new CoherentInstrumentation(config)
const asInterface: Instrumentation = instrumentation
registerInstrumentations({ instrumentations: [asInterface, new CoherentInstrumentation()] })
const sdk = new NodeSDK({ instrumentations: [new CoherentInstrumentation({ enabled: true })] })
sdk.start()
const channel: '@coherentx/coherent:call' = CALL_CHANNEL
void channel

// @ts-expect-error: hooks take (span, info)
new CoherentInstrumentation({ requestHook: 42 })
