// 0.0.61 deep-import path `@coherentx/coherent/dist/onboarding/Onboarding`: re-exports from the package root.
export type { OnboardingRequest, OnboardingResponse } from '../../index'
