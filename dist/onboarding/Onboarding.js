'use strict'
// 0.0.61 deep-import path `@coherentx/coherent/dist/onboarding/Onboarding`: re-exports from the package root.
// Types only (see the .d.ts): 0.0.61 exports no runtime values here either.
