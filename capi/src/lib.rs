//! ember-capi (skeleton).
