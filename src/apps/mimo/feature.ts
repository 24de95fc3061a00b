import { featureDefiner } from '../../platform/feature';
import { appMessages } from '../../platform/http/i18n';
import type { MimoTypes } from './types';

/** How every MIMO feature is defined: it names only MIMO's jobs, notification types and socket events. */
export const defineFeature = featureDefiner<MimoTypes>();

/**
 * MIMO's messages (ko and en), in its own namespace over the platform's: each feature defines its
 * codes with `defineMessages` (its messages.ts), and MIMO's answers and sockets speak them; no other
 * app sees them. `translate` is for words MIMO writes outside an answer (a notification's text).
 */
export const { define: defineMessages, translate } = appMessages('mimo');
