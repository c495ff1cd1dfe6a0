// 0.0.61 deep-import path `@coherentx/coherent/dist/onboarding/OnboardingAPI`: re-exports from the package root.
export { OnboardingAPI } from '../../index'
