// Deep imports of 0.0.61 from an ES module under verbatimModuleSyntax (tsconfig.verbatim.json),
// resolved through the "exports" map, with the `.js` suffix ESM needed in 0.0.61 and without.

import { PaymentPlanStatus } from '@coherentx/coherent/dist/payment-plan/PaymentPlan.js'
import type { PaymentPlan } from '@coherentx/coherent/dist/payment-plan/PaymentPlan'
import { CurrencyCode } from '@coherentx/coherent/dist/merchant/Merchant'
import type { OnboardingRequest } from '@coherentx/coherent/dist/onboarding/Onboarding.js'

declare const plan: PaymentPlan
const ended: boolean = plan.status === PaymentPlanStatus.Ended
const onboarding: OnboardingRequest = { name: 'Clinic', email: 'c@x', webhookUrl: 'https://w', currency: CurrencyCode.EUR }

void [ended, onboarding]
