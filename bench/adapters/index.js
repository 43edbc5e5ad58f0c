// The SDKs the bench compares, in table order: the first is measured against the second (every
// ratio is first / second). The first keeps the shopper's profile; the second judges its facts.
import * as vitrine from './vitrine.js';
import * as growthbook from './growthbook.js';

export const sdks = [vitrine, growthbook];
