import { featureDefiner } from '../../platform/feature';
import type { MindpauseTypes } from './types';

/** The one `defineFeature` of MindPause: its features name only its jobs and notification types. */
export const defineFeature = featureDefiner<MindpauseTypes>();
