import { featureDefiner } from '../../platform/feature';
import type { FitmateTypes } from './types';

/** The one way a FitMate feature is defined: it names only FitMate's jobs and notification types. */
export const defineFeature = featureDefiner<FitmateTypes>();
