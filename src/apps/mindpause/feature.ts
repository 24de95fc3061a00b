import { featureDefiner } from '../../platform/feature';
import { appMessages } from '../../platform/http/i18n';
import type { MindpauseTypes } from './types';

/** The one `defineFeature` of MindPause: its features name only its jobs and notification types. */
export const defineFeature = featureDefiner<MindpauseTypes>();

/**
 * MindPause's messages (ko and en), in its own namespace over the platform's: each feature defines its
 * codes with `defineMessages` (its messages.ts), and MindPause's answers and sockets speak them; no other
 * app sees them. `translate` is for words MindPause writes outside an answer (a notification's text).
 */
export const { define: defineMessages, translate } = appMessages('mindpause');
