import { featureDefiner } from '../../platform/feature';
import type { MimoTypes } from './types';

/** How every MIMO feature is defined: it names only MIMO's jobs, notification types and socket events. */
export const defineFeature = featureDefiner<MimoTypes>();
