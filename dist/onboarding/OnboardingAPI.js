'use strict'
// 0.0.61 deep-import path `@coherentx/coherent/dist/onboarding/OnboardingAPI`: re-exports from the package root.
const root = require('../../index.js')
exports.OnboardingAPI = root.OnboardingAPI
