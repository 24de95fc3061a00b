import { featureDefiner } from '../../platform/feature';
import { appMessages } from '../../platform/http/i18n';
import type { FitmateTypes } from './types';

/** The one way a FitMate feature is defined: it names only FitMate's jobs and notification types. */
export const defineFeature = featureDefiner<FitmateTypes>();

/**
 * FitMate's messages (ko and en), in its own namespace over the platform's: each feature defines its
 * codes with `defineMessages` (its messages.ts), and FitMate's answers and sockets speak them; no other
 * app sees them. `translate` is for words FitMate writes outside an answer (a notification's text).
 */
export const { define: defineMessages, translate } = appMessages('fitmate');
